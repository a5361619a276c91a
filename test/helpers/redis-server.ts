import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, toolAvailable } from "./external-tools.js";

export const redisBinary = "redis-server";
const redisPresent = spawnSync(redisBinary, ["--version"]).status === 0;

/** Whether the Redis suites run here: CI installs Debian's redis-server; elsewhere a loud SKIPPED line. */
export function redisAvailable(): boolean {
  return toolAvailable("Redis token store", redisPresent, "apt-get install redis-server");
}

export interface RedisServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Debian's redis-server on a free loopback port, in a temporary directory, with persistence off;
 * stopped (and the directory removed) by `close()`.
 */
export async function startRedis(): Promise<RedisServer> {
  const directory = mkdtempSync(join(tmpdir(), "atlas-redis-"));
  const port = await freePort();
  const child = spawn(
    redisBinary,
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForPong(port, child, () => output);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    close: async () => {
      await stop(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function waitForPong(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`redis-server exited (${child.exitCode}): ${output().slice(-2000)}`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer PING on ${port}: ${output().slice(-2000)}`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setTimeout(1000, () => socket.destroy());
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\r\n")) socket.end();
    });
    socket.on("error", () => resolve(false));
    socket.on("close", () => resolve(answer.startsWith("+PONG")));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
