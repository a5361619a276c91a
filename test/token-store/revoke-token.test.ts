import { afterEach, describe, expect, test } from "vitest";
import { AtlasAuthenticationError, createAtlasClient } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  clientFor,
  collectionPath,
  ids,
  json,
  startRecordingServer,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";
import { registerSecrets, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas | undefined;
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
});

describe("revokeToken()", () => {
  test("without a shared store: revokes the client's token now; the next call gets a new one", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "serviceAccount");
    await client.peers.list(atlas.credentials.groupId).next();
    await client.revokeToken();
    expect(atlas.state.oauth.revoked).toBe(1);
    expect(atlas.state.oauth.active).toBe(0);
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(2);
    // Nothing was sent with the revoked token.
    expect(atlas.requests.filter((request) => request.status === 401)).toHaveLength(0);
  });

  test("before any call, and with other credentials, there is nothing to revoke", async () => {
    atlas = await startTestAtlas();
    await clientFor(atlas, "serviceAccount").revokeToken();
    await clientFor(atlas, "digest").revokeToken();
    await createAtlasClient({ baseUrl: atlas.url, auth: { type: "none" } }).revokeToken();
    expect(atlas.requests).toEqual([]);
  });

  test("a revoke endpoint that refuses is an AtlasAuthenticationError with its status, and shows no secret", async () => {
    const token = "revoke-refused-token-0123456789";
    registerSecrets(token, "revoke-test-secret-abcdef");
    const server = await startRecordingServer((request, response) => {
      if (request.url === "/api/oauth/token")
        json(response, 200, { access_token: token, expires_in: 3600, token_type: "Bearer" });
      else if (request.url === "/api/oauth/revoke") json(response, 503, { error: `cannot revoke ${token}` });
      else json(response, 200, { results: [] });
    });
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "serviceAccount", clientId: "id", clientSecret: "revoke-test-secret-abcdef" },
      });
      await client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      const error = await rejectionOf(client.revokeToken());
      expect(error).toBeInstanceOf(AtlasAuthenticationError);
      expect(error).toMatchObject({ status: 503, message: "the revoke endpoint answered HTTP 503" });
    } finally {
      await server.close();
    }
  });
});
