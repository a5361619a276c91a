import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { devDependencyVersion, installedProject, testingPeers } from "../helpers/packed-package.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// Which Vitest environments a consumer's tests can use the local Atlas from. A project that
// installed the packed package, the local Atlas's peers, Vitest, jsdom, happy-dom and undici (at
// the versions this repository pins) runs the fixtures under test/consumer/fixtures/environments:
// node and jsdom reach the local Atlas; happy-dom's own fetch applies the same-origin policy and
// fails (FETCH_FAILED, a CORS preflight the local Atlas refuses), unless the client is given
// undici's fetch or happy-dom's policy is turned off. The README's testing section says the same.
const fixtures = fromRoot("test/consumer/fixtures/environments");
const tools = ["vitest", "jsdom", "happy-dom", "undici"].map(
  (name) => `${name}@${devDependencyVersion(name)}`,
);

let project: string;
beforeAll(() => {
  project = installedProject("environments", [...testingPeers(), ...tools], { type: "module" });
  for (const file of readdirSync(fixtures))
    copyFileSync(join(fixtures, file), join(project, file.replace(/\.fixture\.ts$/, ".test.ts")));
}, 300_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

interface Report {
  numTotalTestSuites: number;
  testResults: Array<{
    name: string;
    message: string;
    assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
  }>;
}

const expected = [
  "node: the client reaches the local Atlas",
  "jsdom: the client reaches the local Atlas (jsdom leaves Node.js's fetch in place)",
  "happy-dom: its fetch applies the same-origin policy, and the local Atlas is another origin",
  "happy-dom, with undici's fetch passed to the client: it reaches the local Atlas",
  "happy-dom with disableSameOriginPolicy: it reaches the local Atlas",
];

describe("the local Atlas in a consumer's Vitest environments", () => {
  const results: Record<string, { status: string; failure: string }> = {};
  let problems = "";

  beforeAll(() => {
    const run = spawnSync(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--reporter=json", "--outputFile=report.json"],
      // A generous safety net only: the run takes seconds.
      { cwd: project, encoding: "utf8", timeout: 240_000 },
    );
    if (run.status !== 0) problems += `vitest exited ${run.status}: ${run.stderr.slice(-2000)}\n`;
    const report = JSON.parse(readFileSync(join(project, "report.json"), "utf8")) as Report;
    for (const file of report.testResults) {
      if (file.message) problems += `${file.name}: ${file.message}\n`;
      for (const each of file.assertionResults)
        results[each.title] = { status: each.status, failure: each.failureMessages.join("\n") };
    }
  }, 300_000);

  test.each(expected)("%s", (title) => {
    expect(results[title]?.failure ?? `${title}: did not run`).toBe("");
    expect(results[title]?.status).toBe("passed");
  });

  test("nothing else ran, nothing was skipped, no file failed to load", () => {
    expect(Object.keys(results).sort()).toEqual([...expected].sort());
    expect(problems).toBe("");
  });
});
