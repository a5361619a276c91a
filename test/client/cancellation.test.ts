import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createAtlasClient, type AtlasClientOptions } from "../../src/index.js";
import { awsBody, ids } from "../helpers/atlas-fixtures.js";
import { deferred, inProcessServer, jsonAnswer, type SeenRequest } from "../helpers/in-process-server.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { track, VirtualClock } from "../helpers/virtual-clock.js";

// When a call ends, and what is sent after it ends: the caller's abort, close() and deadlines, on
// virtual time (a VirtualClock), against an in-process server whose answers each test releases
// when it chooses. "Settled at the abort" is then an exact statement, not a timing bound.
const clientSecret = "mdb_sa_sk_cancellation-secret";
const issuedToken = "token-issued-while-waiting-1234";
registerSecrets(clientSecret, issuedToken, Buffer.from(`mdb_sa_id_1:${clientSecret}`).toString("base64"));
const baseUrl = "https://cloud.mongodb.com";
const peer = { ...awsBody, id: ids.peerId, statusName: "INITIATING" };

let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

const serviceAccount = { type: "serviceAccount", clientId: "mdb_sa_id_1", clientSecret } as const;
const apiRequests = (requests: SeenRequest[]) =>
  requests.filter((request) => request.path.startsWith("/api/atlas"));
const tokenRequests = (requests: SeenRequest[]) =>
  requests.filter((request) => request.path === "/api/oauth/token");

function client(fetch: typeof globalThis.fetch, options: Partial<AtlasClientOptions> = {}) {
  return createAtlasClient({ baseUrl, auth: serviceAccount, fetch, onWarning: recordProduced, ...options });
}

describe("the caller's abort ends a call waiting for credentials, and nothing is sent for it afterwards", () => {
  test("waiting for the shared OAuth token request", async () => {
    const token = deferred<Response>();
    const server = inProcessServer((request) =>
      request.path === "/api/oauth/token" ? token.promise : jsonAnswer(200, peer),
    );
    const atlas = client(server.fetch);
    const caller = new AbortController();
    const call = track(atlas.peers.update(ids.groupId, ids.peerId, awsBody, { signal: caller.signal }));
    await clock.advance(200);
    caller.abort(new Error("the caller gave up"));
    await clock.settle();
    expect(call.settled).toBe(true);
    expect(recordProduced(call.error)).toMatchObject({ message: "the caller gave up" });
    token.resolve(jsonAnswer(200, { access_token: issuedToken, token_type: "Bearer", expires_in: 3600 }));
    await clock.advance(5_000);
    expect(apiRequests(server.requests)).toEqual([]);
  });

  test("waiting for a slow bearer-token provider", async () => {
    const provided = deferred<string>();
    const server = inProcessServer(() => jsonAnswer(200, peer));
    const atlas = client(server.fetch, { auth: { type: "bearer", token: () => provided.promise } });
    const caller = new AbortController();
    const call = track(atlas.peers.delete(ids.groupId, ids.peerId, { signal: caller.signal }));
    await clock.advance(200);
    caller.abort(new Error("the caller gave up"));
    await clock.settle();
    expect(call.settled).toBe(true);
    expect(recordProduced(call.error)).toMatchObject({ message: "the caller gave up" });
    provided.resolve("provided-bearer-token-1");
    await clock.advance(5_000);
    expect(server.requests).toEqual([]);
  });

  test("waiting for another call's first digest challenge", async () => {
    const challenge = deferred<Response>();
    const server = inProcessServer((request) =>
      request.headers.authorization ? jsonAnswer(200, peer) : challenge.promise,
    );
    const atlas = client(server.fetch, {
      auth: { type: "digest", publicKey: "public-key", privateKey: "digest-private-key-1" },
    });
    const first = track(
      atlas.peers.update(ids.groupId, ids.peerId, awsBody, { headers: { "x-call": "first" } }),
    );
    const caller = new AbortController();
    const second = track(
      atlas.peers.update(ids.groupId, ids.peerId, awsBody, {
        signal: caller.signal,
        headers: { "x-call": "second" },
      }),
    );
    await clock.advance(200);
    caller.abort(new Error("the caller gave up"));
    await clock.settle();
    expect(second.settled).toBe(true);
    expect(recordProduced(second.error)).toMatchObject({ message: "the caller gave up" });
    challenge.resolve(
      new Response(null, {
        status: 401,
        headers: { "www-authenticate": 'Digest realm="MMS Public API", nonce="n1", qop="auth"' },
      }),
    );
    await clock.advance(5_000);
    expect(first.settled && first.error === undefined).toBe(true);
    expect(server.requests.map((request) => request.headers["x-call"])).toEqual(["first", "first"]);
  });

  test("waiting out a token endpoint's 429 Retry-After: 5", async () => {
    const server = inProcessServer(() => jsonAnswer(429, { error: "rate_limited" }, { "retry-after": "5" }));
    const atlas = client(server.fetch);
    const caller = new AbortController();
    const call = track(atlas.peers.get(ids.groupId, ids.peerId, { signal: caller.signal }));
    await clock.advance(200);
    expect(tokenRequests(server.requests)).toHaveLength(1);
    caller.abort(new Error("the caller gave up"));
    await clock.settle();
    expect(call.settled).toBe(true);
    expect(recordProduced(call.error)).toMatchObject({ message: "the caller gave up" });
    await clock.advance(20_000);
    // Nobody waits for a token any more: the token endpoint is not asked again.
    expect(tokenRequests(server.requests)).toHaveLength(1);
  });
});

