// npm run spec:vendor -- <upstream path or URL>: cuts the operations spec/selection.yaml names out of
// a full Atlas Admin API v2 document, records its provenance, applies the declared fix-ups, lints,
// regenerates the types, type-checks src/ against them, and prints what changed against the
// fragment it replaces, with the release the TypeScript compiler calls for; when the fragment
// changed, writes a changeset with that release. Nothing is written unless every step succeeds,
// and a file whose content did not change is not rewritten.
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { writeChangedFilesAtomically } from "./lib/write-files-atomically.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "./spec/layout.js";
import { readUpstream } from "./spec/read-upstream.js";
import { timed } from "./spec/timed.js";

runScript("spec:vendor", async (args) => {
  if (args.length !== 1)
    throw new ScriptError("usage: npm run spec:vendor -- <upstream v2 document: path or URL>", 2);
  pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(args[0]!));
  const { prepareVendoring } = await import("./spec/vendor-upstream.js");
  const { formatReportText } = await import("./spec/change-report.js");
  const vendoring = await prepareVendoring(upstream, "spec:vendor");
  const written = await writeChangedFilesAtomically(
    new Map([...vendoring.files].map(([path, content]) => [fromRoot(path), content])),
  );

  const { cut } = vendoring;
  console.log(
    `spec:vendor: cut ${cut.selected.operations.length} operations on ${Object.keys(cut.fragment.paths).length} paths from ${upstream.location} (x-xgen-sha ${String(upstream.document.info["x-xgen-sha"])})`,
  );
  for (const note of cut.selected.unmatched)
    console.log(`spec:vendor: note: ${pipelineFiles.selection}: ${note} matches nothing upstream; review it`);
  if (vendoring.report) process.stdout.write(formatReportText(vendoring.report));
  const relative = [...vendoring.files.keys()].filter((path) => written.includes(fromRoot(path)));
  console.log(
    relative.length > 0
      ? `spec:vendor: wrote ${relative.join(", ")}`
      : "spec:vendor: every file already up to date",
  );
});
