import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { installedProject, testingPeers } from "../helpers/packed-package.js";
import { nodeRuntimes } from "../helpers/runtimes.js";

// A safety net, not a margin: each test here compiles, bundles or runs whole projects, which takes
// a minute or more on a loaded machine (the 30 s default is for unit tests).
vi.setConfig({ testTimeout: 300_000 });

// Other repositories install this package from the registry and never see this tree. So: npm pack,
// install only the tarball (and the local Atlas's optional peers, as the README says) into a fresh
// project, then compile and run consumers: strict TypeScript with node16 ESM, node16 CommonJS and
// bundler resolution, and plain JavaScript require and import; each on every Node.js the package
// supports (the floor of `engines`, this machine's, 22 and 24).
const fixtures = fromRoot("test/consumer/fixtures");
const typescript = fromRoot("node_modules/typescript/bin/tsc");
const expectedOutput = { updated: "eu-west-1", patched: "ap-south-1", caught: "PEER_NOT_FOUND", revoked: 1 };

let project: string;
let runtimes: Array<{ name: string; path: string }>;

function typeScriptProject(
  name: string,
  type: "module" | "commonjs",
  compilerOptions: Record<string, unknown>,
): string {
  const directory = join(project, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name, private: true, type }));
  copyFileSync(join(fixtures, "consumer.ts"), join(directory, "consumer.ts"));
  writeFileSync(
    join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        lib: ["ES2023"],
        types: ["node"],
        typeRoots: [fromRoot("node_modules/@types")],
        skipLibCheck: false,
        outDir: "out",
        ...compilerOptions,
      },
      files: ["consumer.ts"],
    }),
  );
  return directory;
}

beforeAll(() => {
  project = installedProject("consumer", testingPeers());
  runtimes = nodeRuntimes();
}, 300_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

const consumers: Array<{ name: string; prepare: () => { directory: string; entry: string } }> = [
  {
    name: "TypeScript, node16 resolution, ESM",
    prepare: () => ({
      directory: typeScriptProject("esm-node16", "module", { module: "node16", moduleResolution: "node16" }),
      entry: "out/consumer.js",
    }),
  },
  {
    name: "TypeScript, node16 resolution, CommonJS",
    prepare: () => ({
      directory: typeScriptProject("cjs-node16", "commonjs", {
        module: "node16",
        moduleResolution: "node16",
      }),
      entry: "out/consumer.js",
    }),
  },
  {
    name: "TypeScript, bundler resolution",
    prepare: () => ({
      directory: typeScriptProject("bundler", "module", { module: "esnext", moduleResolution: "bundler" }),
      entry: "out/consumer.js",
    }),
  },
  {
    name: "JavaScript, require",
    prepare: () => {
      copyFileSync(join(fixtures, "consumer.cjs"), join(project, "consumer.cjs"));
      return { directory: project, entry: "consumer.cjs" };
    },
  },
  {
    name: "JavaScript, import",
    prepare: () => {
      const source = readFileSync(join(fixtures, "consumer.cjs"), "utf8")
        .replace(/^const \{ ([^}]+) \} = require\("([^"]+)"\);$/gm, 'import { $1 } from "$2";')
        .replace("loading the package with require()", "loading the package with import");
      writeFileSync(join(project, "consumer.mjs"), source);
      return { directory: project, entry: "consumer.mjs" };
    },
  },
];