describe("a signal from an AbortController polyfill (what fetch accepts: aborted and addEventListener)", () => {
  test("ends the call like a native one", async () => {
    const listeners: Array<() => void> = [];
    const polyfilled = {
      aborted: false,
      reason: undefined as unknown,
      addEventListener: (_type: string, listener: () => void) => void listeners.push(listener),
      removeEventListener: (_type: string, listener: () => void) =>
        void listeners.splice(listeners.indexOf(listener), 1),
    };
    const server = inProcessServer(() => new Promise<Response>(() => {}));
    const atlas = client(server.fetch, { auth: { type: "bearer", token: "polyfill-bearer-token" } });
    const call = track(
      atlas.peers.get(ids.groupId, ids.peerId, { signal: polyfilled as unknown as AbortSignal }),
    );
    await clock.advance(100);
    polyfilled.aborted = true;
    polyfilled.reason = new Error("stopped by a polyfill");
    for (const listener of [...listeners]) listener.call(polyfilled);
    await clock.settle();
    expect(recordProduced(call.error)).toMatchObject({ message: "stopped by a polyfill" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("close()", () => {
  test("during a token request: the waiting call is not sent, and the token issued meanwhile is revoked before close resolves", async () => {
    const token = deferred<Response>();
    const server = inProcessServer((request) => {
      if (request.path === "/api/oauth/token") return token.promise;
      if (request.path === "/api/oauth/revoke") return jsonAnswer(200, {});
      return jsonAnswer(200, peer);
    });
    const atlas = client(server.fetch);
    const call = track(atlas.peers.update(ids.groupId, ids.peerId, awsBody));
    await clock.advance(100);
    let sentWhenClosed = -1;
    const closing = track(atlas.close().then(() => void (sentWhenClosed = server.requests.length)));
    await clock.advance(100);
    expect(closing.settled).toBe(false);
    token.resolve(jsonAnswer(200, { access_token: issuedToken, token_type: "Bearer", expires_in: 3600 }));
    await clock.advance(100);
    expect(closing.settled).toBe(true);
    expect(call.settled).toBe(true);
    expect(recordProduced(call.error)).toMatchObject({ message: expect.stringMatching(/closed/) });
    const revokes = server.requests.filter((request) => request.path === "/api/oauth/revoke");
    expect(revokes.map((request) => new URLSearchParams(request.body).get("token"))).toEqual([issuedToken]);
    await clock.advance(5_000);
    expect(server.requests).toHaveLength(sentWhenClosed);
    expect(apiRequests(server.requests)).toEqual([]);
  });

  test("a token request that never ends (timeoutMs: 0): close() gives up on it after 30 s", async () => {
    const server = inProcessServer((request) =>
      request.path === "/api/oauth/token" ? new Promise<Response>(() => {}) : jsonAnswer(200, peer),
    );
    const atlas = client(server.fetch, { timeoutMs: 0 });
    const call = track(atlas.peers.get(ids.groupId, ids.peerId));
    await clock.advance(100);
    const closing = track(atlas.close());
    await clock.advance(29_000);
    expect(closing.settled).toBe(false);
    expect(call.settled).toBe(true);
    recordProduced(call.error);
    await clock.advance(1_000);
    expect(closing.settled).toBe(true);
    expect(closing.error).toBeUndefined();
    expect(apiRequests(server.requests)).toEqual([]);
  });

  test("after close() resolves nothing is sent, whatever was waiting", async () => {
    const provided = deferred<string>();
    const server = inProcessServer(() => jsonAnswer(200, peer));
    const atlas = client(server.fetch, { auth: { type: "bearer", token: () => provided.promise } });
    const call = track(atlas.peers.get(ids.groupId, ids.peerId));
    await clock.advance(10);
    await atlas.close();
    provided.resolve("provided-bearer-token-2");
    await clock.advance(1_000);
    expect(call.settled).toBe(true);
    recordProduced(call.error);
    expect(server.requests).toEqual([]);
  });
});

describe("timeoutMs: 0 is no limit, token requests included", () => {
  test("a service account's token request is not cut short", async () => {
    const server = inProcessServer(async (request) => {
      if (request.path === "/api/oauth/token") {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return jsonAnswer(200, { access_token: issuedToken, token_type: "Bearer", expires_in: 3600 });
      }
      return jsonAnswer(200, peer);
    });
    const atlas = client(server.fetch, { timeoutMs: 0 });
    const call = track(atlas.peers.get(ids.groupId, ids.peerId));
    await clock.advance(1_000);
    expect(recordProduced(call.error)).toBeUndefined();
    expect(call.value).toMatchObject({ id: ids.peerId });
  });
});

describe("waitFor's timeoutMs bounds everything inside the wait", () => {
  test.each([
    ["the API hangs", (request: SeenRequest) => request.path.startsWith("/api/atlas")],
    ["the token endpoint hangs", (request: SeenRequest) => request.path === "/api/oauth/token"],
  ])("%s: the wait ends at its deadline", async (_name, hangs) => {
    const server = inProcessServer((request) => {
      if (hangs(request)) return new Promise<Response>(() => {});
      if (request.path === "/api/oauth/token")
        return jsonAnswer(200, { access_token: issuedToken, token_type: "Bearer", expires_in: 3600 });
      return jsonAnswer(200, peer);
    });
    const atlas = client(server.fetch);
    const wait = track(atlas.peers.waitFor(ids.groupId, ids.peerId, { timeoutMs: 1000, intervalMs: 100 }));
    await clock.advance(1001);
    expect(wait.settled).toBe(true);
    expect(recordProduced(wait.error)).toMatchObject({ name: "AtlasWaitTimeoutError", timeoutMs: 1000 });
  });
});
