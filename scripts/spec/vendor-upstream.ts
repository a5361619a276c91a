import { readFile } from "node:fs/promises";
import { ScriptError } from "../lib/script-error.js";
import type { RedundantFixup } from "./apply-fixups.js";
import { formatReportMarkdown, reportChange, type ChangeReport } from "./change-report.js";
import { readIfPresent } from "./compare-files.js";
import { cutFragment, type Cut } from "./cut-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./derive.js";
import { checkSpecFacts } from "./facts/check-spec-facts.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "./layout.js";
import { lintFragmentBeforeWriting } from "./lint-fragment.js";
import { own, type OpenApiDocument } from "./openapi-document.js";
import type { UpstreamDocument } from "./read-upstream.js";
import { describeOperation, selectionDelta, type SelectionDelta } from "./selection-delta.js";
import {
  readSourceRecord,
  recordedOperations,
  serializeSourceRecord,
  sha256,
  sourceRecord,
} from "./source-record.js";
import { timed } from "./timed.js";
import { toYaml } from "./to-yaml.js";
import { requireTypesCompile } from "./type-check.js";
import { topLevelKeysLost } from "./upstream-completeness.js";
import { fileNamePart } from "./upstream-text/file-name.js";
import { markdownCodeSpan } from "./upstream-text/markdown.js";
import { visibleText } from "./upstream-text/visible-text.js";

export interface Vendoring {
  cut: Cut;
  /** Every file the vendoring writes, keyed by path relative to the pipeline root; unchanged ones included. */
  files: Map<string, string>;
  /** How the selected operations moved since the last vendoring, and entries that match nothing. */
  selection: SelectionDelta;
  /** Fix-ups upstream has made unnecessary (to be removed). */
  redundantFixups: RedundantFixup[];
  /** What changed against the fragment being replaced; absent on a first vendoring. */
  report?: ChangeReport;
  /** The changeset written when the fragment changed (a release), keyed like `files`. */
  changesetPath?: string;
}

/** What the selection is compared with (the report's words). */
export const lastVendoring = `${pipelineFiles.source} (the last vendoring)`;

/**
 * Everything `spec:vendor` and `spec:update` write for an upstream document, computed in memory:
 * the cut and its provenance, the fixed-up fragment, the spec facts held to it, the types (linted,
 * and compiled with src/ before anything is written), package.json naming the upstream, the change
 * report against the fragment being replaced, and a changeset with the release the report calls
 * for when the fragment changed. Throws a ScriptError, having written nothing, when any step fails.
 *
 * Right after the cut, the document is compared with the last vendoring: one that lost the
 * top-level keys a cut keeps looks truncated and is refused as that; then the selection is
 * compared with the operations spec/SOURCE.json lists. For spec:vendor a
 * selection entry that matches nothing is an error (`step` says which step runs); for spec:update
 * it is reported (the caller prints it loudly, the report puts it first). When operations left the
 * selection, a failure further on names them before its own message.
 */
