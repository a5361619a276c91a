import { appendFile, readFile } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { ScriptError } from "../../lib/script-error.js";
import { writeChangedFilesAtomically } from "../../lib/write-files-atomically.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import { timed } from "../timed.js";

const defaultUpstream = "https://raw.githubusercontent.com/mongodb/openapi/main/openapi/v2.yaml";

/** Where the pull request's body goes: under .cache/, which git ignores, so it is never committed with the update. */
export const pullRequestBody = ".cache/spec-update/pull-request.md";

/**
 * npm run spec:update [-- <url or path>]: fetches MongoDB's newest published Atlas Admin API v2
 * document (by default the raw openapi/v2.yaml of github.com/mongodb/openapi, branch main) and,
 * when the vendored fragment would change, re-vendors it as spec:vendor does (cut, fix-ups, lint,
 * types compiled with src/, a changeset with the release the TypeScript compiler calls for) and
 * writes the change report as Markdown, ready to be a pull request's body. When the fragment would
 * not change, it says so and writes nothing. The scheduled workflow
 * (.github/workflows/spec-update.yml) runs it.
 */
export async function specUpdate(args: string[], io: ScriptIO): Promise<void> {
  if (args.length > 1)
    throw new ScriptError("usage: npm run spec:update [-- <upstream v2 document: URL or path>]", 2);
  const location = args[0] ?? defaultUpstream;
  const selection = pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(location));
  const { cutFragment } = await import("../cut-fragment.js");
  const { diffStructure } = await import("../structural-diff.js");
  const { previousFragment, prepareVendoring } = await import("../vendor-upstream.js");
  const { formatReportMarkdown, formatReportText } = await import("../change-report.js");
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);

  // The cheap question first: would the cut change at all (upstream's identity aside)?
  const previous = await previousFragment(await readFile(fromRoot(pipelineFiles.fixups), "utf8"));
  if (previous) {
    const cut = await cutFragment(upstream.document, upstream.location, selection);
    if (diffStructure(previous.cut, cut.fragment).length === 0) {
      io.out(
        `spec:update: no change in the fragment: ${upstream.location} (x-xgen-sha ${xgenSha}) has the operations and components ${pipelineFiles.upstreamCut} holds; nothing written\n`,
      );
      await githubOutputs(io, { changed: "false" });
      return;
    }
  }

  const vendoring = await prepareVendoring(upstream, "spec:update");
  const report = vendoring.report;
  const files = new Map(vendoring.files);
  const title = `Atlas Admin API update (x-xgen-sha ${xgenSha.slice(0, 8)}): ${report?.release ?? "first vendoring"}`;
  const body = report
    ? `# ${title}\n\n${formatReportMarkdown(report, upstream.location)}`
    : `# ${title}\n\nFirst vendoring of ${upstream.location}: no previous fragment to compare with.\n`;
  files.set(pullRequestBody, body);
  const written = await writeChangedFilesAtomically(
    new Map([...files].map(([path, content]) => [fromRoot(path), content])),
  );

  if (report) io.out(formatReportText(report));
  const relative = [...files.keys()].filter((path) => written.includes(fromRoot(path)));
  io.out(`spec:update: wrote ${relative.join(", ")}\n`);
  await githubOutputs(io, {
    changed: "true",
    release: report?.release ?? "none",
    title,
    "body-file": pullRequestBody,
  });
}

/** Step outputs for the workflow, when run by GitHub Actions (it names the file in GITHUB_OUTPUT). */
async function githubOutputs(io: ScriptIO, outputs: Record<string, string>): Promise<void> {
  const file = io.env.GITHUB_OUTPUT;
  if (!file) return;
  await appendFile(
    file,
    Object.entries(outputs)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(""),
  );
}
