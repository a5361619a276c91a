import { readFile } from "node:fs/promises";
import { formatReportMarkdown, reportChange, type ChangeReport } from "./change-report.js";
import { readIfPresent } from "./compare-files.js";
import { cutFragment, type Cut } from "./cut-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./derive.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "./layout.js";
import { lintFragmentBeforeWriting } from "./lint-fragment.js";
import type { OpenApiDocument } from "./openapi-document.js";
import type { UpstreamDocument } from "./read-upstream.js";
import { serializeSourceRecord, sha256, sourceRecord } from "./source-record.js";
import { timed } from "./timed.js";
import { toYaml } from "./to-yaml.js";
import { requireTypesCompile } from "./type-check.js";

export interface Vendoring {
  cut: Cut;
  /** Every file the vendoring writes, keyed by path relative to the pipeline root; unchanged ones included. */
  files: Map<string, string>;
  /** What changed against the fragment being replaced; absent on a first vendoring. */
  report?: ChangeReport;
  /** The changeset written when the fragment changed (a release), keyed like `files`. */
  changesetPath?: string;
}

/**
 * Everything `spec:vendor` and `spec:update` write for an upstream document, computed in memory:
 * the cut and its provenance, the fixed-up fragment, the types (linted, and compiled with src/
 * before anything is written), package.json naming the upstream, the change report against the
 * fragment being replaced, and a changeset with the release the report calls for when the
 * fragment changed. Throws a ScriptError, having written nothing, when any step fails.
 */
export async function prepareVendoring(upstream: UpstreamDocument, step: string): Promise<Vendoring> {
  const selection = pipelineSelection();
  const cut = await timed("cut", () => cutFragment(upstream.document, upstream.location, selection));
  const cutYaml = toYaml(cut.fragment);
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const derived = await deriveFragment(cut.fragment, overlay);
  await timed("lint", () =>
    lintFragmentBeforeWriting(derived.fragmentYaml, `the fragment cut from ${upstream.location}`),
  );
  const generated = await derivedFiles(derived);
  await timed("type-check src/ against the new types", async () => requireTypesCompile(generated, step));

  const selectionText = await readFile(fromRoot(pipelineFiles.selection), "utf8");
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);
  const files = new Map([
    [pipelineFiles.upstreamCut, cutYaml],
    [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml, selectionText))],
    ...generated,
    ["package.json", await packageJsonRecording(xgenSha)],
  ]);

  const previous = await previousFragment(overlay);
  if (!previous) return { cut, files };
  const report = await timed("change report", () =>
    reportChange({
      cuts: { before: previous.cut, after: cut.fragment },
      typed: { before: previous.typed, after: derived.fragment },
    }),
  );
  if (report.release === "none") return { cut, files, report };
  // Named after the upstream and the cut, so that a second update from the same upstream commit gets its own.
  const changesetPath = `.changeset/atlas-spec-${xgenSha.slice(0, 8)}-${sha256(cutYaml).slice(0, 8)}.md`;
  const packageName = (JSON.parse(files.get("package.json")!) as { name: string }).name;
  files.set(changesetPath, changeset(packageName, report, xgenSha, upstream.location));
  return { cut, files, report, changesetPath };
}

/** The cut being replaced (the report's "before"), and the fragment its committed types were generated from. */
export async function previousFragment(
  overlay: string,
): Promise<{ cut: OpenApiDocument; typed: OpenApiDocument } | undefined> {
  const cutText = await readIfPresent(pipelineFiles.upstreamCut);
  if (cutText === undefined) return undefined;
  const cut = parsePipelineYaml(cutText, pipelineFiles.upstreamCut) as OpenApiDocument;
  const fragmentText = await readIfPresent(pipelineFiles.fragment);
  const typed =
    fragmentText !== undefined
      ? (parsePipelineYaml(fragmentText, pipelineFiles.fragment) as OpenApiDocument)
      : (await deriveFragment(cut, overlay)).fragment;
  return { cut, typed };
}

/** package.json with `atlasOpenApi` naming the upstream the package is generated from. */
async function packageJsonRecording(xgenSha: string): Promise<string> {
  const pkg = JSON.parse(await readFile(fromRoot("package.json"), "utf8")) as Record<string, unknown>;
  pkg.atlasOpenApi = { "x-xgen-sha": xgenSha, source: pipelineFiles.source };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function changeset(packageName: string, report: ChangeReport, xgenSha: string, location: string): string {
  return [
    "---",
    `"${packageName}": ${report.release}`,
    "---",
    "",
    `Types regenerated from MongoDB's Atlas Admin API v2 document, x-xgen-sha ${xgenSha}.`,
    "",
    formatReportMarkdown(report, location),
  ].join("\n");
}
