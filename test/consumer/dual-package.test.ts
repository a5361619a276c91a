import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { installedProject, testingPeers } from "../helpers/packed-package.js";
import { nodeRuntimes } from "../helpers/runtimes.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// The dual-package hazard: a CommonJS library require()s the package (dist/index.cjs) while the
// application import()s it (dist/index.js); two copies of every class live in one process. With
// the real dist/ files from the tarball, every error class is thrown for real by each copy and
// checked against each class of the other copy.
const fixtures = fromRoot("test/consumer/fixtures/dual-package");
let project: string;

beforeAll(() => {
  project = installedProject("dual", testingPeers());
  const library = join(project, "node_modules/errors-library");
  mkdirSync(library, { recursive: true });
  writeFileSync(
    join(library, "package.json"),
    JSON.stringify({ name: "errors-library", version: "1.0.0", type: "commonjs", main: "library.cjs" }),
  );
  copyFileSync(join(fixtures, "library.cjs"), join(library, "library.cjs"));
  copyFileSync(join(fixtures, "app.mjs"), join(project, "app.mjs"));
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("one error class across the ESM and CommonJS builds", () => {
  test.each(nodeRuntimes())(
    "$name: an error thrown by either copy is an instance of the other's class and AtlasError, and of no other; a look-alike of none",
    ({ path }) => {
      const run = spawnSync(path, ["app.mjs"], { cwd: project, encoding: "utf8", timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        twoCopies: boolean;
        classes: string[];
        thrownByCjs: string[];
        thrownByEsm: string[];
        mismatches: string[];
        isAtlasErrorCode: boolean;
      };
      // Two copies really are loaded, or the test would prove nothing.
      expect(result.twoCopies).toBe(true);
      // Every exported error class was thrown by each copy (a new class needs a case in library.cjs).
      expect(result.classes).toContain("AtlasError");
      expect(result.classes).toContain("AtlasApiError");
      expect(result.thrownByCjs).toEqual(result.classes);
      expect(result.thrownByEsm).toEqual(result.classes);
      expect(result.mismatches).toEqual([]);
      expect(result.isAtlasErrorCode).toBe(true);
    },
  );
});
