import { readFile } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { ScriptError } from "../../lib/script-error.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import { timed } from "../timed.js";

/**
 * npm run spec:diff -- <old upstream> <new upstream>: what changed in the selected fragment between
 * two upstream documents (paths or URLs), for a person reviewing an update, and the release the
 * TypeScript compiler calls for (the old and the new generated types, compared per operation).
 */
export async function specDiff(args: string[], io: ScriptIO): Promise<void> {
  if (args.length !== 2)
    throw new ScriptError(
      "usage: npm run spec:diff -- <old upstream path or URL> <new upstream path or URL>",
      2,
    );
  const selection = pipelineSelection();
  // The inputs are read (and an oversized one refused) before the heavy pipeline modules load.
  const [before, after] = await timed("read upstreams", () =>
    Promise.all(args.map((location) => readUpstream(location))),
  );
  const { cutFragment } = await import("../cut-fragment.js");
  const { typedPair } = await import("../typed-pair.js");
  const { formatReportText, reportChange } = await import("../change-report.js");
  const [oldCut, newCut] = await timed("cut", () =>
    Promise.all(
      [before!, after!].map(
        async (upstream) => (await cutFragment(upstream.document, upstream.location, selection)).fragment,
      ),
    ),
  );
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const { pair, note } = await timed("fix-ups", () => typedPair(oldCut!, newCut!, overlay));
  if (note) io.out(`spec:diff: note: ${note}\n`);
  const report = await timed("change report", () =>
    reportChange({ cuts: { before: oldCut!, after: newCut! }, typed: pair }),
  );
  io.out(formatReportText(report));
}
