import { readFile } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import { readUpstream } from "../read-upstream.js";
import { timed } from "../timed.js";
import { visibleText } from "../upstream-text/visible-text.js";
import { upstreamArguments } from "./upstream-arguments.js";

/**
 * npm run spec:diff -- <old upstream> <new upstream> [--allow-redirect]: what changed in the
 * selected fragment between two upstream documents (paths or URLs), for a person reviewing an
 * update (how the selection moved first), and the release the TypeScript compiler calls for (the
 * old and the new generated types, compared per operation). Then the spec facts of src/ are held
 * to the new fragment: a disagreement ends the run with one line naming the fact, after the report.
 */
export async function specDiff(args: string[], io: ScriptIO): Promise<void> {
  const { locations, allowRedirect } = upstreamArguments(
    args,
    { min: 2, max: 2 },
    "npm run spec:diff -- <old upstream path or URL> <new upstream path or URL> [--allow-redirect]",
  );
  const selection = pipelineSelection();
  // The inputs are read (and an oversized one refused) before the heavy pipeline modules load.
  const [before, after] = await timed("read upstreams", () =>
    Promise.all(locations.map((location) => readUpstream(location, { allowRedirect }))),
  );
  const { cutFragment } = await import("../cut-fragment.js");
  const { typedPair } = await import("../typed-pair.js");
  const { formatReportText, reportChange } = await import("../change-report.js");
  const { refuseTruncated } = await import("../vendor-upstream.js");
  const { operationsByLabel, selectionDelta } = await import("../selection-delta.js");
  const { checkSpecFacts } = await import("../facts/check-spec-facts.js");
  const [oldCut, newCut] = await timed("cut", () =>
    Promise.all(
      [before!, after!].map((upstream) => cutFragment(upstream.document, upstream.location, selection)),
    ),
  );
  refuseTruncated(after!, before!.document, `the older document (${before!.location})`);
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const { pair, note, redundantFixups } = await timed("fix-ups", () =>
    typedPair(oldCut!.fragment, newCut!.fragment, overlay),
  );
  if (note) {
    io.out(visibleText(`spec:diff: note: ${note}`) + "\n");
    io.out("spec:diff: note: the spec facts of src/ are not checked: the fix-ups do not apply\n");
  }
  const report = await timed("change report", () =>
    reportChange({
      cuts: { before: oldCut!.fragment, after: newCut!.fragment },
      typed: pair,
      selection: selectionDelta(
        operationsByLabel(oldCut!.selected),
        newCut!.selected,
        `the older document (${before!.location})`,
      ),
      redundantFixups,
    }),
  );
  io.out(formatReportText(report));
  // Facts are held to the fragment as the types are generated from it: not when the fix-ups do not apply.
  if (!note) checkSpecFacts(pair.after, `the fragment cut from ${after!.location}`);
}
