import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { AtlasApiError, createAtlasClient } from "../../src/index.js";
import { collectionPath, ids, itemPath, json, startRecordingServer } from "../helpers/atlas-fixtures.js";
import {
  forgetProducedAfter,
  leakedSecrets,
  producedCount,
  recordProduced,
  recordStored,
  registerSecrets,
  rejectionOf,
} from "../helpers/secret-audit.js";

const privateKey = "pk-7f3c9a1e-secret";
const clientSecret = "mdb_sa_sk_topsecret123";
const token = "bearer-token-0123456789";
registerSecrets(privateKey, clientSecret, token);

/**
 * A hostile server that echoes what it was sent, the Authorization header included, into its
 * error bodies; its token endpoint also echoes the client secret (which a token server knows).
 */
async function echoingServer() {
  return startRecordingServer((request, response) => {
    if (request.url === "/api/oauth/token") {
      return json(response, 401, {
        error: "invalid_client",
        error_description: `bad credentials: ${request.headers.authorization} ${clientSecret}`,
      });
    }
    if (!request.headers.authorization?.startsWith("Bearer") && !request.headers.authorization) {
      response.writeHead(401, { "www-authenticate": 'Digest realm="r", nonce="n0nce", qop="auth"' }).end();
      return;
    }
    json(response, 400, {
      error: 400,
      errorCode: "VALIDATION_ERROR",
      detail: `you sent ${request.headers.authorization}`,
      reason: `echo: ${request.headers.authorization}`,
      parameters: [{ echoed: request.headers.authorization }],
      badRequestDetail: {
        fields: [{ field: "authorization", description: String(request.headers.authorization) }],
      },
    });
  });
}

describe("secrets never reach an error, a log or a warning", () => {
  test.each([
    ["bearer", { type: "bearer", token }],
    ["digest", { type: "digest", publicKey: "public-key", privateKey }],
  ] as const)(
    "a server echoing the %s Authorization header and secrets into its error body",
    async (_name, auth) => {
      const server = await echoingServer();
      try {
        const client = createAtlasClient({ baseUrl: server.url, auth });
        const { error } = await client.GET(itemPath, { params: { path: ids } });
        recordProduced(error);
        expect(error).toBeInstanceOf(AtlasApiError);
        expect(error!.detail).toBe("you sent [REDACTED]"); // the whole header, not only the token in it
        expect(error!.reason).toBe("echo: [REDACTED]");
        expect(error!.parameters).toEqual([{ echoed: "[REDACTED]" }]);
        expect(error!.badRequestDetail?.fields?.[0]?.description).toBe("[REDACTED]");
        expect(leakedSecrets()).toEqual([]);
      } finally {
        await server.close();
      }
    },
  );

  test("a token endpoint echoing the Basic credentials and the secret", async () => {
    const server = await echoingServer();
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "serviceAccount", clientId: "client-id", clientSecret },
      });
      const error = await rejectionOf(
        client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } }),
      );
      expect(error.message).toBe(
        "the token endpoint refused the service account credentials: 401 invalid_client: bad credentials: [REDACTED] [REDACTED]",
      );
      expect(leakedSecrets()).toEqual([]);
    } finally {
      await server.close();
    }
  });

  test("the client object itself shows no secret when inspected or serialized", () => {
    for (const auth of [
      { type: "digest", publicKey: "public-key", privateKey },
      { type: "serviceAccount", clientId: "client-id", clientSecret },
      { type: "bearer", token },
    ] as const) {
      const client = createAtlasClient({ auth });
      const rendered = `${inspect(client, { depth: 10, showHidden: true })}${JSON.stringify(client)}`;
      for (const secret of [privateKey, clientSecret, token]) expect(rendered).not.toContain(secret);
    }
  });

  test("the audit itself catches a leak (it is not vacuous)", () => {
    const before = producedCount();
    recordProduced(new Error(`oops ${privateKey}`));
    recordProduced({ header: Buffer.from(clientSecret).toString("base64") });
    const leaks = leakedSecrets().map((leak) => leak.secret);
    expect(new Set(leaks)).toEqual(new Set([`${privateKey.slice(0, 3)}…`, `${clientSecret.slice(0, 3)}…`]));
    forgetProducedAfter(before);
    expect(leakedSecrets()).toEqual([]);
    // What a token store holds at rest is scanned too, in clear and in hex.
    recordStored("a token file", Buffer.from(`{"t":"${token}"}`));
    recordStored("a Redis value", Buffer.from(privateKey).toString("hex"));
    const stored = new Set(leakedSecrets().map((leak) => leak.secret));
    forgetProducedAfter(before);
    expect(stored).toEqual(new Set([`${token.slice(0, 3)}…`, `${privateKey.slice(0, 3)}…`]));
  });
});
