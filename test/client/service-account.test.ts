import { afterEach, describe, expect, test } from "vitest";
import {
  AtlasAuthenticationError,
  createAtlasClient,
  createMemoryTokenCache,
  type CachedToken,
  type TokenCache,
} from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  clientFor,
  collectionPath,
  ids,
  json,
  startRecordingServer,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas | undefined;
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
});

describe("service account (OAuth 2.0 client credentials)", () => {
  test("the token request: Basic over the raw id and secret, form grant_type=client_credentials", async () => {
    // A secret with characters that form-urlencoding would change: Atlas wants them as they are.
    const clientSecret = "mdb_sa_sk_a:b/c+d=e%f g";
    registerSecrets(clientSecret);
    const server = await startRecordingServer((request, response) => {
      if (request.url === "/api/oauth/token")
        json(response, 200, { access_token: "token-abcdef-123456", expires_in: 3600, token_type: "Bearer" });
      else json(response, 200, { results: [], totalCount: 0 });
    });
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "serviceAccount", clientId: "mdb_sa_id_1", clientSecret },
      });
      await client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      const [token, call] = server.requests;
      expect(token).toMatchObject({
        method: "POST",
        url: "/api/oauth/token",
        body: "grant_type=client_credentials",
      });
      expect(token!.headers.authorization).toBe(
        `Basic ${Buffer.from(`mdb_sa_id_1:${clientSecret}`).toString("base64")}`,
      );
      expect(token!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(token!.headers.accept).toBe("application/json");
      expect(call!.headers.authorization).toBe("Bearer token-abcdef-123456");
      registerSecrets("token-abcdef-123456");
    } finally {
      await server.close();
    }
  });

  test("50 concurrent first calls make exactly one token request", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "serviceAccount");
    await Promise.all(Array.from({ length: 50 }, () => client.peers.list(atlas!.credentials.groupId).next()));
    expect(atlas.state.oauth.issued).toBe(1);
    expect(atlas.requests.filter((request) => request.path === "/api/oauth/token")).toHaveLength(1);
  });

  test("the token is reused until expires_in minus a safety margin, then renewed", async () => {
    atlas = await startTestAtlas({ tokenLifetimeSeconds: 1 });
    const client = clientFor(atlas, "serviceAccount");
    await client.peers.list(atlas.credentials.groupId).next();
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    // A 1 s token is renewed after half its life (the margin is min(60 s, lifetime / 2)).
    await new Promise((resolve) => setTimeout(resolve, 600));
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(2);
    expect(atlas.requests.filter((request) => request.status === 401)).toHaveLength(0);
  });

  test("a 401 with a cached token drops it, fetches a new one and sends the call once more", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "serviceAccount");
    await client.peers.list(atlas.credentials.groupId).next();
    atlas.state.oauth.expireAll();
    const created = await client.peers.create(atlas.credentials.groupId, awsBody);
    expect(created.providerName).toBe("AWS");
    expect(atlas.state.oauth.issued).toBe(2);
    const posts = atlas.requests.filter(
      (request) => request.method === "POST" && request.path.endsWith("/peers"),
    );
    expect(posts.map((request) => request.status)).toEqual([401, 200]);
    expect(atlas.state.mutations.filter((mutation) => mutation.method === "POST")).toHaveLength(1);
  });

  test("close() revokes the token it obtained, and the client refuses further calls", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "serviceAccount");
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.active).toBe(1);
    await client.close();
    await client.close();
    expect(atlas.state.oauth.revoked).toBe(1);
    expect(atlas.state.oauth.active).toBe(0);
    const revoke = atlas.requests.find((request) => request.path === "/api/oauth/revoke");
    expect(revoke).toBeDefined();
    const error = await rejectionOf(client.peers.list(atlas.credentials.groupId).next());
    expect(error.message).toMatch(/the client is closed/);
  });

  test("a shared token cache lets two clients (two processes, say) use one token", async () => {
    atlas = await startTestAtlas();
    const store = new Map<string, CachedToken>();
    const shared: TokenCache = {
      get: async (key) => store.get(key),
      set: async (key, token) => void store.set(key, token),
      delete: async (key) => void store.delete(key),
    };
    const [first, second] = [0, 1].map(() =>
      clientFor(atlas!, "serviceAccount", {
        auth: {
          type: "serviceAccount",
          clientId: atlas!.credentials.clientId,
          clientSecret: atlas!.credentials.clientSecret,
          tokenCache: shared,
          revokeOnClose: false,
        },
      }),
    );
    await first!.peers.list(atlas.credentials.groupId).next();
    await second!.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    expect([...store.keys()]).toEqual([`atlas-peering-client:${atlas.url}:${atlas.credentials.clientId}`]);
    await first!.close();
    expect(atlas.state.oauth.revoked).toBe(0);
  });

  test("an OAuth error body becomes an AtlasAuthenticationError with its error and description", async () => {
    atlas = await startTestAtlas();
    const client = createAtlasClient({
      baseUrl: atlas.url,
      auth: {
        type: "serviceAccount",
        clientId: atlas.credentials.clientId,
        clientSecret: "wrong-secret-value",
      },
    });
    registerSecrets("wrong-secret-value");
    const error = await rejectionOf(client.peers.list(atlas.credentials.groupId).next());
    expect(error).toBeInstanceOf(AtlasAuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      oauthError: "invalid_client",
      description: "Client authentication failed.",
    });
    expect(error.message).toBe(
      "the token endpoint refused the service account credentials: 401 invalid_client: Client authentication failed.",
    );
  });

  test.each([
    ["without expires_in", { access_token: "tok-without-expiry-1", token_type: "Bearer" }, 1],
    ["with expires_in: 0", { access_token: "tok-zero-expiry-123", token_type: "bearer", expires_in: 0 }, 3],
  ])("a token response %s is handled", async (_name, tokenAnswer, expectedTokenRequests) => {
    registerSecrets(tokenAnswer.access_token);
    const server = await startRecordingServer((request, response) => {
      if (request.url === "/api/oauth/token") json(response, 200, tokenAnswer);
      else json(response, 200, { results: [] });
    });
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "serviceAccount", clientId: "id", clientSecret: "secret-value-1" },
      });
      for (let call = 0; call < 3; call += 1)
        await client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      // No expires_in: kept for 5 minutes. expires_in 0: used by the call that asked, never kept.
      expect(server.requests.filter((request) => request.url === "/api/oauth/token")).toHaveLength(
        expectedTokenRequests,
      );
    } finally {
      await server.close();
    }
  });

  test.each([
    ["no access_token", { token_type: "Bearer", expires_in: 60 }, /without an access_token/],
    [
      "a token type other than Bearer",
      { access_token: "abcdefgh", token_type: "mac", expires_in: 60 },
      /not Bearer/,
    ],
    ["a body that is not JSON", "<html>oops</html>", /without an access_token/],
  ])("a token answer with %s is an AtlasAuthenticationError", async (_name, answer, message) => {
    const server = await startRecordingServer((_request, response) => {
      if (typeof answer === "string") response.writeHead(200, { "content-type": "text/html" }).end(answer);
      else json(response, 200, answer);
    });
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "serviceAccount", clientId: "id", clientSecret: "secret-value-2" },
      });
      const error = await rejectionOf(
        client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } }),
      );
      expect(error).toBeInstanceOf(AtlasAuthenticationError);
      expect(error.message).toMatch(message);
    } finally {
      await server.close();
    }
  });

  test("the default token cache is per client memory", async () => {
    const cache = createMemoryTokenCache();
    await cache.set("k", { accessToken: "t", expiresAt: 1 });
    expect(await cache.get("k")).toEqual({ accessToken: "t", expiresAt: 1 });
    await cache.delete("k");
    expect(await cache.get("k")).toBeUndefined();
  });
});

