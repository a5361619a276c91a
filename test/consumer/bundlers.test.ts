import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { bundlers, withEsbuild, withWebpack } from "../helpers/bundlers.js";
import { installedProject, testingPeers } from "../helpers/packed-package.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// Applications that bundle the package: esbuild, rollup and webpack, ESM and CommonJS output, each
// bundle holding both entries (the client and the local Atlas). Every bundle is run from a folder
// whose node_modules has only the local Atlas's optional peers (ajv, http-auth), which the local
// Atlas imports at run time: so the bundle itself must hold the client and openapi-fetch.
const fixtures = fromRoot("test/consumer/fixtures");
let project: string;
let runFolder: string;

beforeAll(() => {
  project = installedProject("bundlers", testingPeers());
  copyFileSync(join(fixtures, "bundlers/app.mjs"), join(project, "app.mjs"));
  copyFileSync(join(fixtures, "bundlers/app-dual.mjs"), join(project, "app-dual.mjs"));
  // The same app with require(): bundlers then take the package's CommonJS build.
  writeFileSync(
    join(project, "app.cjs"),
    readFileSync(join(fixtures, "bundlers/app.mjs"), "utf8").replace(
      /^import \{ ([^}]+) \} from "([^"]+)";$/gm,
      'const { $1 } = require("$2");',
    ),
  );
  const library = join(project, "node_modules/errors-library");
  mkdirSync(library, { recursive: true });
  writeFileSync(
    join(library, "package.json"),
    JSON.stringify({ name: "errors-library", version: "1.0.0", type: "commonjs", main: "library.cjs" }),
  );
  copyFileSync(join(fixtures, "dual-package/library.cjs"), join(library, "library.cjs"));
  // Where bundles run: the peers the local Atlas imports at run time (npm lays them and their
  // dependencies flat), and neither the package nor openapi-fetch.
  runFolder = join(project, "run");
  mkdirSync(join(runFolder, "node_modules"), { recursive: true });
  const notThere = ["atlas-peering-client", "openapi-fetch", "openapi-typescript-helpers", "errors-library"];
  for (const entry of readdirSync(join(project, "node_modules")))
    if (!entry.startsWith(".") && !notThere.includes(entry))
      cpSync(join(project, "node_modules", entry), join(runFolder, "node_modules", entry), {
        recursive: true,
      });
}, 300_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(bundle: string): unknown {
  const result = spawnSync(process.execPath, [bundle], { cwd: runFolder, encoding: "utf8", timeout: 60_000 });
  expect(result.status, `${bundle}: ${result.stderr}`).toBe(0);
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout);
}

const cases = (["esbuild", "rollup", "webpack"] as const).flatMap((bundler) => [
  ...(["esm", "cjs"] as const).map((format) => ({ bundler, format, app: "app.mjs" })),
  { bundler, format: "cjs" as const, app: "app.cjs" },
]);

describe("bundles of both entries run", () => {
  test.each(cases)("$bundler, $format output, from $app", async ({ bundler, format, app }) => {
    const bundle = join(runFolder, `${bundler}-${app.replace(".", "-")}.${format === "esm" ? "mjs" : "cjs"}`);
    const text0 = readFileSync(join(project, app), "utf8");
    expect(text0).toMatch(app === "app.cjs" ? /require\("atlas-peering-client\/testing"\)/ : /^import /m);
    const warnings = await bundlers[bundler](join(project, app), format, bundle);
    expect(warnings).toEqual([]);
    const text = readFileSync(bundle, "utf8");
    // The client and openapi-fetch are inside; ajv and http-auth are not.
    expect(text).toContain("createAtlasClient");
    expect(text).not.toMatch(/node_modules[\\/](ajv|http-auth)[\\/]/);
    expect(run(bundle)).toEqual({
      provider: "AWS",
      caught: "PEER_NOT_FOUND",
      testingErrorIsAtlasError: true,
    });
  });

  test.each([
    ["webpack, minified", (entry: string, bundle: string) => withWebpack(entry, "cjs", bundle, "production")],
    // As for AWS Lambda: `esbuild --minify`, where console.log(error) read `k [AtlasApiError]: ...`.
    [
      "esbuild --minify",
      (entry: string, bundle: string) => withEsbuild(entry, "cjs", bundle, { minify: true }),
    ],
  ] as const)(
    "%s, with a CommonJS library that requires the package: errors cross the two copies and keep their names",
    async (name, bundleWith) => {
      const bundle = join(runFolder, `${name.split(/\W/)[0]}-dual.cjs`);
      await bundleWith(join(project, "app-dual.mjs"), bundle);
      const result = run(bundle) as {
        twoCopies: boolean;
        identifiersRenamed: boolean;
        classNamesKept: boolean;
        classes: string[];
        thrown: string[];
        inspected: string[];
        mismatches: string[];
      };
      // Two copies, minified (the classes' identifiers renamed): what the brand must survive; and
      // the classes keep their names, so that a log reads `AtlasApiError: ...`, not `k [AtlasApiError]`.
      expect(result.twoCopies).toBe(true);
      expect(result.identifiersRenamed).toBe(true);
      expect(result.classNamesKept).toBe(true);
      expect(result.thrown).toEqual(result.classes);
      expect(result.inspected).toEqual(result.thrown);
      expect(result.mismatches).toEqual([]);
    },
  );
});
