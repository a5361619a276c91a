import { fileURLToPath } from "node:url";
import { relative, resolve, sep } from "node:path";
import { readSelection, type Selection } from "./selection.js";

/**
 * The root the pipeline reads and writes, whatever the current directory of the process: the
 * repository, or (for the pipeline's own tests, which must not touch the working tree) a copy of
 * the files it needs named by ATLAS_PIPELINE_ROOT.
 */
export const repoRoot = process.env.ATLAS_PIPELINE_ROOT
  ? resolve(process.env.ATLAS_PIPELINE_ROOT)
  : fileURLToPath(new URL("../../", import.meta.url));

export function fromRoot(path: string): string {
  return resolve(repoRoot, path);
}

/** A path as it is recorded in committed files: relative to the repository root, with `/`. */
export function asRecordedPath(absolutePath: string): string {
  return relative(repoRoot, absolutePath).split(sep).join("/");
}

const selectionFile = "spec/selection.yaml";
let selection: Selection | undefined;

/** spec/selection.yaml, read once per process (a bad file is a one-line ScriptError where it is first used). */
export function pipelineSelection(): Selection {
  return (selection ??= readSelection(fromRoot(selectionFile), selectionFile));
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
