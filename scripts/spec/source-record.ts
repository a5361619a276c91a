import { createHash } from "node:crypto";
import { ScriptError } from "../lib/script-error.js";
import { readIfPresent } from "./compare-files.js";
import type { Cut } from "./cut-fragment.js";
import { pipelineFiles } from "./layout.js";
import type { UpstreamDocument } from "./read-upstream.js";
import { operationLabel } from "./selection.js";
import { installedVersion } from "./tool-versions.js";

/** spec/SOURCE.json: where the cut came from and how it was made. */
export interface SourceRecord {
  upstream: {
    /** What was asked for: a path relative to the repository root, or a URL. */
    location: string;
    /** For a URL: the one whose answer held the bytes (where a redirect led, when one was allowed). */
    servedFrom?: string;
    sha256: string;
    title: string;
    version: string;
    "x-xgen-sha": string;
  };
  operations: Record<string, string>;
  /** sha256 of spec/selection.yaml as it was when the cut was made: a later edit means re-vendoring. */
  selection: { file: string; sha256: string };
  cut: { file: string; sha256: string };
  license: { name: string; url: string; attribution: string };
  tools: Record<string, string>;
}

/** The tools whose behaviour decides the bytes of the cut. */
export const cutTools = ["openapi-format", "yaml"] as const;

export function sourceRecord(
  upstream: UpstreamDocument,
  cut: Cut,
  cutYaml: string,
  selectionText: string,
): SourceRecord {
  const { info } = upstream.document;
  return {
    upstream: {
      location: upstream.location,
      ...(upstream.servedFrom !== undefined ? { servedFrom: upstream.servedFrom } : {}),
      sha256: upstream.sha256,
      title: String(info.title ?? ""),
      version: String(info.version ?? ""),
      "x-xgen-sha": String(info["x-xgen-sha"] ?? ""),
    },
    operations: Object.fromEntries(
      cut.selected.operations.map((operation) => [operationLabel(operation), operation.operationId]),
    ),
    selection: { file: pipelineFiles.selection, sha256: sha256(selectionText) },
    cut: { file: pipelineFiles.upstreamCut, sha256: sha256(cutYaml) },
    license: {
      name: info.license?.name ?? "",
      url: info.license?.url ?? "",
      attribution: `${String(info.title ?? "MongoDB Atlas Administration API")} by MongoDB, Inc.; terms of service: ${String(info.termsOfService ?? "")}`,
    },
    tools: Object.fromEntries(cutTools.map((name) => [name, installedVersion(name)])),
  };
}

export function serializeSourceRecord(record: SourceRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * spec/SOURCE.json as the last vendoring wrote it, or undefined when there is none (a first
 * vendoring). Not valid JSON is a one-line error: it is the pipeline's own file.
 */
export async function readSourceRecord(): Promise<SourceRecord | undefined> {
  const text = await readIfPresent(pipelineFiles.source);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as SourceRecord;
  } catch {
    throw new ScriptError(
      `${pipelineFiles.source} is not valid JSON; it is written by spec:vendor and must not be edited by hand`,
    );
  }
}

/** The operations the last vendoring took (`METHOD /path` -> operationId), in a Map: never an upstream name looked up in a plain object. */
export function recordedOperations(record: SourceRecord | undefined): Map<string, string> | undefined {
  return record && typeof record.operations === "object" && record.operations !== null
    ? new Map(Object.entries(record.operations).map(([label, id]) => [label, String(id)]))
    : undefined;
}
