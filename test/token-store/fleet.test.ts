import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { MockAtlas } from "../../src/testing/index.js";
import { storeSlot } from "../../src/token-store/store-slot.js";
import { clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { redisAvailable, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { recordProduced, recordStored, registerSecrets } from "../helpers/secret-audit.js";
import {
  fleetWorker,
  removeFleetWorker,
  runFleet,
  startFleet,
  type WorkerResult,
  type WorkerSettings,
} from "./fleet/fleet.js";
import { startTokenGate } from "./fleet/token-gate.js";
import { auditDirectory, auditRedis } from "./store-audit.js";

// Fleets of real processes (child processes of this test) against the local Atlas, with their
// tokens in a file store or in a real Redis: the local Atlas counts the tokens it issued.
const processes = 16;
const callsEach = 50;

let atlas: MockAtlas;
let directory: string;
beforeAll(async () => {
  await fleetWorker();
});
afterAll(async () => {
  await removeFleetWorker();
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "atlas-fleet-"));
});
afterEach(async () => {
  auditDirectory(directory);
  rmSync(directory, { recursive: true, force: true });
  await atlas?.close();
});

function settings(store: WorkerSettings["store"], extra: Partial<WorkerSettings> = {}): WorkerSettings {
  const { clientId, clientSecret, groupId } = atlas.credentials;
  return {
    baseUrl: atlas.url,
    clientId,
    clientSecret,
    groupId,
    store,
    directory: join(directory, "tokens"),
    calls: callsEach,
    concurrency: 10,
    // These suites count tokens. Sixteen processes on a loaded 2-core machine can take a store
    // command past the 1 s default, and the process then rightly goes on without the store (its
    // own token): the store's own suites test that bound; here it is out of the way.
    commandTimeoutMs: 10_000,
    ...extra,
  };
}

/** Every worker ended on its own, made all its calls, none failed; what they logged goes to the audit. */
function expectAllSucceeded(results: WorkerResult[], calls = callsEach): void {
  for (const result of results) {
    registerSecrets(...result.tokensUsed);
    expect(result.tokensUsed.length).toBeGreaterThan(0);
    recordProduced(result.warnings);
    recordStored(`worker ${result.pid} stderr`, result.stderr);
    expect(result.failures, result.stderr).toEqual([]);
    expect({ exitCode: result.exitCode, done: result.done, warnings: result.warnings }).toEqual({
      exitCode: 0,
      done: calls,
      warnings: [],
    });
  }
}

/**
 * Runs the fleet and expires every token on the server when the first process is halfway (the
 * others are mid-flight); returns the tokens issued before the expiry and in all.
 */
async function fleetWithExpiry(fleetSettings: WorkerSettings | WorkerSettings[]) {
  let issuedBeforeExpiry = -1;
  const results = await runFleet(
    Array.isArray(fleetSettings)
      ? fleetSettings.map((each) => ({ ...each, reportAfter: callsEach / 2 }))
      : { ...fleetSettings, reportAfter: callsEach / 2 },
    processes,
    () => {
      if (issuedBeforeExpiry !== -1) return;
      issuedBeforeExpiry = atlas.state.oauth.issued;
      atlas.state.oauth.expireAll();
    },
  );
  return { results, issuedBeforeExpiry, issued: atlas.state.oauth.issued };
}

describe("a fleet of processes with no shared store (the baseline)", () => {
  test("16 processes make 16 token requests", async () => {
    atlas = await startTestAtlas();
    const results = await runFleet(settings("memory", { calls: 5 }), processes);
    expectAllSucceeded(results, 5);
    expect(atlas.state.oauth.issued).toBe(processes);
  });
});

