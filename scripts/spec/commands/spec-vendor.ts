import type { ScriptIO } from "../../lib/run-script.js";
import { ScriptError } from "../../lib/script-error.js";
import { writeChangedFilesAtomically } from "../../lib/write-files-atomically.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import { timed } from "../timed.js";

/**
 * npm run spec:vendor -- <upstream path or URL>: cuts the operations spec/selection.yaml names out
 * of a full Atlas Admin API v2 document, records its provenance, applies the declared fix-ups,
 * lints, regenerates the types, type-checks src/ against them, and prints what changed against the
 * fragment it replaces, with the release the TypeScript compiler calls for; when the fragment
 * changed, writes a changeset with that release. Nothing is written unless every step succeeds,
 * and a file whose content did not change is not rewritten.
 */
export async function specVendor(args: string[], io: ScriptIO): Promise<void> {
  if (args.length !== 1)
    throw new ScriptError("usage: npm run spec:vendor -- <upstream v2 document: path or URL>", 2);
  pipelineSelection();
  // The input is read (and an oversized one refused) before the heavy pipeline modules load.
  const upstream = await timed("read upstream", () => readUpstream(args[0]!));
  const { prepareVendoring } = await import("../vendor-upstream.js");
  const { formatReportText } = await import("../change-report.js");
  const vendoring = await prepareVendoring(upstream, "spec:vendor");
  const written = await writeChangedFilesAtomically(
    new Map([...vendoring.files].map(([path, content]) => [fromRoot(path), content])),
  );

  const { cut } = vendoring;
  io.out(
    `spec:vendor: cut ${cut.selected.operations.length} operations on ${Object.keys(cut.fragment.paths).length} paths from ${upstream.location} (x-xgen-sha ${String(upstream.document.info["x-xgen-sha"])})\n`,
  );
  for (const note of cut.selected.unmatched)
    io.out(`spec:vendor: note: ${pipelineFiles.selection}: ${note} matches nothing upstream; review it\n`);
  if (vendoring.report) io.out(formatReportText(vendoring.report));
  const relative = [...vendoring.files.keys()].filter((path) => written.includes(fromRoot(path)));
  io.out(
    relative.length > 0
      ? `spec:vendor: wrote ${relative.join(", ")}\n`
      : "spec:vendor: every file already up to date\n",
  );
}
