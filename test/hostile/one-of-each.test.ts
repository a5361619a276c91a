import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasAuthenticationError,
  AtlasConfigurationError,
  AtlasContainerMismatchError,
  AtlasInvalidRequestError,
  AtlasPeerFailedError,
  AtlasTimeoutError,
  AtlasWaitTimeoutError,
  createAtlasClient,
  type AtlasClientOptions,
  type AtlasWarning,
  type SharedToken,
} from "../../src/index.js";
import { createFileTokenStore } from "../../src/token-store/file/index.js";
import { createSharedTokenStore } from "../../src/token-store/shared-store.js";
import { storeSlot } from "../../src/token-store/store-slot.js";
import { awsBody, ids } from "../helpers/atlas-fixtures.js";
import {
  inProcessServer,
  jsonAnswer,
  type InProcessServer,
  type SeenRequest,
} from "../helpers/in-process-server.js";
import { recordProduced, registerSecrets, rejectionOf, secretsShownBy } from "../helpers/secret-audit.js";
import { track, VirtualClock } from "../helpers/virtual-clock.js";
import { MemoryBackend } from "../token-store/memory-backend.js";

// The cases issue 17 listed, each by name: five invariants that used to hold in one path and not
// in its twin. Each runs on the path that broke (the properties in operation-properties.test.ts
// and transport-properties.test.ts cover the rest at random). Virtual time wherever a wait is
// judged: "settled at 0 ms" is exact, whatever the machine is doing.

const baseUrl = "https://cloud.mongodb.com";
const clientId = "mdb_sa_id_one-of-each";
const clientSecret = "mdb_sa_sk_one-of-each-secret-4e1d";
const privateKey = "5f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
registerSecrets(clientSecret, privateKey);
const serviceAccount = { type: "serviceAccount", clientId, clientSecret } as const;
const tokenPath = "/api/oauth/token";
const peerPath = `/api/atlas/v2/groups/${ids.groupId}/peers/${ids.peerId}`;

let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

