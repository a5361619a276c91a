import type { AtlasWarning } from "../../../src/index.js";

/** What a fleet process is told (as JSON in FLEET_WORKER). */
export interface WorkerSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  groupId: string;
  store: "memory" | "file" | "node-redis" | "ioredis";
  directory?: string;
  redisUrl?: string;
  lockMs?: number;
  commandTimeoutMs?: number;
  calls: number;
  concurrency: number;
  /** Sends a `progress` message once this many calls are done. */
  reportAfter?: number;
}

/** What it reports back over IPC. */
export type WorkerMessage =
  | { type: "progress"; done: number }
  | {
      type: "done";
      done: number;
      failures: string[];
      warnings: AtlasWarning[];
      /** How long its first call took, token wait included (ms). */
      firstCallMs: number;
      /** How long after its first call started that call's API request left: the wait for a token (ms). */
      firstRequestMs: number;
      /** The bearer tokens it sent (for the secret audit). */
      tokensUsed: string[];
    };
