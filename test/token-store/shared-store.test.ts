import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import {
  AtlasTimeoutError,
  type AtlasWarning,
  type BoundTokenStore,
  type SharedToken,
  type TokenFetchContext,
} from "../../src/index.js";
import { createSharedTokenStore } from "../../src/token-store/shared-store.js";
import { tokenFromPlaintext } from "../../src/token-store/records.js";
import { RecordSeal } from "../../src/token-store/sealed-record.js";
import { storeSlot } from "../../src/token-store/store-slot.js";
import { recordProduced, registerSecrets, rejectionOf } from "../helpers/secret-audit.js";
import { MemoryBackend } from "./memory-backend.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

const scope = {
  clientId: "mdb_sa_id_shared-store-test",
  clientSecret: "mdb_sa_sk_shared-store-secret-7f3a9c",
  baseUrl: "https://cloud.mongodb.com",
};
registerSecrets(scope.clientSecret);

/** A fleet of `count` processes (bound stores) over one backend, with what each was told. */
function fleet(backend: MemoryBackend, count: number, lockMs = 2_000, commandTimeoutMs = 1_000) {
  const warnings: AtlasWarning[] = [];
  const store = createSharedTokenStore(backend, { lockMs, commandTimeoutMs });
  const members = Array.from({ length: count }, () =>
    store.bind({ ...scope, warn: (warning) => warnings.push(recordProduced(warning)) }),
  );
  return { members, warnings };
}

/** A token endpoint: counts requests, hands out numbered tokens valid for an hour. */
function tokenEndpoint(options: { delayMs?: number } = {}) {
  const endpoint = {
    requests: 0,
    contexts: [] as TokenFetchContext[],
    fetch: async (context: TokenFetchContext): Promise<SharedToken> => {
      endpoint.requests += 1;
      endpoint.contexts.push(context);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const accessToken = `fleet-token-${endpoint.requests}-${"x".repeat(20)}`;
      registerSecrets(accessToken);
      return { accessToken, expiresAt: Date.now() + 3600_000, refreshAt: Date.now() + 3540_000 };
    },
  };
  return endpoint;
}

async function obtainAll(
  members: BoundTokenStore[],
  fetch: (context: TokenFetchContext) => Promise<SharedToken>,
) {
  return Promise.all(members.map((member) => member.obtain(fetch, {})));
}