/** Tokens the server hands out, numbered; every one registered with the secret audit. */
function issueToken(count: number): Response {
  const token = `one-of-each-token-${count}-${"t".repeat(24)}`;
  registerSecrets(token);
  return jsonAnswer(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
}

const tokenRequests = (server: InProcessServer) => server.requests.filter((r) => r.path === tokenPath);

/** Runs virtual time until `promise` settles (or `limitMs` pass); its outcome and when, relative to now. */
async function settle<T>(promise: Promise<T>, limitMs = 600_000) {
  const started = clock.now;
  const state = track(promise);
  await clock.runUntil(() => state.settled, limitMs);
  if (state.error !== undefined) recordProduced(state.error);
  return { ...state, afterMs: state.settled ? state.at! - started : Infinity };
}

function client(server: InProcessServer, options: Partial<AtlasClientOptions> = {}) {
  return createAtlasClient({ baseUrl, auth: serviceAccount, fetch: server.fetch, ...options });
}

describe("1. every wait is bounded by the operation's limits", () => {
  test("after another process met a token-endpoint 429 (Retry-After 30), a call with totalTimeoutMs 3000 fails at once with AtlasAuthenticationError 429, asking nothing", async () => {
    const store = createSharedTokenStore(new MemoryBackend(), { lockMs: 5_000, commandTimeoutMs: 1_000 });
    const other = inProcessServer(() => jsonAnswer(429, { error: "rate_limited" }, { "retry-after": "30" }));
    const first = client(other, { auth: { ...serviceAccount, tokenStore: store }, totalTimeoutMs: 500 });
    expect((await settle(first.peers.get(ids.groupId, ids.peerId))).error).toBeInstanceOf(
      AtlasAuthenticationError,
    );

    const server = inProcessServer((request) =>
      request.path === tokenPath ? issueToken(1) : jsonAnswer(200, {}),
    );
    const second = client(server, { auth: { ...serviceAccount, tokenStore: store } });
    const outcome = await settle(second.peers.get(ids.groupId, ids.peerId, { totalTimeoutMs: 3_000 }));
    expect(outcome.error).toBeInstanceOf(AtlasAuthenticationError);
    expect(outcome.error).toMatchObject({ status: 429 });
    expect(outcome.afterMs).toBe(0);
    expect(server.requests).toHaveLength(0);
    await Promise.all([first.close(), second.close()]);
  });

  test("a token store that does not answer (Redis paused for 6 s) holds a call with timeoutMs 1000 for the store's command timeout only, with one warning", async () => {
    const backend = new MemoryBackend();
    const paused = pausedBackend(backend);
    const warnings: AtlasWarning[] = [];
    const server = inProcessServer((request) =>
      request.path === tokenPath
        ? issueToken(1)
        : jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" }),
    );
    const atlas = client(server, {
      auth: {
        ...serviceAccount,
        tokenStore: createSharedTokenStore(paused, { lockMs: 5_000, commandTimeoutMs: 1_000 }),
      },
      timeoutMs: 1_000,
      onWarning: (warning) => void warnings.push(warning),
    });
    paused.pauseFor(6_000);
    const outcome = await settle(atlas.peers.get(ids.groupId, ids.peerId));
    expect(outcome.error).toBeUndefined();
    expect(outcome.afterMs).toBeLessThanOrEqual(1_000);
    expect(warnings.map((warning) => warning.code)).toEqual(["ATLAS_TOKEN_STORE_UNAVAILABLE"]);
    expect(warnings[0]!.message).toMatch(/did not answer within 1000 ms/);
    await atlas.close();
  });

  test("waitFor's pause between polls ends at close(): the wait rejects at once and leaves no timer", async () => {
    const server = inProcessServer(() =>
      jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "INITIATING" }),
    );
    const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-close" } });
    const waiting = track(atlas.peers.waitFor(ids.groupId, ids.peerId, { intervalMs: 5_000 }));
    await clock.runUntil(() => server.requests.length === 1, 10);
    await clock.advance(100);
    const closedAt = clock.now;
    await atlas.close();
    await clock.settle();
    expect(waiting.settled).toBe(true);
    expect(waiting.at).toBe(closedAt);
    expect((waiting.error as Error).message).toMatch(/the client is closed/);
    expect(clock.pendingTimers).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  test("containers.ensure with totalTimeoutMs 1000 ends at 1000 ms, not a fresh second per request", async () => {
    const server = inProcessServer(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return request.method === "GET"
        ? jsonAnswer(200, { results: [], totalCount: 0 })
        : jsonAnswer(200, {
            id: "32b6e34b3d91647abb20e7b8",
            providerName: "AWS",
            regionName: "US_EAST_1",
            atlasCidrBlock: "10.8.0.0/21",
          });
    });
    const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-ensure" } });
    const outcome = await settle(
      atlas.containers.ensure(
        ids.groupId,
        { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" },
        { totalTimeoutMs: 1_000 },
      ),
    );
    expect(outcome.error).toBeInstanceOf(AtlasTimeoutError);
    expect(outcome.error).toMatchObject({ scope: "call", timeoutMs: 1_000 });
    expect(outcome.afterMs).toBe(1_000);
    await atlas.close();
  });

  test("waitFor answered 429 with Retry-After 30 on every poll, for 3 s: one poll, then AtlasWaitTimeoutError at once", async () => {
    const server = inProcessServer(() =>
      jsonAnswer(429, { error: 429, errorCode: "RATE_LIMITED" }, { "retry-after": "30" }),
    );
    const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-429s" } });
    const outcome = await settle(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { timeoutMs: 3_000, intervalMs: 100 }),
    );
    expect(outcome.error).toBeInstanceOf(AtlasWaitTimeoutError);
    expect(server.requests).toHaveLength(1);
    expect(outcome.afterMs).toBe(0);
    await atlas.close();
  });
});