describe("a consumer that installed only the tarball", () => {
  test.each(consumers)(
    "$name: compiles strictly, and runs on Node 20.19, this machine's Node, 22 and 24",
    ({ name, prepare }) => {
      const { directory, entry } = prepare();
      if (existsSync(join(directory, "tsconfig.json"))) {
        const compiled = spawnSync(process.execPath, [typescript, "-p", directory], { encoding: "utf8" });
        expect(compiled.status, `${name}: ${compiled.stdout}${compiled.stderr}`).toBe(0);
      }
      const versions = new Set<string>();
      for (const node of runtimes) {
        const run = spawnSync(node.path, [entry], { cwd: directory, encoding: "utf8", timeout: 30_000 });
        expect(run.status, `${name} on ${node.name}: ${run.stderr}`).toBe(0);
        expect(JSON.parse(run.stdout.trim())).toEqual(expectedOutput);
        expect(run.stderr).toBe("");
        versions.add(spawnSync(node.path, ["--version"], { encoding: "utf8" }).stdout.trim().split(".")[0]!);
      }
      expect([...versions]).toEqual(expect.arrayContaining(["v20", "v22", "v24"]));
    },
  );

  test("a wrong body is a compile error when the expectation is removed", () => {
    const directory = typeScriptProject("negative", "module", {
      module: "node16",
      moduleResolution: "node16",
      noEmit: true,
    });
    const source = readFileSync(join(directory, "consumer.ts"), "utf8");
    writeFileSync(
      join(directory, "consumer.ts"),
      source.replace("// @ts-expect-error an AZURE body cannot carry vpcId", ""),
    );
    const compiled = spawnSync(process.execPath, [typescript, "-p", directory], { encoding: "utf8" });
    expect(compiled.status).not.toBe(0);
    expect(compiled.stdout).toMatch(/vpcId/);
  });

  test("importing the client does not load the local Atlas's server-side dependencies", () => {
    const probe = join(project, "probe.mjs");
    writeFileSync(
      probe,
      [
        'import { createRequire } from "node:module";',
        'await import("atlas-peering-client");',
        "const loaded = Object.keys(createRequire(import.meta.url).cache);",
        "console.log(JSON.stringify(loaded.filter((path) => /node_modules\\/(ajv|http-auth|uuid|bcryptjs)\\//.test(path))));",
      ].join("\n"),
    );
    const esm = spawnSync(process.execPath, [probe], { cwd: project, encoding: "utf8" });
    expect(esm.status, esm.stderr).toBe(0);
    expect(JSON.parse(esm.stdout)).toEqual([]);
    const cjs = spawnSync(
      process.execPath,
      [
        "-e",
        'require("atlas-peering-client"); console.log(JSON.stringify(Object.keys(require.cache).filter((p) => /node_modules\\/(ajv|http-auth)\\//.test(p))))',
      ],
      { cwd: project, encoding: "utf8" },
    );
    expect(cjs.status, cjs.stderr).toBe(0);
    expect(JSON.parse(cjs.stdout)).toEqual([]);
  });

  test("the token stores are entry points of their own: importing the client loads none of their code", () => {
    // ESM: a module hook reports every file the import loads.
    const probe = join(project, "probe-stores.mjs");
    writeFileSync(
      probe,
      [
        'import { register } from "node:module";',
        'import { MessageChannel } from "node:worker_threads";',
        "const { port1, port2 } = new MessageChannel();",
        "const loaded = [];",
        "port1.on('message', (url) => loaded.push(url));",
        "const hooks = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { port.postMessage(url); return next(url, context); }';",
        "register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });",
        "const specifier = process.argv[2];",
        "const entry = await import(specifier);",
        "const main = await import('atlas-peering-client');",
        "let sameErrorClass = null;",
        "if (entry.createFileTokenStore) { try { entry.createFileTokenStore({ lockMs: 1 }); } catch (error) { sameErrorClass = error instanceof main.AtlasConfigurationError; } }",
        "await new Promise((resolve) => setTimeout(resolve, 100));",
        "port1.close();",
        "const ours = loaded.filter((url) => url.includes('/node_modules/atlas-peering-client/')).map((url) => url.replace(/^.*\\/node_modules\\/atlas-peering-client\\//, ''));",
        "console.log(JSON.stringify({ loaded: [...new Set(ours)].sort(), sameErrorClass }));",
      ].join("\n"),
    );
    const run = (specifier: string) => {
      const result = spawnSync(process.execPath, [probe, specifier], { cwd: project, encoding: "utf8" });
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as { loaded: string[]; sameErrorClass: boolean | null };
    };
    expect(run("atlas-peering-client")).toEqual({
      loaded: ["dist/index.js"],
      sameErrorClass: null,
    });
    expect(run("atlas-peering-client/token-store/file")).toEqual({
      loaded: ["dist/index.js", "dist/token-store/file.js"],
      sameErrorClass: true,
    });
    expect(run("atlas-peering-client/token-store/redis").loaded).toEqual([
      "dist/index.js",
      "dist/token-store/redis.js",
    ]);
    // CommonJS: the same, from require's cache.
    const cjs = spawnSync(
      process.execPath,
      [
        "-e",
        [
          'const main = require("atlas-peering-client");',
          "const files = () => Object.keys(require.cache).filter((p) => p.includes('atlas-peering-client')).map((p) => p.replace(/^.*atlas-peering-client\\//, '')).sort();",
          "const before = files();",
          'const { createFileTokenStore } = require("atlas-peering-client/token-store/file");',
          "let same = false; try { createFileTokenStore({ lockMs: 1 }); } catch (error) { same = error instanceof main.AtlasConfigurationError; }",
          "console.log(JSON.stringify({ before, after: files(), same }));",
        ].join("\n"),
      ],
      { cwd: project, encoding: "utf8" },
    );
    expect(cjs.status, cjs.stderr).toBe(0);
    expect(JSON.parse(cjs.stdout)).toEqual({
      before: ["dist/index.cjs"],
      after: ["dist/index.cjs", "dist/token-store/file.cjs"],
      same: true,
    });
  });
});
