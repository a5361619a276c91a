import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fromRoot } from "../scripts/spec/layout.js";

/**
 * The clients users would pick instead, installed by the benchmark into a cached, git-ignored
 * folder (.bench/peers) rather than as devDependencies every install would pay for. Reinstalled
 * once a day, so "latest" stays the latest.
 */
export const peerPackages = ["digest-fetch", "urllib", "mongodb-atlas-api-client"] as const;
const directory = fromRoot(".bench/peers");

export function installPeers(): Record<(typeof peerPackages)[number], string> {
  const stamp = join(directory, ".installed-on");
  const today = new Date().toISOString().slice(0, 10);
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== today) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, "package.json"), JSON.stringify({ name: "bench-peers", private: true }));
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", ...peerPackages.map((name) => `${name}@latest`)],
      { cwd: directory, stdio: "ignore" },
    );
    writeFileSync(stamp, today);
  }
  return Object.fromEntries(peerPackages.map((name) => [name, versionOf(name)])) as Record<
    (typeof peerPackages)[number],
    string
  >;
}

export function versionOf(name: string): string {
  return (
    JSON.parse(readFileSync(join(directory, "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
}

/** Loads a peer from the bench folder (CommonJS or ESM). */
export async function importPeer<T>(name: string): Promise<T> {
  const resolved = createRequire(join(directory, "package.json")).resolve(name);
  return (await import(resolved)) as T;
}