export async function prepareVendoring(
  upstream: UpstreamDocument,
  step: "spec:vendor" | "spec:update",
): Promise<Vendoring> {
  const selection = pipelineSelection();
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const previous = await previousFragment(overlay);
  const cut = await timed("cut", () => cutFragment(upstream.document, upstream.location, selection));
  if (previous)
    refuseTruncated(upstream, previous.cut, `the last vendored cut (${pipelineFiles.upstreamCut})`);
  const delta = selectionDelta(recordedOperations(await readSourceRecord()), cut.selected, lastVendoring);
  if (step === "spec:vendor" && delta.unmatched.length > 0)
    throw new ScriptError(unmatchedMessage(delta, upstream));

  const cutYaml = toYaml(cut.fragment);
  const { derived, generated } = await withLostOperations(delta, async () => {
    const derived = await deriveFragment(cut.fragment, overlay);
    checkSpecFacts(derived.fragment, `the fragment cut from ${upstream.location}`);
    await timed("lint", () =>
      lintFragmentBeforeWriting(derived.fragmentYaml, `the fragment cut from ${upstream.location}`),
    );
    const generated = await derivedFiles(derived);
    await timed("type-check src/ against the new types", async () => requireTypesCompile(generated, step));
    return { derived, generated };
  });

  const selectionText = await readFile(fromRoot(pipelineFiles.selection), "utf8");
  const xgenSha = String(own(upstream.document.info, "x-xgen-sha"));
  const files = new Map([
    [pipelineFiles.upstreamCut, cutYaml],
    [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml, selectionText))],
    ...generated,
    ["package.json", await packageJsonRecording(xgenSha)],
  ]);
  const outcome = { cut, files, selection: delta, redundantFixups: derived.redundantFixups };

  if (!previous) return outcome;
  const report = await timed("change report", () =>
    reportChange({
      cuts: { before: previous.cut, after: cut.fragment },
      typed: { before: previous.typed, after: derived.fragment },
      selection: delta,
      redundantFixups: derived.redundantFixups,
    }),
  );
  if (report.release === "none") return { ...outcome, report };
  // Named after the upstream and the cut, so that a second update from the same upstream commit
  // gets its own; the upstream's part is checked (a commit id) and encoded for a file name anyway.
  const changesetPath = `.changeset/atlas-spec-${fileNamePart(xgenSha.slice(0, 8), 8)}-${sha256(cutYaml).slice(0, 8)}.md`;
  const packageName = (JSON.parse(files.get("package.json")!) as { name: string }).name;
  files.set(changesetPath, changeset(packageName, report, upstream));
  return { ...outcome, report, changesetPath };
}

/**
 * Refuses, in one line, a document that lacks top-level keys the earlier one had (the last cut, or
 * the older document of a diff): what a download cut short at a line boundary looks like.
 */
export function refuseTruncated(
  upstream: UpstreamDocument,
  earlier: OpenApiDocument,
  describedAs: string,
): void {
  const lost = topLevelKeysLost(upstream.document, earlier);
  if (lost.length === 0) return;
  throw new ScriptError(
    visibleText(
      `${upstream.location} looks truncated (${upstream.bytes} bytes read): it has no top-level ${lost.join(", ")}, which ${describedAs} has; read or download it again`,
    ),
  );
}

/** The one line spec:vendor stops with when selection entries match nothing upstream. */
export function unmatchedMessage(delta: SelectionDelta, upstream: UpstreamDocument): string {
  const gained =
    delta.gained.length > 0
      ? `; meanwhile the selection gained ${delta.gained.map(describeOperation).join(", ")}`
      : "";
  return visibleText(
    `${pipelineFiles.selection}: ${delta.unmatched.join(", ")} match(es) nothing in ${upstream.location}: upstream renamed or removed what it names; update or remove the entry${gained}`,
  );
}

/**
 * Runs the steps after the cut; when operations left the selection since the last vendoring and a
 * step fails, its one line starts by naming them: they are why fix-ups stop matching or src/ stops
 * compiling, and the step's own message would not say so.
 */
async function withLostOperations<T>(delta: SelectionDelta, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ScriptError) || delta.lost.length === 0) throw error;
    throw new ScriptError(
      visibleText(
        `the selection lost ${delta.lost.length} operation(s) since ${delta.against}: ${delta.lost.map(describeOperation).join(", ")} (upstream moved them to another tag, renamed or removed them); and then: ${error.message}`,
      ),
      error.exitCode,
    );
  }
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

function changeset(packageName: string, report: ChangeReport, upstream: UpstreamDocument): string {
  const xgenSha = String(own(upstream.document.info, "x-xgen-sha"));
  return [
    "---",
    `"${packageName}": ${report.release}`,
    "---",
    "",
    `Types regenerated from MongoDB's Atlas Admin API v2 document, \`x-xgen-sha\` ${markdownCodeSpan(xgenSha)}.`,
    "",
    formatReportMarkdown(report, upstream),
  ].join("\n");
}
