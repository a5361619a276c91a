import { fileURLToPath } from "node:url";
import { relative, resolve, sep } from "node:path";

/**
 * The root the pipeline reads and writes, whatever the current directory of the process: the
 * repository, or (for the pipeline's own tests, which must not touch the working tree) a copy of
 * the files it needs named by ATLAS_PIPELINE_ROOT.
 */
export const repoRoot = process.env.ATLAS_PIPELINE_ROOT
  ? resolve(process.env.ATLAS_PIPELINE_ROOT)
  : fileURLToPath(new URL("../../", import.meta.url));

/** Every file the spec pipeline reads or writes, relative to the repository root. */
export const pipelineFiles = {
  /** The peers fragment exactly as cut from upstream: objects copied unchanged. Written by spec:vendor. */
  upstreamCut: "spec/upstream/atlas-peers.yaml",
  /** Provenance of the cut: where it came from, its hashes, the tools. Written by spec:vendor. */
  source: "spec/SOURCE.json",
  /** Declared fix-ups to the cut (an OpenAPI Overlay 1.0 document), each with its reason. Hand-written. */
  fixups: "spec/fixups.overlay.yaml",
  /** The cut with the fix-ups applied: what is linted, generated from, mocked and validated against. */
  fragment: "spec/atlas-peers.yaml",
  /** TypeScript types of the fragment (openapi-typescript, then prettier). */
  types: "generated/atlas-peers.ts",
  /** The fragment as JSON, for the local Atlas's request validation at run time (no YAML parser needed). */
  fragmentJson: "generated/atlas-peers.fragment.json",
  redoclyConfig: "redocly.yaml",
} as const;

export function fromRoot(path: string): string {
  return resolve(repoRoot, path);
}

/** A path as it is recorded in committed files: relative to the repository root, with `/`. */
export function asRecordedPath(absolutePath: string): string {
  return relative(repoRoot, absolutePath).split(sep).join("/");
}

export const peersPaths = {
  collection: "/api/atlas/v2/groups/{groupId}/peers",
  item: "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
} as const;

/**
 * The five peers operations, by path and method rather than operationId: MongoDB renamed every
 * one of them between 2025 and 2026 (`updatePeeringConnection` became `updateGroupPeer`), and the
 * cut must keep working across such renames.
 */
export const peersOperations = [
  { path: peersPaths.collection, method: "get" },
  { path: peersPaths.collection, method: "post" },
  { path: peersPaths.item, method: "get" },
  { path: peersPaths.item, method: "patch" },
  { path: peersPaths.item, method: "delete" },
] as const;
