// npm run spec:update [-- <url or path>]: fetches MongoDB's newest published Atlas Admin API v2
// document (by default the raw openapi/v2.yaml of github.com/mongodb/openapi, branch main) and, when
// the vendored fragment would change, re-vendors it as spec:vendor does (cut, fix-ups, lint, types
// compiled with src/, a changeset with the release the TypeScript compiler calls for) and writes the
// change report as Markdown, ready to be a pull request's body. When the fragment would not change,
// it says so and writes nothing. The scheduled workflow (.github/workflows/spec-update.yml) runs it.
import { appendFile, readFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { writeChangedFilesAtomically } from "./lib/write-files-atomically.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "./spec/layout.js";
import { readUpstream } from "./spec/read-upstream.js";
import { timed } from "./spec/timed.js";

const defaultUpstream = "https://raw.githubusercontent.com/mongodb/openapi/main/openapi/v2.yaml";

/** Where the pull request's body goes: under .cache/, which git ignores, so it is never committed with the update. */
const pullRequestBody = ".cache/spec-update/pull-request.md";

runScript("spec:update", async (args) => {
  if (args.length > 1)
    throw new ScriptError("usage: npm run spec:update [-- <upstream v2 document: URL or path>]", 2);
  const location = args[0] ?? defaultUpstream;
  const selection = pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(location));
  const { cutFragment } = await import("./spec/cut-fragment.js");
  const { diffStructure } = await import("./spec/structural-diff.js");
  const { previousFragment, prepareVendoring } = await import("./spec/vendor-upstream.js");
  const { formatReportMarkdown, formatReportText } = await import("./spec/change-report.js");
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);

  // The cheap question first: would the cut change at all (upstream's identity aside)?
  const previous = await previousFragment(await readFile(fromRoot(pipelineFiles.fixups), "utf8"));
  if (previous) {
    const cut = await cutFragment(upstream.document, upstream.location, selection);
    if (diffStructure(previous.cut, cut.fragment).length === 0) {
      console.log(
        `spec:update: no change in the fragment: ${upstream.location} (x-xgen-sha ${xgenSha}) has the operations and components ${pipelineFiles.upstreamCut} holds; nothing written`,
      );
      await githubOutputs({ changed: "false" });
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

  if (report) process.stdout.write(formatReportText(report));
  const relative = [...files.keys()].filter((path) => written.includes(fromRoot(path)));
  console.log(`spec:update: wrote ${relative.join(", ")}`);
  await githubOutputs({
    changed: "true",
    release: report?.release ?? "none",
    title,
    "body-file": pullRequestBody,
  });
});

/** Step outputs for the workflow, when run by GitHub Actions (it names the file in GITHUB_OUTPUT). */
async function githubOutputs(outputs: Record<string, string>): Promise<void> {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  await appendFile(
    file,
    Object.entries(outputs)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(""),
  );
}
