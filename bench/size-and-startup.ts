import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fromRoot } from "../scripts/spec/layout.js";
import { installBudgetBytes, installedSize } from "./installed-size.js";

/**
 * Item 5: the `.` entry bundled with its dependencies, minified and gzipped (as size-limit
 * measures it) next to openapi-fetch alone; what `npm install` of the packed tarball puts on disk
 * (file sizes added up, and `du`), alone and with the local Atlas's optional peers, next to
 * mongodb-atlas-api-client's; and cold import time against an empty script.
 */
export interface SizeResult {
  bundleGzipBytes: number;
  openapiFetchGzipBytes: number;
  sizeLimitBytes: number;
  /** `npm install <tarball>` in an empty project: every file under node_modules, added up. */
  installedBytes: number;
  installedPackages: string[];
  installBudgetBytes: number;
  /** The same, as `du -sk` counts it (file-system blocks). */
  installedKiB: number;
  /** With the local Atlas's optional peers too (the README's one-line install). */
  installedWithTestingPeersBytes: number;
  peerInstalledBytes: number;
  peerInstalledKiB: number;
  peerVersion: string;
  coldImportMs: number;
  peerColdImportMs: number;
  emptyScriptMs: number;
  startupRuns: number;
  /** Minified bytes of the `.` entry's bundle by source area (src/<folder>, or a dependency). */
  bytesByArea: Array<{ area: string; bytes: number }>;
}

/**
 * What the bytes buy: the main entry bundled from its sources with a metafile, each input's
 * minified bytes added up by folder of src/ (auth, http, errors, ...) or by dependency. Before
 * gzip, since gzip works on the whole file and cannot be split by input.
 */
async function bytesByArea(): Promise<Array<{ area: string; bytes: number }>> {
  const result = await build({
    entryPoints: [fromRoot("src/index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const totals = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const parts = input.split("/");
      const at = parts.indexOf("node_modules");
      const area = at >= 0 ? parts[at + 1]! : parts.slice(0, parts.length > 2 ? 2 : 1).join("/");
      totals.set(area, (totals.get(area) ?? 0) + bytesInOutput);
    }
  return [...totals]
    .map(([area, bytes]) => ({ area, bytes }))
    .filter((entry) => entry.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

async function gzippedBundle(entry: string, contents?: string): Promise<number> {
  const result = await build({
    ...(contents
      ? { stdin: { contents, resolveDir: fromRoot("."), loader: "js" } }
      : { entryPoints: [entry] }),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    external: ["crypto", "node:crypto"],
    write: false,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

function kibibytes(directory: string): number {
  return Number(execFileSync("du", ["-sk", directory], { encoding: "utf8" }).split("\t")[0]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

export async function measureSizeAndStartup(
  tarball: string,
  peerVersion: string,
  runs = 21,
): Promise<SizeResult> {
  const bundleGzipBytes = await gzippedBundle("", 'export { createAtlasClient } from "./dist/index.js";');
  const openapiFetchGzipBytes = await gzippedBundle("", 'export { default } from "openapi-fetch";');
  const sizeLimit = JSON.parse(
    execFileSync(process.execPath, [fromRoot("node_modules/size-limit/bin.js"), "--json"], {
      cwd: fromRoot("."),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }),
  ) as Array<{ size: number }>;

  const ours = mkdtempSync(join(tmpdir(), "atlas-size-"));
  const theirs = mkdtempSync(join(tmpdir(), "atlas-size-peer-"));
  const withPeers = mkdtempSync(join(tmpdir(), "atlas-size-testing-"));
  try {
    for (const directory of [ours, theirs, withPeers])
      writeFileSync(
        join(directory, "package.json"),
        JSON.stringify({ name: "empty", private: true, type: "module" }),
      );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--omit=dev", tarball], {
      cwd: ours,
      stdio: "ignore",
    });
    execFileSync(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--omit=dev",
        `mongodb-atlas-api-client@${peerVersion}`,
      ],
      { cwd: theirs, stdio: "ignore" },
    );
    execFileSync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, "ajv@8", "http-auth@4"],
      { cwd: withPeers, stdio: "ignore" },
    );
    const installed = installedSize(ours);

    // Interleaved, so that each sample of one sits between samples of the others.
    const times = { ours: [] as number[], theirs: [] as number[], empty: [] as number[] };
    const time = (cwd: string, script: string) => {
      const started = performance.now();
      const run = spawnSync(process.execPath, ["-e", script], { cwd, stdio: "ignore" });
      if (run.status !== 0) throw new Error(`cold start failed: ${script}`);
      return performance.now() - started;
    };
    for (let run = 0; run < runs; run += 1) {
      times.empty.push(time(ours, ""));
      times.ours.push(time(ours, "import('atlas-peering-client')"));
      times.theirs.push(time(theirs, "import('mongodb-atlas-api-client')"));
    }
    return {
      bundleGzipBytes,
      openapiFetchGzipBytes,
      sizeLimitBytes: sizeLimit[0]!.size,
      installedBytes: installed.bytes,
      installedPackages: installed.packages.map((entry) => `${entry.name} ${entry.version}`),
      installBudgetBytes,
      installedKiB: kibibytes(join(ours, "node_modules")),
      installedWithTestingPeersBytes: installedSize(withPeers).bytes,
      peerInstalledBytes: installedSize(theirs).bytes,
      peerInstalledKiB: kibibytes(join(theirs, "node_modules")),
      peerVersion,
      coldImportMs: median(times.ours),
      peerColdImportMs: median(times.theirs),
      emptyScriptMs: median(times.empty),
      startupRuns: runs,
      bytesByArea: await bytesByArea(),
    };
  } finally {
    rmSync(ours, { recursive: true, force: true });
    rmSync(theirs, { recursive: true, force: true });
    rmSync(withPeers, { recursive: true, force: true });
  }
}
