import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { installBudgetBytes, installedSize } from "../../bench/installed-size.js";
import { fromRoot } from "../../scripts/spec/layout.js";
import { bundlers } from "../helpers/bundlers.js";
import { installedProject } from "../helpers/packed-package.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// `npm install atlas-peering-client`, as a production install does it: what lands on disk, what
// license checkers read, and the local Atlas's optional peers (absent until the README's one-line
// install, which the last test runs).
const fixtures = fromRoot("test/consumer/fixtures");
const readme = readFileSync(fromRoot("README.md"), "utf8");
let project: string;

beforeAll(() => {
  project = installedProject("production", [], { type: "module" });
}, 180_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** MongoDB's descriptions in the fragment, as words (a wrapped or indented copy still matches). */
function upstreamDescriptions(): string[] {
  const words = (text: string) =>
    text
      .replace(/\n\s*\*/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "description" && typeof child === "string") found.add(words(child));
      visit(child);
    }
  };
  visit(JSON.parse(readFileSync(fromRoot("generated/atlas-network-peering.fragment.json"), "utf8")));
  // Short ones ("Unique identifier.") could be anybody's words.
  return [...found].filter((description) => description.length >= 30);
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function node(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: project, encoding: "utf8", timeout: 30_000 });
}

describe("npm install atlas-peering-client", () => {
  test("installs the client and openapi-fetch (with its helper types) only, within the 1.3 MB budget", () => {
    const { bytes, packages } = installedSize(project);
    expect(packages.map((entry) => entry.name).sort()).toEqual([
      "atlas-peering-client",
      "openapi-fetch",
      "openapi-typescript-helpers",
    ]);
    expect(bytes, JSON.stringify(packages)).toBeLessThanOrEqual(installBudgetBytes);
  });

  test("license checkers read MIT for the package and for everything it installs", () => {
    const checker = fromRoot("node_modules/license-checker-rseidelsohn/bin/license-checker-rseidelsohn.js");
    const report = JSON.parse(
      execFileSync(process.execPath, [checker, "--start", project, "--json"], { encoding: "utf8" }),
    ) as Record<string, { licenses: string }>;
    const version = (JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { version: string })
      .version;
    expect(report[`atlas-peering-client@${version}`]?.licenses).toBe("MIT");
    // The checker's own policy option: fails (exit 1) on any license but MIT.
    const allowed = spawnSync(process.execPath, [checker, "--start", project, "--onlyAllow", "MIT"], {
      encoding: "utf8",
    });
    expect(allowed.status, allowed.stdout + allowed.stderr).toBe(0);
  });

  test("the published files hold none of MongoDB's CC BY-NC-SA descriptions", () => {
    const descriptions = upstreamDescriptions();
    expect(descriptions.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of filesUnder(join(project, "node_modules/atlas-peering-client"))) {
      const text = readFileSync(file, "utf8")
        .replace(/\n\s*\*/g, " ")
        .replace(/\s+/g, " ");
      for (const description of descriptions)
        if (text.includes(description)) found.push(`${file}: ${description.slice(0, 60)}`);
    }
    expect(found).toEqual([]);
  });

  test("./testing loads without ajv and http-auth; startMockAtlas says what to install, ESM and CommonJS", () => {
    writeFileSync(
      join(project, "missing.mjs"),
      [
        'import { AtlasError } from "atlas-peering-client";',
        'import { MockAtlasDependencyError, startMockAtlas } from "atlas-peering-client/testing";',
        "try {",
        "  await startMockAtlas();",
        '  console.log("started");',
        "} catch (error) {",
        "  console.log(JSON.stringify({ name: error.name, packages: error.packages, install: error.install,",
        "    typed: error instanceof MockAtlasDependencyError && error instanceof AtlasError, message: error.message }));",
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(project, "missing.cjs"),
      [
        'const { startMockAtlas } = require("atlas-peering-client/testing");',
        "startMockAtlas().then(",
        '  () => console.log("started"),',
        "  (error) => console.log(JSON.stringify({ name: error.name, packages: error.packages, install: error.install })),",
        ");",
      ].join("\n"),
    );
    const esm = node("missing.mjs");
    expect(esm.status, esm.stderr).toBe(0);
    const reported = JSON.parse(esm.stdout) as {
      name: string;
      packages: string[];
      install: string;
      typed: boolean;
      message: string;
    };
    expect(reported).toMatchObject({
      name: "MockAtlasDependencyError",
      packages: ["ajv", "http-auth"],
      typed: true,
    });
    expect(reported.message).toContain(reported.install);
    // The README documents the same one line, in a shell block of its own.
    expect(readme).toContain(`\n${reported.install}\n`);
    const cjs = node("missing.cjs");
    expect(cjs.status, cjs.stderr).toBe(0);
    expect(JSON.parse(cjs.stdout)).toMatchObject({
      name: "MockAtlasDependencyError",
      install: reported.install,
    });
  });

  test("TypeScript compiles a consumer of both entries without ajv and http-auth (skipLibCheck: false)", () => {
    copyFileSync(join(fixtures, "consumer.ts"), join(project, "consumer.ts"));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          lib: ["ES2023"],
          module: "node16",
          moduleResolution: "node16",
          types: ["node"],
          typeRoots: [fromRoot("node_modules/@types")],
          skipLibCheck: false,
          noEmit: true,
        },
        files: ["consumer.ts"],
      }),
    );
    const compiled = spawnSync(
      process.execPath,
      [fromRoot("node_modules/typescript/bin/tsc"), "-p", project],
      {
        encoding: "utf8",
      },
    );
    expect(compiled.status, compiled.stdout + compiled.stderr).toBe(0);
  });

  test("bundling ./testing needs neither ajv nor http-auth (esbuild, rollup, webpack)", async () => {
    copyFileSync(join(fixtures, "bundlers/app.mjs"), join(project, "app.mjs"));
    for (const [name, bundle] of Object.entries(bundlers)) {
      const warnings = await bundle(join(project, "app.mjs"), "esm", join(project, `bundled-${name}.mjs`));
      expect(warnings, name).toEqual([]);
    }
  });

  test("after the README's one-line install, the local Atlas runs", () => {
    const install = /^npm install --save-dev ajv@\d+ http-auth@\d+$/m.exec(readme)?.[0];
    expect(install).toBeDefined();
    const [command, ...args] = install!.split(" ");
    execFileSync(command!, [...args, "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: project,
      stdio: "ignore",
    });
    const source = readFileSync(join(fixtures, "consumer.cjs"), "utf8")
      .replace(/^const \{ ([^}]+) \} = require\("([^"]+)"\);$/gm, 'import { $1 } from "$2";')
      .replace("loading the package with require()", "loading the package with import");
    writeFileSync(join(project, "consumer.mjs"), source);
    const run = node("consumer.mjs");
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      updated: "eu-west-1",
      patched: "ap-south-1",
      caught: "PEER_NOT_FOUND",
      revoked: 1,
    });
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(["ajv", "http-auth"]);
  });
});
