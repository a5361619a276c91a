import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fromRoot } from "../../scripts/spec/layout.js";

/**
 * A throw-away copy of what the spec pipeline reads and writes (spec/, generated/, redocly.yaml,
 * package.json for prettier's settings), so tests can run the scripts against it with
 * ATLAS_PIPELINE_ROOT and never touch the working tree.
 */
export function makePipelineCopy(): {
  root: string;
  snapshot: () => Map<string, string>;
  remove: () => void;
} {
  const root = mkdtempSync(join(tmpdir(), "atlas-pipeline-"));
  for (const entry of ["spec", "generated", "redocly.yaml", "package.json"])
    cpSync(fromRoot(entry), join(root, entry), { recursive: true });
  const snapshot = () => {
    const files = new Map<string, string>();
    const walk = (directory: string) => {
      for (const name of readdirSync(directory)) {
        const path = join(directory, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.set(relative(root, path), readFileSync(path, "utf8"));
      }
    };
    walk(root);
    return files;
  };
  return { root, snapshot, remove: () => rmSync(root, { recursive: true, force: true }) };
}
