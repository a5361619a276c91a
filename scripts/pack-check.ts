// npm run pack:check: packs the package as `npm publish` would (without running the build again)
// into .cache/pack/, and fails if the tarball holds anything but what consumers need: dist/ (the
// client, the local Atlas, the two token stores, declared peering and its command, with the
// declaration's JSON Schema), the provenance and license notes of the vendored
// spec (not the spec itself: nothing reads it at run time, and the local Atlas has its schemas
// inlined), README, LICENSE, CHANGELOG. No tests, fixtures, scripts or secrets.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot } from "./spec/layout.js";

export const packDirectory = ".cache/pack";
const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^testing\/package\.json$/,
  /^token-store\/(file|redis)\/package\.json$/,
  /^declared\/package\.json$/,
  /^dist\/(index|testing|token-store\/file|token-store\/redis|declared)\.(js|cjs|d\.ts|d\.cts)$/,
  // The atlas-peering command (ESM only) and the declaration's JSON Schema, for editors.
  /^dist\/cli\.js$/,
  /^schema\/declared-peering\.schema\.json$/,
  // Declarations both entries share (the error classes), in a chunk tsup names.
  /^dist\/[\w-]+\.(d\.ts|d\.cts)$/,
  /^spec\/(README\.md|SOURCE\.json)$/,
  // What the README links to, so that every link resolves on the npm page: the guides, the benchmarks.
  /^guide\/[\w-]+\.md$/,
  /^BENCHMARKS\.md$/,
];

runScript("pack:check", async () => {
  const required = [
    "package.json",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "dist/index.js",
    "dist/index.cjs",
    "dist/index.d.ts",
    "dist/index.d.cts",
    "dist/testing.js",
    "dist/testing.cjs",
    "dist/token-store/file.js",
    "dist/token-store/file.cjs",
    "dist/token-store/redis.js",
    "dist/token-store/redis.cjs",
    "dist/declared.js",
    "dist/declared.cjs",
    "dist/cli.js",
    "schema/declared-peering.schema.json",
    "spec/README.md",
    "spec/SOURCE.json",
    "BENCHMARKS.md",
    "guide/errors.md",
  ];
  rmSync(fromRoot(packDirectory), { recursive: true, force: true });
  mkdirSync(fromRoot(packDirectory), { recursive: true });
  const output = execFileSync(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", packDirectory],
    { cwd: fromRoot("."), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  const [packed] = JSON.parse(output) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    files: Array<{ path: string }>;
  }>;
  const files = packed!.files.map((file) => file.path).sort();
  const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
  const missing = required.filter((file) => !files.includes(file));
  if (unexpected.length > 0)
    throw new ScriptError(`the tarball holds files it must not: ${unexpected.join(", ")}`);
  if (missing.length > 0)
    throw new ScriptError(`the tarball lacks: ${missing.join(", ")} (run npm run build first)`);
  console.log(
    `pack:check: ${packDirectory}/${packed!.filename}: ${files.length} files, ${(packed!.size / 1024).toFixed(1)} kB packed, ${(packed!.unpackedSize / 1024).toFixed(1)} kB unpacked`,
  );
  for (const file of files) console.log(`  ${file}`);
});
