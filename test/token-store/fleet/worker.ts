// One process of a fleet (test/token-store/fleet/fleet.ts forks it): makes `calls` calls to the
// local Atlas, `concurrency` at a time, with its tokens in the store it is told to use, and reports
// to its parent over IPC. Bundled with esbuild before the fleet starts, so that a process costs a
// plain `node` start-up.
import { createAtlasClient, type AtlasWarning, type SharedTokenStore } from "../../../src/index.js";
import { createFileTokenStore } from "../../../src/token-store/file/index.js";
import { createRedisTokenStore } from "../../../src/token-store/redis/index.js";
import type { WorkerMessage, WorkerSettings } from "./messages.js";

const settings = JSON.parse(process.env.FLEET_WORKER!) as WorkerSettings;
const send = (message: WorkerMessage) => process.send!(message);
const warnings: AtlasWarning[] = [];
const failures: string[] = [];
let closeStore = async () => {};

async function tokenStore(): Promise<SharedTokenStore | undefined> {
  const { lockMs, commandTimeoutMs } = settings;
  switch (settings.store) {
    case "memory":
      return undefined;
    case "file":
      return createFileTokenStore({ directory: settings.directory!, lockMs, commandTimeoutMs });
    // Loaded only when used: a Redis client costs a file-store process most of its start-up.
    case "node-redis": {
      const { createClient } = await import("redis");
      const client = await createClient({ url: settings.redisUrl! }).connect();
      closeStore = async () => void (await client.quit());
      return createRedisTokenStore({ client, lockMs, commandTimeoutMs });
    }
    case "ioredis": {
      const { Redis } = await import("ioredis");
      const client = new Redis(settings.redisUrl!, { lazyConnect: true });
      await client.connect();
      closeStore = async () => void (await client.quit());
      return createRedisTokenStore({ client, lockMs, commandTimeoutMs });
    }
  }
}

/** When the first call started, and how long until its API request left (the token wait). */
let firstCallStartedAt: number | undefined;
let firstRequestMs: number | undefined;
/** The bearer tokens this process sent, for the parent's secret audit (files, Redis, its stderr). */
const tokensUsed = new Set<string>();
const watchedFetch: typeof fetch = (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (firstRequestMs === undefined && firstCallStartedAt !== undefined && !url.includes("/api/oauth/"))
    firstRequestMs = performance.now() - firstCallStartedAt;
  const authorization = new Headers(init?.headers).get("authorization");
  if (authorization?.startsWith("Bearer ")) tokensUsed.add(authorization.slice(7));
  return fetch(input, init);
};

async function main(): Promise<void> {
  const store = await tokenStore();
  const atlas = createAtlasClient({
    fetch: watchedFetch,
    baseUrl: settings.baseUrl,
    auth: {
      type: "serviceAccount",
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      tokenStore: store,
    },
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    onWarning: (warning) => void warnings.push(warning),
  });
  let started = 0;
  let done = 0;
  let firstCallMs: number | undefined;
  const worker = async () => {
    while (started < settings.calls) {
      started += 1;
      const callStarted = performance.now();
      firstCallStartedAt ??= callStarted;
      try {
        await atlas.peers.list(settings.groupId).next();
        firstCallMs ??= performance.now() - callStarted;
      } catch (error) {
        failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
      done += 1;
      if (done === settings.reportAfter) send({ type: "progress", done });
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  await atlas.close();
  await closeStore();
  send({
    type: "done",
    done,
    failures,
    warnings,
    firstCallMs: firstCallMs ?? -1,
    firstRequestMs: firstRequestMs ?? -1,
    tokensUsed: [...tokensUsed],
  });
}

main().catch((error: unknown) => {
  failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  send({
    type: "done",
    done: 0,
    failures,
    warnings,
    firstCallMs: -1,
    firstRequestMs: -1,
    tokensUsed: [...tokensUsed],
  });
});
