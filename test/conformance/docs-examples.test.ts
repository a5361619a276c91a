import { readFileSync } from "node:fs";
import { sample } from "openapi-sampler";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromRoot, pipelineFiles } from "../../scripts/spec/layout.js";
import {
  AtlasApiError,
  createAtlasClient,
  peerStatus,
  type ContainerRequest,
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

// The container operations have no worked example page like the one above; what MongoDB's API
// reference shows for them is rendered from the spec itself: sample bodies built from each schema's
// `example`, enum and type (openapi-sampler, which Redocly's renderer uses), and the error
// examples of each operation's documented responses. Those go through the client unchanged too.
describe("the reference's container examples go through the client unchanged", () => {
  const fragment = JSON.parse(readFileSync(fromRoot(pipelineFiles.fragmentJson), "utf8")) as FragmentDocument;
  const containerId = "32b6e34b3d91647abb20e7b8";
  const sampleOf = (schema: string, skipReadOnly: boolean) =>
    sample({ $ref: `#/components/schemas/${schema}` }, { skipReadOnly }, fragment as never) as Record<
      string,
      unknown
    >;
  let next: { status: number; body: unknown } = { status: 200, body: {} };
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer((_request, response) => json(response, next.status, next.body));
  });
  afterAll(() => server.close());
  const client = () =>
    createAtlasClient({ baseUrl: server.url, auth: { type: "bearer", token: docsToken }, maxRetries: 0 });

  test.each([
    ["AWS", "AWSCloudProviderContainer"],
    ["AZURE", "AzureCloudProviderContainer"],
    ["GCP", "GCPCloudProviderContainer"],
  ])(
    "%s: the request example goes out byte for byte; the answer example comes back value for value",
    async (provider, schema) => {
      const request = sampleOf(schema, true) as ContainerRequest;
      const answer = sampleOf(schema, false);
      expect(request.providerName).toBe(provider);
      expect(answer).toMatchObject({ id: containerId, providerName: provider });
      next = { status: 200, body: answer };
      expect(await client().containers.create(groupId, request)).toEqual(answer);
      expect(await client().containers.update(groupId, containerId, request)).toEqual(answer);
      expect(await client().containers.get(groupId, containerId)).toEqual(answer);
      for (const sent of server.requests.slice(-3, -1)) expect(sent.body).toBe(JSON.stringify(request));
      next = { status: 200, body: { results: [answer], totalCount: 1, links: [] } };
      const listed = [];
      for await (const container of client().containers.listAll(groupId)) listed.push(container);
      expect(listed).toEqual([answer]);
    },
  );

  test.each(containerErrorExamples(fragment))(
    "%s: the documented %s example maps to an AtlasApiError with its fields",
    async (_operation, _status, example) => {
      next = { status: example.error, body: example };
      const error = await rejectionOf(client().containers.get(groupId, containerId));
      expect(error).toBeInstanceOf(AtlasApiError);
      expect(error).toMatchObject({
        status: example.error,
        errorCode: example.errorCode,
        detail: example.detail,
        reason: example.reason,
      });
    },
  );
});

interface FragmentDocument {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { $ref?: string }> }>
  >;
  components: {
    responses: Record<string, { content: { "application/json": { example: ErrorExample } } }>;
  };
}
interface ErrorExample {
  error: number;
  detail: string;
  reason: string;
  errorCode: string;
}

/** Every documented error example of every container operation: [operationId, status, example]. */
function containerErrorExamples(fragment: FragmentDocument): Array<[string, string, ErrorExample]> {
  const rows: Array<[string, string, ErrorExample]> = [];
  for (const [path, item] of Object.entries(fragment.paths)) {
    if (!path.includes("/containers")) continue;
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status) || !response.$ref) continue;
        const name = response.$ref.split("/").pop()!;
        rows.push([
          operation.operationId,
          status,
          fragment.components.responses[name]!.content["application/json"].example,
        ]);
      }
    }
  }
  return rows;
}