describe("2. text that leaves the package goes through the one redactor", () => {
  const token = "echoed-oauth-token-0123456789abcdef";
  registerSecrets(token);
  const hostile = `${token}\r\nX-Forged: 1\u2028${"x".repeat(5_100)}`;
  const tokenServer = (api: (request: SeenRequest) => Response) =>
    inProcessServer((request) =>
      request.path === tokenPath
        ? jsonAnswer(200, { access_token: token, token_type: "Bearer", expires_in: 3600 })
        : api(request),
    );

  /** No secret, no line break, bounded: in every field and rendering of the error. */
  function expectSafe(error: unknown) {
    expect(secretsShownBy(error, [token, clientSecret])).toEqual([]);
    const record = error as Record<string, unknown> & Error;
    for (const value of [record.message, ...Object.values(record)])
      if (typeof value === "string") {
        expect(value).not.toMatch(/[\r\n\u2028]/);
        expect(value.length).toBeLessThanOrEqual(3_001);
      }
  }

  test("AtlasPeerFailedError of a peer whose errorMessage echoes the token, line breaks and 5,100 characters", async () => {
    const server = tokenServer(() =>
      jsonAnswer(200, { id: ids.peerId, providerName: "GCP", status: "FAILED", errorMessage: hostile }),
    );
    const atlas = client(server);
    const { error } = await settle(atlas.peers.waitFor(ids.groupId, ids.peerId, { intervalMs: 10 }));
    expect(error).toBeInstanceOf(AtlasPeerFailedError);
    expectSafe(error);
    expect((error as AtlasPeerFailedError).errorMessage).toMatch(/^\[REDACTED\]  X-Forged: 1 x+…$/);
    await atlas.close();
  });

  test("AtlasWaitTimeoutError whose last status is what a hostile server put there", async () => {
    const server = tokenServer(() =>
      jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: hostile }),
    );
    const atlas = client(server);
    const { error } = await settle(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { timeoutMs: 1_000, intervalMs: 100 }),
    );
    expect(error).toBeInstanceOf(AtlasWaitTimeoutError);
    expectSafe(error);
    await atlas.close();
  });

  test("AtlasContainerMismatchError of a container whose CIDR block echoes the token", async () => {
    const server = tokenServer(() =>
      jsonAnswer(200, {
        results: [
          {
            id: "32b6e34b3d91647abb20e7b8",
            providerName: "AWS",
            regionName: "US_EAST_1",
            atlasCidrBlock: hostile,
          },
        ],
        totalCount: 1,
      }),
    );
    const atlas = client(server);
    const { error } = await settle(
      atlas.containers.ensure(ids.groupId, {
        providerName: "AWS",
        regionName: "US_EAST_1",
        atlasCidrBlock: "10.8.0.0/21",
      }),
    );
    expect(error).toBeInstanceOf(AtlasContainerMismatchError);
    expectSafe(error);
    await atlas.close();
  });

  test("an id argument that is in fact a credential is not quoted, not even in part", async () => {
    const server = inProcessServer(() => jsonAnswer(200, {}));
    const longSecret = `${"s".repeat(20)}-a-long-client-secret-of-many-characters-${"k".repeat(30)}`;
    registerSecrets(longSecret);
    for (const [auth, secret] of [
      [{ type: "digest", publicKey: "public-key", privateKey }, privateKey],
      [{ type: "serviceAccount", clientId, clientSecret: longSecret }, longSecret],
    ] as const) {
      const atlas = client(server, { auth });
      const error = await rejectionOf(atlas.peers.get(ids.groupId, secret));
      expect(error).toBeInstanceOf(AtlasInvalidRequestError);
      expect(error.message).toBe(
        "peerId: must be 24 lower-case hexadecimal digits (got a value that holds a configured secret (not shown))",
      );
      expect(error.message).not.toContain(secret.slice(0, 12));
      await atlas.close();
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe("3. a function of yours that only observes never changes an outcome nor leaves a rejection", () => {
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  let processWarnings: Error[];
  const onWarning = (warning: Error) => void processWarnings.push(warning);
  beforeEach(() => {
    unhandled = [];
    processWarnings = [];
    process.on("unhandledRejection", onUnhandled);
    process.on("warning", onWarning);
  });
  afterEach(() => {
    process.off("unhandledRejection", onUnhandled);
    process.off("warning", onWarning);
  });
  const deprecated = () =>
    jsonAnswer(
      200,
      { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" },
      { deprecation: "@1688169599" },
    );

  test("an async logger that rejects: the call succeeds, nothing is unhandled, the failure is reported once", async () => {
    const server = inProcessServer(deprecated);
    const rejecting = async () => {
      throw new Error("the log stream is closed");
    };
    const atlas = client(server, {
      auth: { type: "bearer", token: "a-bearer-token-for-logs" },
      logLevel: "debug",
      logger: { debug: rejecting, info: rejecting, warn: rejecting },
    });
    for (let call = 0; call < 3; call += 1)
      expect((await settle(atlas.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    expect(processWarnings.map((warning) => warning.message)).toEqual([
      "logger.warn failed (Error); the client went on, and later failures of logger.warn are not reported.",
    ]);
    await atlas.close();
  });

  test("an onWarning that throws, or rejects: the PATCH Atlas applied resolves with its data, and close() resolves", async () => {
    for (const onWarning of [
      () => {
        throw new Error("onWarning broke");
      },
      async () => {
        throw new Error("onWarning broke, later");
      },
    ]) {
      const server = inProcessServer((request) =>
        request.path === tokenPath
          ? issueToken(1)
          : request.path === "/api/oauth/revoke"
            ? jsonAnswer(503, {})
            : deprecated(),
      );
      const atlas = client(server, { onWarning, maxRetries: 0 });
      const updated = await settle(atlas.peers.update(ids.groupId, ids.peerId, awsBody));
      expect(updated.error).toBeUndefined();
      expect(updated.value).toMatchObject({ id: ids.peerId });
      // close() cannot revoke the token (503): a warning, to the same failing onWarning.
      expect((await settle(atlas.close())).error).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    }
    expect(processWarnings.map((warning) => warning.message)).toEqual([
      "onWarning failed (Error); the client went on, and later failures of onWarning are not reported.",
      "onWarning failed (Error); the client went on, and later failures of onWarning are not reported.",
    ]);
  });
});

describe("4. the token budget: a service account whose tokens the API refuses stays under the endpoint's limit", () => {
  const refusingApi = (count: { tokens: number }) =>
    inProcessServer((request) =>
      request.path === tokenPath
        ? issueToken((count.tokens += 1))
        : jsonAnswer(401, {
            error: 401,
            errorCode: "UNAUTHORIZED",
            detail: "The access token is invalid or has expired.",
          }),
    );

  test("one call asks for at most two tokens, and says the credential's access is wrong, not that a token expired", async () => {
    const server = refusingApi({ tokens: 0 });
    const atlas = client(server);
    const { error } = await settle(atlas.peers.get(ids.groupId, ids.peerId));
    expect(error).toBeInstanceOf(AtlasAuthenticationError);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toMatch(
      /^the API refused the service account's tokens 0 s after it was issued \(2 in a row\): its client id and secret are valid, but its access is not \(its project roles, or the API access list\), not an expired token; no token is asked for before /,
    );
    expect(tokenRequests(server)).toHaveLength(2);
    await atlas.close();
  });

  test("3 processes sharing a store, each calling once a second for a minute: at most 10 token requests in that minute", async () => {
    const count = { tokens: 0 };
    const server = refusingApi(count);
    const store = createSharedTokenStore(new MemoryBackend(), { lockMs: 5_000, commandTimeoutMs: 1_000 });
    const fleet = [0, 1, 2].map(() => client(server, { auth: { ...serviceAccount, tokenStore: store } }));
    const outcomes: Array<ReturnType<typeof track>> = [];
    for (let second = 0; second < 60; second += 1) {
      for (const member of fleet) outcomes.push(track(member.peers.get(ids.groupId, ids.peerId)));
      await clock.advance(1_000);
    }
    await clock.runUntil(() => outcomes.every((outcome) => outcome.settled), 60_000);
    for (const outcome of outcomes) expect(outcome.error).toBeInstanceOf(AtlasAuthenticationError);
    const inFirstMinute = tokenRequests(server).filter((request) => request.at < 60_000);
    expect(inFirstMinute.length).toBeLessThanOrEqual(10);
    // 2 at once (the first refusal is asked again once), then one per pause: 7.5, 15, 30 s.
    expect(inFirstMinute.length).toBe(5);
    await Promise.all(fleet.map((member) => member.close()));
  });

  test("the budget's price: tokens revoked at Atlas twice within a minute, each before it was used, end the call with the budget's error, not a loop of token requests", async () => {
    let tokens = 0;
    const server = inProcessServer((request) => {
      if (request.path === tokenPath) return issueToken((tokens += 1));
      // Revoked at Atlas as soon as it is used: the first two tokens (two rotations in a row).
      return tokens <= 2
        ? jsonAnswer(401, { error: 401, errorCode: "UNAUTHORIZED" })
        : jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" });
    });
    const atlas = client(server);
    const { error } = await settle(atlas.peers.get(ids.groupId, ids.peerId));
    expect(error).toBeInstanceOf(AtlasAuthenticationError);
    expect((error as Error).message).toMatch(/\(2 in a row\)/);
    expect(tokenRequests(server)).toHaveLength(2);
    // After the pause, the next call gets a token that works.
    await clock.advance(7_500);
    expect((await settle(atlas.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    expect(tokenRequests(server)).toHaveLength(3);
    await atlas.close();
  });

  test("a fleet: a refusal one process recorded is ended by another process's acceptance, so a later refusal starts a new streak instead of pausing everyone", async () => {
    const token = (count: number) => `one-of-each-token-${count}-${"t".repeat(24)}`;
    const revoked = new Set([token(1)]);
    let releaseFirstUse: (answer: Response) => void = () => {};
    let tokens = 0;
    let secondTokenUsed = false;
    const server = inProcessServer((request) => {
      if (request.path === tokenPath) return issueToken((tokens += 1));
      const sent = request.headers.authorization?.slice("Bearer ".length) ?? "";
      if (revoked.has(sent)) return jsonAnswer(401, { error: 401, errorCode: "UNAUTHORIZED" });
      // Process A's call with the fleet's second token is slow to come back.
      if (sent === token(2) && !secondTokenUsed) {
        secondTokenUsed = true;
        return new Promise<Response>((resolve) => (releaseFirstUse = resolve));
      }
      return jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" });
    });
    const store = createSharedTokenStore(new MemoryBackend(), { lockMs: 5_000, commandTimeoutMs: 1_000 });
    const [a, b, c] = [0, 1, 2].map(() => client(server, { auth: { ...serviceAccount, tokenStore: store } }));
    // A: token 1, revoked before its first use (a refusal, the streak's first); token 2, slow.
    const first = track(a!.peers.get(ids.groupId, ids.peerId));
    await clock.runUntil(() => secondTokenUsed, 60_000);
    // B takes token 2 from the store: accepted.
    expect((await settle(b!.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    // Token 2 is revoked too, before C ever used it: C's refusal starts a new streak.
    revoked.add(token(2));
    expect((await settle(c!.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    expect(tokenRequests(server)).toHaveLength(3);
    releaseFirstUse(jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" }));
    await clock.runUntil(() => first.settled, 60_000);
    await Promise.all([a, b, c].map((member) => member!.close()));
  });

  test("a token the API accepted, then refuses (it expired or was revoked early), is replaced at once, not held against the budget", async () => {
    let expired = false;
    let tokens = 0;
    const server = inProcessServer((request) => {
      if (request.path === tokenPath) return issueToken((tokens += 1));
      const current = `one-of-each-token-${tokens}-${"t".repeat(24)}`;
      if (expired && request.headers.authorization === `Bearer one-of-each-token-1-${"t".repeat(24)}`)
        return jsonAnswer(401, { error: 401, errorCode: "UNAUTHORIZED" });
      return request.headers.authorization === `Bearer ${current}`
        ? jsonAnswer(200, { id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" })
        : jsonAnswer(401, {});
    });
    const atlas = client(server);
    expect((await settle(atlas.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    expired = true;
    for (let call = 0; call < 3; call += 1)
      expect((await settle(atlas.peers.get(ids.groupId, ids.peerId))).error).toBeUndefined();
    expect(tokenRequests(server)).toHaveLength(2);
    await atlas.close();
  });
});

describe("5. protocol semantics at the edges", () => {
  const peers = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => ({
      ...awsBody,
      id: (from + index).toString(16).padStart(24, "0"),
      statusName: "AVAILABLE",
    }));

  for (const totalCount of [250, undefined])
    test(`a server that ignores pageNum (${totalCount === undefined ? "no totalCount" : "totalCount 250"}): the 100 items once, then INVALID_RESPONSE naming page 2`, async () => {
      const server = inProcessServer(() => jsonAnswer(200, { results: peers(0, 100), totalCount }));
      const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-lists" } });
      const listed: string[] = [];
      const { error } = await settle(
        (async () => {
          for await (const peer of atlas.peers.list(ids.groupId)) listed.push(peer.id);
        })(),
      );
      expect(new Set(listed).size).toBe(100);
      expect(listed).toHaveLength(100);
      expect(error).toBeInstanceOf(AtlasApiError);
      expect(error).toMatchObject({ errorCode: "INVALID_RESPONSE" });
      expect((error as AtlasApiError).bodyExcerpt).toMatch(/^page 2 repeats peer 0{24}, already listed/);
      expect(server.requests).toHaveLength(2);
      await atlas.close();
    });

  test("a totalCount above what the pages hold does not make the listing stop early or loop: short pages are followed while the count says more, an empty one ends it", async () => {
    const server = inProcessServer((request) => {
      const page = Number(new URL(request.url).searchParams.get("pageNum"));
      // A server that caps its pages at 30 items: the count says 75.
      return jsonAnswer(200, {
        results: page <= 3 ? peers((page - 1) * 30, page === 3 ? 15 : 30) : [],
        totalCount: 80,
      });
    });
    const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-lists" } });
    const listed: string[] = [];
    for await (const peer of atlas.peers.list(ids.groupId, { itemsPerPage: 100 })) listed.push(peer.id);
    expect(listed).toHaveLength(75);
    expect(new Set(listed).size).toBe(75);
    expect(server.requests).toHaveLength(4);
    await atlas.close();
  });

  for (const status of [502, 504])
    test(`ensure after a create whose answer was lost behind a gateway ${status}: the container that exists, one create`, async () => {
      const created = {
        id: "32b6e34b3d91647abb20e7b8",
        providerName: "AWS",
        regionName: "US_EAST_1",
        atlasCidrBlock: "10.8.0.0/21",
      };
      let exists = false;
      const server = inProcessServer((request) => {
        if (request.method === "POST") {
          exists = true;
          return new Response("<html>Bad Gateway</html>", { status });
        }
        return jsonAnswer(200, { results: exists ? [created] : [], totalCount: exists ? 1 : 0 });
      });
      const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-ensure" } });
      const { value, error } = await settle(
        atlas.containers.ensure(ids.groupId, {
          providerName: "AWS",
          regionName: "US_EAST_1",
          atlasCidrBlock: "10.8.0.0/21",
        }),
      );
      expect(error).toBeUndefined();
      expect(value).toMatchObject({ id: created.id });
      expect(server.requests.filter((request) => request.method === "POST")).toHaveLength(1);
      await atlas.close();
    });

  test('deleting a FAILED peer and waiting with until: "deleted" waits until it is gone', async () => {
    const statuses = ["FAILED", "FAILED", "TERMINATING"];
    const server = inProcessServer(() => {
      const statusName = statuses.shift();
      return statusName
        ? jsonAnswer(200, { ...awsBody, id: ids.peerId, statusName, errorStateName: "REJECTED" })
        : jsonAnswer(404, { error: 404, errorCode: "PEER_NOT_FOUND" });
    });
    const atlas = client(server, { auth: { type: "bearer", token: "a-bearer-token-for-waits" } });
    const { value, error } = await settle(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { until: "deleted", intervalMs: 1_000 }),
    );
    expect(error).toBeUndefined();
    expect(value).toBeUndefined();
    expect(server.requests).toHaveLength(4);
    await atlas.close();
  });

  test("MONGODB_ATLAS_* values with a trailing line break are refused at creation, by name, as the same values are as options", () => {
    for (const [env, variable] of [
      [
        { MONGODB_ATLAS_CLIENT_ID: clientId, MONGODB_ATLAS_CLIENT_SECRET: `${clientSecret}\n` },
        "MONGODB_ATLAS_CLIENT_SECRET",
      ],
      [
        { MONGODB_ATLAS_CLIENT_ID: `${clientId}\r\n`, MONGODB_ATLAS_CLIENT_SECRET: clientSecret },
        "MONGODB_ATLAS_CLIENT_ID",
      ],
      [
        { MONGODB_ATLAS_PUBLIC_API_KEY: "public", MONGODB_ATLAS_PRIVATE_API_KEY: `${privateKey}\n` },
        "MONGODB_ATLAS_PRIVATE_API_KEY",
      ],
    ] as const) {
      const attempt = () => createAtlasClient({ env });
      expect(attempt).toThrow(AtlasConfigurationError);
      expect(attempt).toThrow(`${variable}: must not contain line breaks`);
      expect(() =>
        createAtlasClient({ auth: { ...serviceAccount, clientSecret: `${clientSecret}\n` } }),
      ).toThrow("auth.clientSecret: must not contain line breaks");
    }
  });
});

describe("5. the file store's directory, whatever happens to it", () => {
  let directory: string;
  beforeEach(async () => {
    // Real files: the virtual clock is not needed here.
    clock.uninstall();
    directory = join(await mkdtemp(join(tmpdir(), "atlas-one-of-each-")), "tokens");
  });
  afterEach(async () => {
    await rm(join(directory, ".."), { recursive: true, force: true });
  });
  const scope = { clientId, clientSecret, baseUrl, warn: () => {} };
  let issued = 0;
  const fetchToken = async (): Promise<SharedToken> => {
    issued += 1;
    const accessToken = `file-store-token-${issued}-${"f".repeat(20)}`;
    registerSecrets(accessToken);
    return {
      accessToken,
      expiresAt: Date.now() + 3600_000,
      refreshAt: Date.now() + 3540_000,
      obtainedAt: Date.now(),
    };
  };

  test("a directory a cache cleaner removed is created again: the next process finds the token", async () => {
    const first = createFileTokenStore({ directory }).bind(scope);
    const token = await first.obtain(fetchToken, {});
    await rm(directory, { recursive: true });
    const renewed = await first.obtain(fetchToken, { refused: new Set([token.accessToken]) });
    expect((await stat(directory)).isDirectory()).toBe(true);
    const later = createFileTokenStore({ directory }).bind(scope);
    const before = issued;
    expect((await later.obtain(fetchToken, {})).accessToken).toBe(renewed.accessToken);
    expect(issued).toBe(before);
  });

  test("an empty directory left at the token's path is replaced by the token", async () => {
    await mkdir(join(directory, `${storeSlot(scope)}.token`), { recursive: true });
    const first = createFileTokenStore({ directory }).bind(scope);
    const token = await first.obtain(fetchToken, {});
    const before = issued;
    const later = createFileTokenStore({ directory }).bind(scope);
    expect((await later.obtain(fetchToken, {})).accessToken).toBe(token.accessToken);
    expect(issued).toBe(before);
  });
});

/** A backend whose commands hang while paused, as a paused Redis does, then answer. */
function pausedBackend(backend: MemoryBackend) {
  let pausedUntil = 0;
  const wrapped = Object.create(backend) as MemoryBackend & { pauseFor(ms: number): void };
  for (const name of ["get", "set", "deleteIf", "tryLock", "renewLock", "unlock"] as const) {
    const original = backend[name].bind(backend) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const waitMs = pausedUntil - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      return original(...args);
    };
  }
  wrapped.pauseFor = (ms) => void (pausedUntil = performance.now() + ms);
  return wrapped;
}