describe("bearer tokens", () => {
  test("a fixed token, and a provider called once per request", async () => {
    registerSecrets("fixed-token-value", "rotating-0", "rotating-1");
    const server = await startRecordingServer((_request, response) => json(response, 200, { results: [] }));
    try {
      const fixed = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "bearer", token: "fixed-token-value" },
      });
      await fixed.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      let calls = 0;
      const rotating = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "bearer", token: async () => `rotating-${calls++}` },
      });
      await rotating.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      await rotating.GET(collectionPath, { params: { path: { groupId: ids.groupId } } });
      expect(server.requests.map((request) => request.headers.authorization)).toEqual([
        "Bearer fixed-token-value",
        "Bearer rotating-0",
        "Bearer rotating-1",
      ]);
    } finally {
      await server.close();
    }
  });

  test("a provider that returns no token is an AtlasAuthenticationError, and nothing is sent", async () => {
    const server = await startRecordingServer((_request, response) => json(response, 200, {}));
    try {
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "bearer", token: async () => "" },
      });
      const error = await rejectionOf(
        client.GET(collectionPath, { params: { path: { groupId: ids.groupId } } }),
      );
      expect(error).toBeInstanceOf(AtlasAuthenticationError);
      expect(server.requests).toHaveLength(0);
      recordProduced(error);
    } finally {
      await server.close();
    }
  });
});