describe("a fleet sharing the file token store", () => {
  test("16 processes x 50 calls, cold: 1 token; every token expired on the server mid-run: 1 more", async () => {
    atlas = await startTestAtlas();
    const { results, issuedBeforeExpiry, issued } = await fleetWithExpiry(settings("file"));
    expectAllSucceeded(results);
    expect(issuedBeforeExpiry).toBe(1);
    expect(issued).toBe(2);
    expect(atlas.requests.filter((request) => request.path.endsWith("/peers")).length).toBeGreaterThanOrEqual(
      processes * callsEach,
    );
  });

  test("the process holding the lock is killed (kill -9) mid-fetch: the fleet recovers, with at most 2 tokens", async () => {
    atlas = await startTestAtlas();
    const proxy = await startTokenGate(atlas.url, { holdAnswer: true });
    try {
      const fleet = await startFleet(settings("file", { baseUrl: proxy.url, lockMs: 1_000, calls: 10 }), 8);
      await proxy.firstTokenRequest;
      const lock = join(
        directory,
        "tokens",
        `${storeSlot({ baseUrl: proxy.url, clientId: atlas.credentials.clientId })}.lock`,
      );
      const holder = Number(readFileSync(lock, "utf8").split(".")[0]);
      expect(fleet.pids).toContain(holder);
      process.kill(holder, "SIGKILL");
      const results = await fleet.results;
      const [killed] = results.filter((result) => result.pid === holder);
      expect(killed!.signal).toBe("SIGKILL");
      expectAllSucceeded(
        results.filter((result) => result.pid !== holder),
        10,
      );
      expect(atlas.state.oauth.issued).toBeLessThanOrEqual(2);
      expect(atlas.state.oauth.issued).toBe(2); // the held one, and the one after the takeover
    } finally {
      await proxy.close();
    }
  });

  test("the token endpoint answers 429 (Atlas's 10 a minute): the fleet waits it out together, one 429 in all", async () => {
    atlas = await startTestAtlas({ tokenRateLimit: { requests: 1, windowMs: 2_000 } });
    // Just before the fleet's first token request goes on, someone else uses up the window.
    const proxy = await startTokenGate(atlas.url, {
      beforeForwarding: () => clientFor(atlas, "serviceAccount").peers.list(atlas.credentials.groupId).next(),
    });
    try {
      const results = await runFleet(settings("file", { baseUrl: proxy.url, calls: 5 }), processes);
      expectAllSucceeded(results, 5);
      expect(atlas.state.oauth.issued).toBe(2);
      const tokenAnswers = atlas.requests.filter((request) => request.path === "/api/oauth/token");
      expect(tokenAnswers.map((request) => request.status)).toEqual([200, 429, 200]);
    } finally {
      await proxy.close();
    }
  });
});

const redisRuns = redisAvailable();
describe.runIf(redisRuns)(
  "a fleet sharing the Redis token store (node-redis and ioredis side by side)",
  () => {
    let redis: RedisServer;
    let inspector: ReturnType<typeof createClient>;
    beforeAll(async () => {
      redis = await startRedis();
      inspector = await createClient({ url: redis.url }).connect();
    });
    afterAll(async () => {
      await inspector?.quit();
      await redis?.close();
    });
    afterEach(async () => {
      await auditRedis((args) => inspector.sendCommand(args));
      await inspector.sendCommand(["FLUSHDB"]);
    });
    const bothClients = () => [
      settings("node-redis", { redisUrl: redis.url }),
      settings("ioredis", { redisUrl: redis.url }),
    ];

    test("16 processes x 50 calls, cold: 1 token; every token expired on the server mid-run: 1 more", async () => {
      atlas = await startTestAtlas();
      const { results, issuedBeforeExpiry, issued } = await fleetWithExpiry(bothClients());
      expectAllSucceeded(results);
      expect(issuedBeforeExpiry).toBe(1);
      expect(issued).toBe(2);
    });

    test("the process holding the lock is killed (kill -9) mid-fetch: the fleet recovers, with at most 2 tokens", async () => {
      atlas = await startTestAtlas();
      const proxy = await startTokenGate(atlas.url, { holdAnswer: true });
      try {
        const fleet = await startFleet(
          bothClients().map((each) => ({ ...each, baseUrl: proxy.url, lockMs: 1_000, calls: 10 })),
          8,
        );
        await proxy.firstTokenRequest;
        const slot = storeSlot({ baseUrl: proxy.url, clientId: atlas.credentials.clientId });
        const owner = await inspector.sendCommand(["GET", `atlas-peering-client:{${slot}}:lock`]);
        const holder = Number(String(owner).split(".")[0]);
        expect(fleet.pids).toContain(holder);
        process.kill(holder, "SIGKILL");
        const results = await fleet.results;
        expect(results.find((result) => result.pid === holder)!.signal).toBe("SIGKILL");
        expectAllSucceeded(
          results.filter((result) => result.pid !== holder),
          10,
        );
        expect(atlas.state.oauth.issued).toBe(2);
      } finally {
        await proxy.close();
      }
    });
  },
);
