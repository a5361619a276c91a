import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtDistHash, packageInputsHash } from "../../scripts/lib/package-inputs.js";
import { fromRoot } from "../../scripts/spec/layout.js";

/**
 * The package as other repositories get it: dist/ built from the working tree, packed with npm
 * pack, installed from the tarball into a fresh project. Several test files need it (consumers,
 * bundlers, runtimes, TypeScript versions); the tarball is built once per change of what goes into
 * it and kept in .cache/packed/, and test files that run at the same time wait for one another.
 */
const packedRoot = fromRoot(".cache/packed");

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `work` while holding a lock directory; a lock older than five minutes is a dead process's. */
function withLock<T>(lock: string, work: () => T): T {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released in the meantime.
      }
      sleep(200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The path of the packed tarball of the working tree, building dist/ and packing when the inputs changed. */
export function packedTarball(): string {
  mkdirSync(packedRoot, { recursive: true });
  return withLock(join(packedRoot, ".lock"), () => {
    const hash = packageInputsHash();
    const directory = join(packedRoot, hash);
    const done = join(directory, "tarball");
    if (existsSync(done)) return join(directory, readFileSync(done, "utf8"));
    for (const old of readdirSync(packedRoot))
      if (!old.startsWith(".")) rmSync(join(packedRoot, old), { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    // npm test has just built dist/ from these very inputs; anything else builds it here.
    if (builtDistHash() !== hash)
      execFileSync(process.execPath, ["--import", "tsx", fromRoot("scripts/build-dist.ts")], {
        cwd: fromRoot("."),
        stdio: "ignore",
      });
    const packed = execFileSync(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", directory],
      { cwd: fromRoot("."), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    const filename = (JSON.parse(packed) as Array<{ filename: string }>)[0]!.filename;
    writeFileSync(done, filename);
    return join(directory, filename);
  });
}

/** The exact version of one of this repository's devDependencies, so a consumer installs what we test with. */
export function devDependencyVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  const version = manifest.devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency`);
  return version;
}

/**
 * A fresh project (in the system's temporary directory) with the tarball installed from the
 * registry's point of view: `npm install <tarball> ...more`. `omitDev` installs as production does.
 */
export function installedProject(
  prefix: string,
  more: string[] = [],
  options: { omitDev?: boolean; type?: "module" | "commonjs" } = {},
): string {
  const project = mkdtempSync(join(tmpdir(), `atlas-${prefix}-`));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: `atlas-${prefix}`,
      private: true,
      ...(options.type ? { type: options.type } : {}),
    }),
  );
  execFileSync(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      ...(options.omitDev ? ["--omit=dev"] : []),
      packedTarball(),
      ...more,
    ],
    { cwd: project, stdio: "ignore" },
  );
  return project;
}

/** The local Atlas's optional peer dependencies, at the versions this repository tests with. */
export function testingPeers(): string[] {
  return ["ajv", "http-auth"].map((name) => `${name}@${devDependencyVersion(name)}`);
}
