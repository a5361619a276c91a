import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fromRoot } from "../../scripts/spec/layout.js";

export interface PipelineCopy {
  /** The copy's root: what the scripts read and write when run with it. */
  root: string;
  /**
   * MongoDB's documents as the copy sees them: `<root>/../shared` is a link to the repository's
   * `../shared`, so a path under it is recorded in SOURCE.json exactly as the committed one is
   * (`../shared/atlas-openapi/v2.yaml`), wherever the clone and the temporary directory are.
   */
  shared: (path: string) => string;
  snapshot: () => Map<string, string>;
  remove: () => void;
}

/**
 * A throw-away copy of what the spec pipeline reads and writes (spec/, generated/, redocly.yaml,
 * package.json for prettier's settings), so tests can run the scripts against it (in-process with
 * `runInProcess`'s root, or as a child process with ATLAS_PIPELINE_ROOT) and never touch the
 * working tree.
 */
export function makePipelineCopy(): PipelineCopy {
  const parent = mkdtempSync(join(tmpdir(), "atlas-pipeline-"));
  const root = join(parent, "repository");
  mkdirSync(root);
  for (const entry of ["spec", "generated", "redocly.yaml", "package.json"])
    cpSync(fromRoot(entry), join(root, entry), { recursive: true });
  const shared = resolve(fromRoot("."), "../shared");
  if (existsSync(shared)) symlinkSync(shared, join(parent, "shared"), "dir");
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
  return {
    root,
    shared: (path) => join(parent, "shared", path),
    snapshot,
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}