describe("the shared store's protocol (over a backend in memory)", () => {
  test("20 processes that need a token at once make one token request and share its answer", async () => {
    const backend = new MemoryBackend();
    const { members } = fleet(backend, 20);
    const endpoint = tokenEndpoint({ delayMs: 30 });
    const tokens = await obtainAll(members, endpoint.fetch);
    expect(endpoint.requests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    // The lock was released, and what is stored is sealed: the token is not in it.
    expect(backend.raw("lock")).toBeUndefined();
    expect(backend.raw("token")).not.toContain(tokens[0]!.accessToken);
    recordProduced(backend.raw("token"));
  });

  test("a stored token is used until its refreshAt; then one process renews it for all", async () => {
    const backend = new MemoryBackend();
    const { members } = fleet(backend, 3);
    let now = 0;
    const endpoint = {
      requests: 0,
      fetch: async (): Promise<SharedToken> => {
        endpoint.requests += 1;
        now = Date.now();
        // Renewal due 50 ms after it was obtained.
        return {
          accessToken: `short-lived-${endpoint.requests}-abcdef`,
          expiresAt: now + 3600_000,
          refreshAt: now + 50,
        };
      },
    };
    await obtainAll(members, endpoint.fetch);
    await obtainAll(members, endpoint.fetch);
    expect(endpoint.requests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const renewed = await obtainAll(members, endpoint.fetch);
    expect(endpoint.requests).toBe(2);
    expect(renewed.every((token) => token.accessToken.startsWith("short-lived-2-"))).toBe(true);
  });

  test("a token with no time left (expires_in: 0) serves its caller and is not stored", async () => {
    const backend = new MemoryBackend();
    const [member] = fleet(backend, 1).members;
    const token = await member!.obtain(
      async () => ({ accessToken: "zero-lifetime-token", expiresAt: Date.now(), refreshAt: Date.now() }),
      {},
    );
    expect(token.accessToken).toBe("zero-lifetime-token");
    expect(backend.raw("token")).toBeUndefined();
  });

  test("a refused token is never taken from the store again: the next holder replaces it", async () => {
    const backend = new MemoryBackend();
    const [first, second] = fleet(backend, 2).members;
    const endpoint = tokenEndpoint();
    const refused = await first!.obtain(endpoint.fetch, {});
    const fresh = await second!.obtain(endpoint.fetch, { refused: new Set([refused.accessToken]) });
    expect(fresh.accessToken).not.toBe(refused.accessToken);
    expect(endpoint.requests).toBe(2);
    // The first process, which did not meet the 401, now takes the new one from the store.
    expect((await first!.obtain(endpoint.fetch, {})).accessToken).toBe(fresh.accessToken);
  });

  test("compare and delete: a 401 with an old token leaves the fleet's new token alone", async () => {
    const backend = new MemoryBackend();
    const [stale, current] = fleet(backend, 2).members;
    const endpoint = tokenEndpoint();
    const old = await stale!.obtain(endpoint.fetch, {});
    const renewed = await current!.obtain(endpoint.fetch, { refused: new Set([old.accessToken]) });
    await stale!.discard(old.accessToken);
    expect((await current!.peek())?.accessToken).toBe(renewed.accessToken);
    await current!.discard(renewed.accessToken);
    expect(await current!.peek()).toBeUndefined();
    expect(endpoint.requests).toBe(2);
  });

  test("a holder that died (its lock never renewed nor released) delays the others until the lock lapses", async () => {
    const backend = new MemoryBackend();
    const { members } = fleet(backend, 4, 300);
    await deadHolder(backend, 300);
    const endpoint = tokenEndpoint();
    const lockHolders: Array<string | undefined> = [];
    const fetch = async (context: TokenFetchContext) => {
      lockHolders.push(backend.raw("lock"));
      return endpoint.fetch(context);
    };
    const tokens = await obtainAll(members, fetch);
    expect(endpoint.requests).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    // The request went out under a live process's lock, not the dead one's.
    expect(lockHolders).toHaveLength(1);
    expect(lockHolders[0]).toMatch(new RegExp(`^${process.pid}\\.`));
  });

  test("a holder that lives keeps its lock past lockMs by renewing it: nobody else asks", async () => {
    const backend = new MemoryBackend();
    const { members } = fleet(backend, 4, 300);
    const endpoint = tokenEndpoint({ delayMs: 1_000 });
    await obtainAll(members, endpoint.fetch);
    expect(endpoint.requests).toBe(1);
  });

  test("a waiter never waits past its deadline: AtlasTimeoutError, and no token request", async () => {
    const backend = new MemoryBackend();
    const [member] = fleet(backend, 1, 60_000).members;
    await deadHolder(backend, 60_000);
    const endpoint = tokenEndpoint();
    const error = await rejectionOf(member!.obtain(endpoint.fetch, { deadline: Date.now() + 150 }));
    expect(error).toBeInstanceOf(AtlasTimeoutError);
    expect(error.message).toMatch(/^POST \/api\/oauth\/token -> no answer within \d+ ms$/);
    expect(endpoint.requests).toBe(0);
  });

  test("a waiter stops at once when its call is aborted, with the signal's reason", async () => {
    const backend = new MemoryBackend();
    const [member] = fleet(backend, 1, 60_000).members;
    await deadHolder(backend, 60_000);
    const controller = new AbortController();
    const endpoint = tokenEndpoint();
    const waiting = member!.obtain(endpoint.fetch, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    expect((await rejectionOf(waiting)).message).toBe("caller gave up");
    expect(endpoint.requests).toBe(0);
  });

  test("a hold one process records (a 429, refused tokens) is read, sealed, by every other", async () => {
    const backend = new MemoryBackend();
    const [first, second] = fleet(backend, 2).members;
    const hold = {
      reason: "rate-limited" as const,
      until: Date.now() + 30_000,
      refusals: 0,
      expiresAt: Date.now() + 30_000,
    };
    await first!.setHold(hold);
    expect(backend.raw("hold")).toMatch(/^apc1\./);
    expect(await second!.hold()).toEqual(hold);
    await second!.setHold(undefined);
    expect(await first!.hold()).toBeUndefined();
  });

  test("a hold is forgotten at its expiresAt, and never honoured for more than five minutes", async () => {
    const backend = new MemoryBackend();
    const [member] = fleet(backend, 1).members;
    await member!.setHold({
      reason: "refused",
      until: Date.now() + 3600_000,
      refusals: 3,
      expiresAt: Date.now() + 3600_000,
    });
    const read = await member!.hold();
    expect(read!.until).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    expect(read!.refusals).toBe(3);
    await member!.setHold({ reason: "refused", until: Date.now(), refusals: 1, expiresAt: Date.now() + 20 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await member!.hold()).toBeUndefined();
  });

  test("a store that fails is reported once, and each process asks Atlas on its own meanwhile", async () => {
    const backend = new MemoryBackend();
    const { members, warnings } = fleet(backend, 3, 2_000, 50);
    const failure = Object.assign(new Error(`connect ECONNREFUSED, secret ${scope.clientSecret}`), {
      code: "ECONNREFUSED",
    });
    backend.failing = failure;
    const endpoint = tokenEndpoint();
    await obtainAll(members, endpoint.fetch);
    await members[0]!.obtain(endpoint.fetch, {});
    expect(endpoint.requests).toBe(4);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toEqual({
      code: "ATLAS_TOKEN_STORE_UNAVAILABLE",
      message:
        "The shared token store (memory) failed: ECONNREFUSED. This process asks Atlas for its own tokens until the store works again.",
    });
    backend.failing = undefined;
    // After a failure the store is left alone for as long as a command may take (50 ms here).
    await new Promise((resolve) => setTimeout(resolve, 60));
    await members[0]!.obtain(endpoint.fetch, {});
    await members[0]!.obtain(endpoint.fetch, {});
    expect(endpoint.requests).toBe(5);
    expect(warnings).toHaveLength(3);
  });

  test("property: whatever the token entry holds (corrupt, tampered, foreign), it is ignored and replaced", async () => {
    const foreign = new RecordSeal({ ...scope, clientId: "mdb_sa_id_someone-else" });
    const own = new RecordSeal(scope);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constant(foreign.seal("token", '{"t":"foreign-token-abcdef","e":9e12,"r":9e12}')),
          fc.constant(own.seal("hold", '{"t":"wrong-purpose-abcdef","e":9e12,"r":9e12}')),
          fc.nat({ max: 60 }).map((at) => {
            const sealed = own.seal("token", '{"t":"tampered-token-abcdef","e":9e12,"r":9e12}');
            const flipped = sealed[at] === "A" ? "B" : "A";
            return at < sealed.length ? sealed.slice(0, at) + flipped + sealed.slice(at + 1) : sealed + "A";
          }),
        ),
        async (stored) => {
          const backend = new MemoryBackend();
          const [member] = fleet(backend, 1).members;
          const endpoint = tokenEndpoint();
          await member!.obtain(endpoint.fetch, {});
          const [key] = [...backend.values.keys()];
          backend.values.set(key!, { value: stored, expiresAt: Date.now() + 60_000 });
          const [other] = fleet(backend, 1).members;
          const token = await other!.obtain(endpoint.fetch, {});
          expect(token.accessToken).toMatch(/^fleet-token-2-/);
          expect(tokenFromPlaintext(own.open("token", backend.raw("token")))?.accessToken).toBe(
            token.accessToken,
          );
        },
      ),
      propertyRuns(200),
    );
  });
});

/** Takes the fleet's lock as a process that then dies: never renewed, never released. */
async function deadHolder(backend: MemoryBackend, lockMs: number): Promise<void> {
  expect(await backend.tryLock({ slot: storeSlot(scope), kind: "lock" }, "dead-holder", lockMs)).toBe(true);
}
