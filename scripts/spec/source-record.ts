import { createHash } from "node:crypto";
import type { Cut } from "./cut-fragment.js";
import { pipelineFiles } from "./layout.js";
import type { UpstreamDocument } from "./read-upstream.js";
import { operationLabel } from "./selection.js";
import { installedVersion } from "./tool-versions.js";

/** spec/SOURCE.json: where the cut came from and how it was made. */
export interface SourceRecord {
  upstream: { location: string; sha256: string; title: string; version: string; "x-xgen-sha": string };
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
