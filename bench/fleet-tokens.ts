import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockAtlas } from "../src/testing/index.js";
import { redisAvailable, startRedis } from "../test/helpers/redis-server.js";
import {
  fleetWorker,
  removeFleetWorker,
  runFleet,
  type WorkerResult,
  type WorkerSettings,
} from "../test/token-store/fleet/fleet.js";

/**
 * Item 7: token requests made by a fleet of processes (child processes, each its own client),
 * cold, with every token expired on the server when the first process is halfway; and how long a
 * process waits before its first call completes: in the cold fleet (one asks, the others wait for
 * its token) and for a process that starts once the token is in the store.
 */
export interface FleetRow {
  store: string;
  processes: number;
  callsEach: number;
  tokensBeforeExpiry: number;
  tokensAfterExpiry: number;
  unauthorized: number;
  failedCalls: number;
  wallMs: number;
  /** In the cold fleet, how long each process waited for a token before its first request left: median and longest. */
  coldWaitMedianMs: number;
  coldWaitMaxMs: number;
  /** The same for a process started after the fleet (the token in the store, if there is one), median of `laterRuns`. */
  laterWaitMedianMs: number;
  /** Token requests made by those later processes. */
  laterTokens: number;
}

export interface FleetTokensResult {
  rows: FleetRow[];
  laterRuns: number;
  redisSkipped: boolean;
}

const processes = 16;
const callsEach = 50;
const laterRuns = 5;

export async function measureFleetTokens(): Promise<FleetTokensResult> {
  await fleetWorker();
  const redisRuns = redisAvailable();
  const redis = redisRuns ? await startRedis() : undefined;
  const directory = mkdtempSync(join(tmpdir(), "atlas-bench-fleet-"));
  try {
    const stores: Array<[string, WorkerSettings["store"], Partial<WorkerSettings>]> = [
      ["in memory (no store)", "memory", {}],
      ["file", "file", { directory: join(directory, "tokens") }],
    ];
    if (redis) stores.push(["Redis (node-redis 5)", "node-redis", { redisUrl: redis.url }]);
    if (redis) stores.push(["Redis (ioredis 6)", "ioredis", { redisUrl: redis.url }]);
    const rows: FleetRow[] = [];
    for (const [store, kind, extra] of stores) rows.push(await measureOne(store, kind, extra));
    return { rows, laterRuns, redisSkipped: !redis };
  } finally {
    await redis?.close();
    rmSync(directory, { recursive: true, force: true });
    await removeFleetWorker();
  }
}

async function measureOne(
  store: string,
  kind: WorkerSettings["store"],
  extra: Partial<WorkerSettings>,
): Promise<FleetRow> {
  const atlas = await startMockAtlas();
  try {
    const settings = (calls: number): WorkerSettings => ({
      baseUrl: atlas.url,
      clientId: atlas.credentials.clientId,
      clientSecret: atlas.credentials.clientSecret,
      groupId: atlas.credentials.groupId,
      store: kind,
      calls,
      concurrency: 10,
      reportAfter: callsEach / 2,
      ...extra,
    });
    let tokensBeforeExpiry = -1;
    const started = performance.now();
    const results = await runFleet(settings(callsEach), processes, () => {
      if (tokensBeforeExpiry !== -1) return;
      tokensBeforeExpiry = atlas.state.oauth.issued;
      atlas.state.oauth.expireAll();
    });
    const wallMs = performance.now() - started;
    const tokensAfterExpiry = atlas.state.oauth.issued - tokensBeforeExpiry;
    const unauthorized = atlas.requests.filter((request) => request.status === 401).length;
    const cold = tokenWaits(results);
    const issuedBeforeLater = atlas.state.oauth.issued;
    const later: number[] = [];
    for (let run = 0; run < laterRuns; run += 1)
      later.push(...tokenWaits(await runFleet({ ...settings(1), reportAfter: undefined }, 1)));
    return {
      store,
      processes,
      callsEach,
      tokensBeforeExpiry,
      tokensAfterExpiry,
      unauthorized,
      failedCalls: results.reduce(
        (sum, result) => sum + result.failures.length + (callsEach - result.done),
        0,
      ),
      wallMs,
      coldWaitMedianMs: median(cold),
      coldWaitMaxMs: Math.max(...cold),
      laterWaitMedianMs: median(later),
      laterTokens: atlas.state.oauth.issued - issuedBeforeLater,
    };
  } finally {
    await atlas.close();
  }
}

function tokenWaits(results: WorkerResult[]): number[] {
  return results.map((result) => result.firstRequestMs).filter((ms) => ms >= 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
}
