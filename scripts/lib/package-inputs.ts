import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fromRoot } from "../spec/layout.js";

/** Everything dist/ and the packed tarball are made of. */
const inputs = [
  "src",
  "generated",
  "scripts/build-dist.ts",
  "testing",
  "token-store",
  "declared",
  "schema",
  "spec",
  "package.json",
  "tsup.config.ts",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
];
/** Where scripts/build-dist.ts records the inputs hash of the dist/ it built. */
const builtStamp = ".cache/dist-inputs-hash";

/** A hash of the files dist/ and the tarball are built from: equal hashes, equal packages. */
export function packageInputsHash(): string {
  const hash = createHash("sha256");
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    hash
      .update(relative(fromRoot("."), path))
      .update("\0")
      .update(readFileSync(path))
      .update("\0");
  };
  for (const input of inputs) visit(fromRoot(input));
  return hash.digest("hex").slice(0, 16);
}

/** The inputs hash dist/ was last built from, when scripts/build-dist.ts built it. */
export function builtDistHash(): string | undefined {
  return existsSync(fromRoot(builtStamp)) ? readFileSync(fromRoot(builtStamp), "utf8").trim() : undefined;
}

export function recordBuiltDist(hash: string): void {
  mkdirSync(fromRoot(".cache"), { recursive: true });
  writeFileSync(fromRoot(builtStamp), `${hash}\n`);
}
