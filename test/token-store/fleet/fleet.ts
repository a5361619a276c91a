import { fork } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { fromRoot } from "../../../scripts/spec/layout.js";
import type { WorkerMessage, WorkerSettings } from "./messages.js";

export type { WorkerSettings } from "./messages.js";

/** What one process of a fleet did. */
export interface WorkerResult {
  pid: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  done: number;
  failures: string[];
  warnings: unknown[];
  firstCallMs: number;
  firstRequestMs: number;
  tokensUsed: string[];
  stderr: string;
}

let bundled: Promise<string> | undefined;

/**
 * The worker bundled once per test file into .cache/ (inside the repository, so that `redis` and
 * `ioredis` resolve from node_modules): a fleet of 16 then starts in about the time of one `node`.
 */
export function fleetWorker(): Promise<string> {
  bundled ??= (async () => {
    const outfile = fromRoot(`.cache/fleet-worker-${process.pid}.mjs`);
    mkdirSync(fromRoot(".cache"), { recursive: true });
    await build({
      entryPoints: [fromRoot("test/token-store/fleet/worker.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      external: ["redis", "ioredis"],
      tsconfig: fromRoot("tsconfig.json"),
      logLevel: "warning",
    });
    return outfile;
  })();
  return bundled;
}

/** Removes the bundle (at the end of the test file). */
export async function removeFleetWorker(): Promise<void> {
  if (bundled) rmSync(await bundled, { force: true });
  bundled = undefined;
}

/** A fleet under way: its processes' pids, and what each reported when it ends. */
export interface Fleet {
  pids: number[];
  results: Promise<WorkerResult[]>;
}

/**
 * Starts `processes` workers at once with the same settings (or one settings per process).
 * `onProgress` hears each worker's `progress` message (see `reportAfter`).
 */
export async function startFleet(
  settings: WorkerSettings | WorkerSettings[],
  processes: number,
  onProgress: (pid: number) => void = () => {},
): Promise<Fleet> {
  const worker = await fleetWorker();
  const children = Array.from({ length: processes }, (_, index) => {
    const own = Array.isArray(settings) ? settings[index % settings.length]! : settings;
    return fork(worker, [], {
      env: { ...process.env, FLEET_WORKER: JSON.stringify(own) },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
  });
  const results = Promise.all(
    children.map(
      (child) =>
        new Promise<WorkerResult>((resolve) => {
          const result: WorkerResult = {
            pid: child.pid!,
            exitCode: null,
            signal: null,
            done: 0,
            failures: [],
            warnings: [],
            firstCallMs: -1,
            firstRequestMs: -1,
            tokensUsed: [],
            stderr: "",
          };
          child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (result.stderr += chunk));
          child.on("message", (message: WorkerMessage) => {
            if (message.type === "progress") onProgress(child.pid!);
            else Object.assign(result, message);
          });
          child.on("exit", (code, signal) => {
            result.exitCode = code;
            result.signal = signal;
            resolve(result);
          });
        }),
    ),
  );
  return { pids: children.map((child) => child.pid!), results };
}

/** Runs a fleet to its end. */
export async function runFleet(
  settings: WorkerSettings | WorkerSettings[],
  processes: number,
  onProgress?: (pid: number) => void,
): Promise<WorkerResult[]> {
  return (await startFleet(settings, processes, onProgress)).results;
}
