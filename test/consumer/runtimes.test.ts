import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { installedProject, testingPeers } from "../helpers/packed-package.js";
import { bun, bunVersion, deno, denoVersion, jest, jestVersion } from "../helpers/runtimes.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// A smoke run on Bun and Deno (both from the npm registry, pinned, cached): the JavaScript
// consumers (import and require) against the local Atlas, the dual-package check, and the
// missing-peer error, from projects npm installed. Deno runs with loopback network access and
// read access to the project only. And Jest, whose CommonJS module runtime cannot run import() in
// a package: the local Atlas must start from a Jest test file.
const fixtures = fromRoot("test/consumer/fixtures");
const expectedOutput = { updated: "eu-west-1", patched: "ap-south-1", caught: "PEER_NOT_FOUND", revoked: 1 };
let project: string;
let withoutPeers: string;

const runtimes = [
  { name: `Bun ${bunVersion}`, command: () => [bun()] },
  { name: `Deno ${denoVersion}`, command: () => [deno(), "run", "--allow-net=127.0.0.1", "--allow-read=."] },
];

beforeAll(() => {
  project = installedProject("runtimes", testingPeers());
  copyFileSync(join(fixtures, "consumer.cjs"), join(project, "consumer.cjs"));
  writeFileSync(
    join(project, "consumer.mjs"),
    readFileSync(join(fixtures, "consumer.cjs"), "utf8").replace(
      /^const \{ ([^}]+) \} = require\("([^"]+)"\);$/gm,
      'import { $1 } from "$2";',
    ),
  );
  const library = join(project, "node_modules/errors-library");
  mkdirSync(library, { recursive: true });
  writeFileSync(
    join(library, "package.json"),
    JSON.stringify({ name: "errors-library", version: "1.0.0", type: "commonjs", main: "library.cjs" }),
  );
  copyFileSync(join(fixtures, "dual-package/library.cjs"), join(library, "library.cjs"));
  copyFileSync(join(fixtures, "dual-package/app.mjs"), join(project, "app.mjs"));

  withoutPeers = installedProject("runtimes-lean", [], { type: "module" });
  writeFileSync(
    join(withoutPeers, "missing.mjs"),
    [
      'import { MockAtlasDependencyError, startMockAtlas } from "atlas-peering-client/testing";',
      "try {",
      "  await startMockAtlas();",
      '  console.log("started");',
      "} catch (error) {",
      "  console.log(JSON.stringify({ typed: error instanceof MockAtlasDependencyError, packages: error.packages }));",
      "}",
    ].join("\n"),
  );
  const jestTest = [
    'const { AtlasApiError, createAtlasClient } = require("atlas-peering-client");',
    'const { MockAtlasDependencyError, startMockAtlas } = require("atlas-peering-client/testing");',
    'test("the local Atlas starts and answers, or says what to install", async () => {',
    "  let atlas;",
    "  try {",
    "    atlas = await startMockAtlas();",
    "  } catch (error) {",
    "    expect(error).toBeInstanceOf(MockAtlasDependencyError);",
    "    console.log(JSON.stringify({ missing: error.packages }));",
    "    return;",
    "  }",
    "  const { groupId, publicKey, privateKey } = atlas.credentials;",
    '  const client = createAtlasClient({ baseUrl: atlas.url, auth: { type: "digest", publicKey, privateKey } });',
    '  await expect(client.peers.get(groupId, "0123456789abcdef01234567")).rejects.toBeInstanceOf(AtlasApiError);',
    "  await client.close();",
    "  await atlas.close();",
    "  console.log(JSON.stringify({ answered: true }));",
    "});",
  ].join("\n");
  writeFileSync(join(project, "local-atlas.test.cjs"), jestTest);
  writeFileSync(join(withoutPeers, "local-atlas.test.cjs"), jestTest);
  for (const runtime of runtimes) runtime.command();
  jest();
}, 300_000);
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(withoutPeers, { recursive: true, force: true });
});

function run(command: string[], script: string, cwd = project): unknown {
  const result = spawnSync(command[0]!, [...command.slice(1), script], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  expect(result.status, `${command.join(" ")} ${script}: ${result.stdout}${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout.trim());
}

describe.each(runtimes)("$name", ({ command }) => {
  test("the consumers, with import and with require, against the local Atlas", () => {
    expect(run(command(), "consumer.mjs")).toEqual(expectedOutput);
    expect(run(command(), "consumer.cjs")).toEqual(expectedOutput);
  });

  test("errors cross the ESM and CommonJS builds", () => {
    const result = run(command(), "app.mjs") as {
      twoCopies: boolean;
      classes: string[];
      mismatches: string[];
    };
    expect(result.twoCopies).toBe(true);
    expect(result.classes.length).toBeGreaterThan(5);
    expect(result.mismatches).toEqual([]);
  });

  test("without ajv and http-auth, startMockAtlas says what is missing", () => {
    expect(run(command(), "missing.mjs", withoutPeers)).toEqual({
      typed: true,
      packages: ["ajv", "http-auth"],
    });
  });
});

describe(`Jest ${jestVersion}, a CommonJS test file`, () => {
  const runJest = (cwd: string) => {
    const result = spawnSync(
      process.execPath,
      [jest(), "--rootDir", cwd, "--testMatch", "**/local-atlas.test.cjs", "--ci", "--useStderr"],
      { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    return result.stdout + result.stderr;
  };

  test("the local Atlas starts and answers", () => {
    expect(runJest(project)).toContain('{"answered":true}');
  });

  test("without ajv and http-auth, startMockAtlas says what is missing", () => {
    expect(runJest(withoutPeers)).toContain('{"missing":["ajv","http-auth"]}');
  });
});
