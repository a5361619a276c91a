import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  createAtlasClient,
  peerStatus,
  type Peer,
  type PeerRequest,
} from "../../src/index.js";
import { json, startRecordingServer } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets, rejectionOf } from "../helpers/secret-audit.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

interface DocsExamples {
  v2: {
    requests: Record<string, PeerRequest>;
    responses: Record<string, Record<string, unknown>>;
    errors: Array<{ error: number; detail: string; reason: string; errorCode: string }>;
  };
  v1: { request: { url: string; body: PeerRequest }; response: Record<string, unknown> };
}

const groupId = "5356823b3794dee37132bb7b";
const docsToken = "docs-example-token";
registerSecrets(docsToken);
const peerId = "95792d1a28f9c1c076958ef6";

// MongoDB's own examples of "Update One Network Peering Connection" (../shared/atlas-docs-examples):
// request bodies go out byte for byte, answers come back value for value, including the older
// answer with null fields and no providerName, and the error bodies map to AtlasApiError.
describe.runIf(sharedUpstreamAvailable())(
  "the documentation's examples go through the client unchanged",
  () => {
    const examples = JSON.parse(readFileSync(sharedUpstream.docsExamples, "utf8")) as DocsExamples;
    let next: { status: number; body: unknown } = { status: 200, body: {} };
    let server: Awaited<ReturnType<typeof startRecordingServer>>;
    beforeAll(async () => {
      server = await startRecordingServer((_request, response) => json(response, next.status, next.body));
    });
    afterAll(() => server.close());
    const client = () =>
      createAtlasClient({ baseUrl: server.url, auth: { type: "bearer", token: docsToken }, maxRetries: 0 });

    test.each(["AWS", "AZURE", "GCP"])("v2 %s: request and response", async (provider) => {
      next = { status: 200, body: examples.v2.responses[provider] };
      const request = examples.v2.requests[provider]!;
      const viaFetch = await client().PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
        params: { path: { groupId, peerId } },
        body: request,
      });
      const viaHelper = await client().peers.update(groupId, peerId, request);
      expect(viaFetch.data).toEqual(examples.v2.responses[provider]);
      expect(viaHelper).toEqual(examples.v2.responses[provider]);
      for (const sent of server.requests.slice(-2)) {
        expect(sent.body).toBe(JSON.stringify(request));
        expect(sent.headers.accept).toBe("application/vnd.atlas.2025-03-12+json");
      }
      expect(peerStatus(viaHelper)).toBe(provider === "AWS" ? "INITIATING" : "ADDING_PEER");
    });

    test("v1.0: the answer with null fields and no providerName", async () => {
      next = { status: 200, body: examples.v1.response };
      const peer: Peer = await client().peers.update(groupId, peerId, examples.v1.request.body);
      expect(peer).toEqual(examples.v1.response);
      expect(peerStatus(peer)).toBe("INITIATING");
      expect(server.requests.at(-1)!.body).toBe(JSON.stringify(examples.v1.request.body));
    });

    test.each(errorExamples())(
      "error %s maps to an AtlasApiError with its fields",
      async (_status, example) => {
        next = { status: example.error, body: example };
        const error = await rejectionOf(client().peers.update(groupId, peerId, examples.v2.requests.AWS!));
        expect(error).toBeInstanceOf(AtlasApiError);
        expect(error).toMatchObject({
          status: example.error,
          errorCode: example.errorCode,
          detail: example.detail,
          reason: example.reason,
        });
        const { error: returned } = await client().PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
          body: examples.v2.requests.AWS!,
        });
        expect(recordProduced(returned)).toEqual(error);
      },
    );

    function errorExamples(): Array<[number, DocsExamples["v2"]["errors"][number]]> {
      if (!sharedUpstreamAvailable()) return [];
      const { v2 } = JSON.parse(readFileSync(sharedUpstream.docsExamples, "utf8")) as DocsExamples;
      return v2.errors.map((example) => [example.error, example]);
    }
  },
);
