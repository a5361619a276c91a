import { appendFile, readFile } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { writeChangedFilesAtomically } from "../../lib/write-files-atomically.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import type { SelectionDelta } from "../selection-delta.js";
import { timed } from "../timed.js";
import { githubOutputLine } from "../upstream-text/github-output.js";
import { markdownCodeSpan } from "../upstream-text/markdown.js";
import { visibleText } from "../upstream-text/visible-text.js";
import { redundantFixupNotes } from "./notes.js";
import { upstreamArguments } from "./upstream-arguments.js";

const defaultUpstream = "https://raw.githubusercontent.com/mongodb/openapi/main/openapi/v2.yaml";

/** Where the pull request's body goes: under .cache/, which git ignores, so it is never committed with the update. */
export const pullRequestBody = ".cache/spec-update/pull-request.md";

/**
 * npm run spec:update [-- <url or path>] [--allow-redirect]: fetches MongoDB's newest published
 * Atlas Admin API v2 document (by default the raw openapi/v2.yaml of github.com/mongodb/openapi,
 * branch main) and, when the vendored fragment would change, re-vendors it as spec:vendor does
 * (cut, fix-ups, spec facts, lint, types compiled with src/, a changeset with the release the
 * TypeScript compiler calls for) and writes the change report as Markdown, ready to be a pull
 * request's body (the selection's moves and redundant fix-ups first). When the fragment would not
 * change, it says so and writes nothing. A redirect to another origin is refused unless
 * `--allow-redirect` is given; then both URLs are recorded. A selection entry that matches nothing
 * upstream is a loud warning here (and the body's first section), not a stop: the weekly run must
 * still propose the update. The scheduled workflow (.github/workflows/spec-update.yml) runs it.
 */
export async function specUpdate(args: string[], io: ScriptIO): Promise<void> {
  const { locations, allowRedirect } = upstreamArguments(
    args,
    { min: 0, max: 1 },
    "npm run spec:update [-- <upstream v2 document: URL or path>] [--allow-redirect]",
  );
  const location = locations[0] ?? defaultUpstream;
  const selection = pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(location, { allowRedirect }));
  const { cutFragment } = await import("../cut-fragment.js");
  const { diffStructure } = await import("../structural-diff.js");
  const { lastVendoring, previousFragment, prepareVendoring, refuseTruncated } = await import(
    "../vendor-upstream.js"
  );
  const { formatReportMarkdown, formatReportText, describeSource } = await import("../change-report.js");
  const { selectionDelta } = await import("../selection-delta.js");
  const { readSourceRecord, recordedOperations } = await import("../source-record.js");
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);

  // The cheap question first: would the cut change at all (upstream's identity aside)?
  const previous = await previousFragment(await readFile(fromRoot(pipelineFiles.fixups), "utf8"));
  if (previous) {
    const cut = await cutFragment(upstream.document, upstream.location, selection);
    refuseTruncated(upstream, previous.cut, `the last vendored cut (${pipelineFiles.upstreamCut})`);
    const delta = selectionDelta(recordedOperations(await readSourceRecord()), cut.selected, lastVendoring);
    if (diffStructure(previous.cut, cut.fragment).length === 0) {
      warnUnmatched(delta, io);
      io.out(
        visibleText(
          `spec:update: no change in the fragment: ${upstream.location} (x-xgen-sha ${xgenSha}) has the operations and components ${pipelineFiles.upstreamCut} holds; nothing written`,
        ) + "\n",
      );
      await githubOutputs(io, { changed: "false" });
      return;
    }
  }

  const vendoring = await prepareVendoring(upstream, "spec:update");
  warnUnmatched(vendoring.selection, io);
  const report = vendoring.report;
  const files = new Map(vendoring.files);
  const title = `Atlas Admin API update (x-xgen-sha ${xgenSha.slice(0, 8)}): ${report?.release ?? "first vendoring"}`;
  const body = report
    ? `# ${title}\n\n${formatReportMarkdown(report, upstream)}`
    : `# ${title}\n\nFirst vendoring of ${describeSource(upstream, markdownCodeSpan)}: no previous fragment to compare with.\n`;
  files.set(pullRequestBody, body);
  const written = await writeChangedFilesAtomically(
    new Map([...files].map(([path, content]) => [fromRoot(path), content])),
  );

  if (report) io.out(formatReportText(report));
  else
    for (const note of redundantFixupNotes(vendoring.redundantFixups)) io.out(`spec:update: note: ${note}\n`);
  const relative = [...files.keys()].filter((path) => written.includes(fromRoot(path)));
  io.out(`spec:update: wrote ${relative.join(", ")}\n`);
  await githubOutputs(io, {
    changed: "true",
    release: report?.release ?? "none",
    title,
    "body-file": pullRequestBody,
  });
}

/**
 * A selection entry that matches nothing upstream, said loudly: on stderr, and as a warning
 * annotation of the workflow run when GitHub Actions runs it (its `::warning::` command, with the
 * message escaped as the command syntax requires).
 */
function warnUnmatched(delta: SelectionDelta, io: ScriptIO): void {
  for (const entry of delta.unmatched) {
    const message = visibleText(
      `${pipelineFiles.selection}: ${entry} matches nothing upstream: upstream renamed or removed what it names; update or remove the entry (the pull request's first section lists what the selection gained and lost)`,
    );
    io.err(`spec:update: WARNING: ${message}\n`);
    if (io.env.GITHUB_ACTIONS === "true")
      io.out(`::warning title=${pipelineFiles.selection}::${message.replace(/%/g, "%25")}\n`);
  }
}

/** Step outputs for the workflow, when run by GitHub Actions (it names the file in GITHUB_OUTPUT). */
async function githubOutputs(io: ScriptIO, outputs: Record<string, string>): Promise<void> {
  const file = io.env.GITHUB_OUTPUT;
  if (!file) return;
  await appendFile(
    file,
    Object.entries(outputs)
      .map(([name, value]) => githubOutputLine(name, value))
      .join(""),
  );
}
