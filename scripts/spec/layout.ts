import { AsyncLocalStorage } from "node:async_hooks";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { relative, resolve, sep } from "node:path";
import { readSelection, type Selection } from "./selection.js";

/** The repository these scripts belong to. */
const repository = fileURLToPath(new URL("../../", import.meta.url));

/**
 * A root set for one run of a script in this process (the pipeline's tests run the scripts
 * in-process, each against its own copy): AsyncLocalStorage, so that it follows the run through
 * every await and two runs never see each other's root.
 */
const runRoot = new AsyncLocalStorage<string>();

/**
 * The root the pipeline reads and writes, whatever the current directory of the process: the
 * repository, or (for the pipeline's own tests, which must not touch the working tree) a copy of
 * the files it needs, named by ATLAS_PIPELINE_ROOT or by `withPipelineRoot`.
 */
export function pipelineRoot(): string {
  const root = runRoot.getStore() ?? process.env.ATLAS_PIPELINE_ROOT;
  return root ? resolve(root) : repository;
}

/** Runs `run` with the pipeline reading and writing under `root` (see pipelineRoot). */
export function withPipelineRoot<T>(root: string, run: () => Promise<T>): Promise<T> {
  return runRoot.run(resolve(root), run);
}

export function fromRoot(path: string): string {
  return resolve(pipelineRoot(), path);
}

/** A path as it is recorded in committed files: relative to the repository root, with `/`. */
export function asRecordedPath(absolutePath: string): string {
  return relative(pipelineRoot(), absolutePath).split(sep).join("/");
}

const selectionFile = "spec/selection.yaml";
/** The selection read per root, again when the file changed (a test edits a copy's selection). */
const selections = new Map<string, { stamp: string; selection: Selection }>();

/** spec/selection.yaml, read once per root and version of the file (a bad file is a one-line ScriptError where it is first used). */
export function pipelineSelection(): Selection {
  const path = fromRoot(selectionFile);
  let stamp = "missing";
  try {
    const stats = statSync(path);
    stamp = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
  } catch {
    // readSelection says what is wrong, in one line.
  }
  const known = selections.get(path);
  if (known?.stamp === stamp) return known.selection;
  const selection = readSelection(path, selectionFile);
  selections.set(path, { stamp, selection });
  return selection;
}

/**
 * Every file the spec pipeline reads or writes, relative to the repository root. The fragment's
 * own files are named after the selection's `fragment`; they are getters so that a bad selection
 * file surfaces where a script uses them, as its one-line error.
 */
export const pipelineFiles = {
  /** What is vendored: the fragment's name, the operations included and excluded. Hand-written. */
  selection: selectionFile,
  /** Provenance of the cut: where it came from, its hashes, the tools. Written by spec:vendor. */
  source: "spec/SOURCE.json",
  /** Declared fix-ups to the cut (an OpenAPI Overlay document), each with its reason. Hand-written. */
  fixups: "spec/fixups.overlay.yaml",
  redoclyConfig: "redocly.yaml",
  /** The fragment exactly as cut from upstream: objects copied unchanged. Written by spec:vendor. */
  get upstreamCut(): string {
    return `spec/upstream/${pipelineSelection().fragment}.yaml`;
  },
  /** The cut with the fix-ups applied: what is linted, generated from, mocked and validated against. */
  get fragment(): string {
    return `spec/${pipelineSelection().fragment}.yaml`;
  },
  /** TypeScript types of the fragment (openapi-typescript, then prettier). */
  get types(): string {
    return `generated/${pipelineSelection().fragment}.ts`;
  },
  /** The fragment as JSON, for the local Atlas's request validation at run time (no YAML parser needed). */
  get fragmentJson(): string {
    return `generated/${pipelineSelection().fragment}.fragment.json`;
  },
};
