import type { ScriptIO } from "../../lib/run-script.js";
import { writeChangedFilesAtomically } from "../../lib/write-files-atomically.js";
import { fromRoot, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import { timed } from "../timed.js";
import { visibleText } from "../upstream-text/visible-text.js";
import { redundantFixupNotes } from "./notes.js";
import { upstreamArguments } from "./upstream-arguments.js";

/**
 * npm run spec:vendor -- <upstream path or URL> [--allow-redirect]: cuts the operations
 * spec/selection.yaml names out of a full Atlas Admin API v2 document, records its provenance,
 * applies the declared fix-ups, holds the spec facts of src/ to the result, lints, regenerates the
 * types, type-checks src/ against them, and prints what changed against the fragment it replaces
 * (the selection's moves first), with the release the TypeScript compiler calls for; when the
 * fragment changed, writes a changeset with that release. Nothing is written unless every step
 * succeeds, and a file whose content did not change is not rewritten. A selection entry that
 * matches nothing upstream stops it.
 */
export async function specVendor(args: string[], io: ScriptIO): Promise<void> {
  const { locations, allowRedirect } = upstreamArguments(
    args,
    { min: 1, max: 1 },
    "npm run spec:vendor -- <upstream v2 document: path or URL> [--allow-redirect]",
  );
  pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(locations[0]!, { allowRedirect }));
  const { prepareVendoring } = await import("../vendor-upstream.js");
  const { formatReportText } = await import("../change-report.js");
  const vendoring = await prepareVendoring(upstream, "spec:vendor");
  const written = await writeChangedFilesAtomically(
    new Map([...vendoring.files].map(([path, content]) => [fromRoot(path), content])),
  );

  const { cut } = vendoring;
  const served =
    upstream.servedFrom !== undefined && upstream.servedFrom !== upstream.location
      ? `, served by ${upstream.servedFrom}`
      : "";
  io.out(
    visibleText(
      `spec:vendor: cut ${cut.selected.operations.length} operations on ${Object.keys(cut.fragment.paths).length} paths from ${upstream.location}${served} (x-xgen-sha ${String(upstream.document.info["x-xgen-sha"])})`,
    ) + "\n",
  );
  // The report names redundant fix-ups first; a first vendoring has no report.
  if (vendoring.report) io.out(formatReportText(vendoring.report));
  else
    for (const note of redundantFixupNotes(vendoring.redundantFixups)) io.out(`spec:vendor: note: ${note}\n`);
  const relative = [...vendoring.files.keys()].filter((path) => written.includes(fromRoot(path)));
  io.out(
    relative.length > 0
      ? `spec:vendor: wrote ${relative.join(", ")}\n`
      : "spec:vendor: every file already up to date\n",
  );
}
