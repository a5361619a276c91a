import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { installedProject, testingPeers } from "../helpers/packed-package.js";
import { typescriptCompiler } from "../helpers/runtimes.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// TypeScript settings consumers use, against the published declarations, always with
// skipLibCheck: false (TypeScript's own lib files are not re-checked: skipDefaultLibCheck). The
// fixture passes `undefined` to every optional option and uses no Node.js global.
const fixture = fromRoot("test/consumer/fixtures/settings.ts");
const repositoryTsc = fromRoot("node_modules/typescript/bin/tsc");
const expectedOutput = { status: "PENDING_ACCEPTANCE", peers: 1, containers: 1, caught: "PEER_NOT_FOUND" };
/** The oldest TypeScript that compiles the declarations with skipLibCheck: false (the README says so). */
export const minimumTypeScript = "5.4.5";
let project: string;

beforeAll(() => {
  project = installedProject("typescript", testingPeers());
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** A folder of the project with the fixture, a package.json of `type` and a tsconfig of `compilerOptions`. */
function consumer(
  name: string,
  type: "module" | "commonjs",
  compilerOptions: Record<string, unknown>,
): string {
  const directory = join(project, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name, private: true, type }));
  copyFileSync(fixture, join(directory, "settings.ts"));
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        outDir: "out",
        ...compilerOptions,
      },
      files: ["settings.ts"],
    }),
  );
  return directory;
}

function compile(tsc: string, directory: string) {
  const compiled = spawnSync(process.execPath, [tsc, "-p", directory], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: compiled.status, output: `${compiled.stdout}${compiled.stderr}` };
}

function runs(directory: string): void {
  const run = spawnSync(process.execPath, ["out/settings.js"], {
    cwd: directory,
    encoding: "utf8",
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(expectedOutput);
}

const withoutNodeTypes = { lib: ["es2022", "dom"], types: [] };
const withNodeTypes = { lib: ["ES2023"], types: ["node"], typeRoots: [fromRoot("node_modules/@types")] };

describe("the declarations in consumer settings (skipLibCheck: false)", () => {
  test("exactOptionalPropertyTypes: passing undefined explicitly compiles where the runtime takes it, and runs", () => {
    const directory = consumer("exact-optional", "module", {
      ...withNodeTypes,
      exactOptionalPropertyTypes: true,
    });
    const compiled = compile(repositoryTsc, directory);
    expect(compiled.status, compiled.output).toBe(0);
    runs(directory);
  });

  test('lib ["es2022", "dom"] without Node.js types (dist/index.d.cts): compiles and runs', () => {
    const directory = consumer("es2022-dom", "commonjs", withoutNodeTypes);
    const compiled = compile(repositoryTsc, directory);
    expect(compiled.status, compiled.output).toBe(0);
    runs(directory);
  });

  test('lib ["es2022"] with Node.js types: compiles', () => {
    const directory = consumer("es2022-node", "commonjs", {
      ...withNodeTypes,
      lib: ["es2022"],
      noEmit: true,
    });
    const compiled = compile(repositoryTsc, directory);
    expect(compiled.status, compiled.output).toBe(0);
  });
});

describe("TypeScript versions", () => {
  const strictest = { ...withoutNodeTypes, exactOptionalPropertyTypes: true, noEmit: true };

  test.each([minimumTypeScript, "6.0.3", "7.0.2"])(
    "TypeScript %s compiles the declarations with skipLibCheck: false",
    (version) => {
      const compiled = compile(typescriptCompiler(version), consumer(`ts-${version}`, "commonjs", strictest));
      expect(compiled.status, compiled.output).toBe(0);
    },
  );

  test("TypeScript 5.3 does not, and only because of the declarations of openapi-fetch (and its helper types)", () => {
    const compiled = compile(typescriptCompiler("5.3.3"), consumer("ts-5.3.3", "commonjs", strictest));
    expect(compiled.status).not.toBe(0);
    const errorLines = compiled.output.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errorLines.length).toBeGreaterThan(0);
    for (const line of errorLines)
      expect(line).toMatch(/node_modules\/openapi-(fetch|typescript-helpers)\/dist\//);
  });

  test("TypeScript 5.0 compiles it with skipLibCheck: true", () => {
    const compiled = compile(
      typescriptCompiler("5.0.4"),
      consumer("ts-5.0.4", "commonjs", { ...strictest, skipLibCheck: true }),
    );
    expect(compiled.status, compiled.output).toBe(0);
  });
});
