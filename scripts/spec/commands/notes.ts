import type { RedundantFixup } from "../apply-fixups.js";
import { pipelineFiles } from "../layout.js";
import { visibleText } from "../upstream-text/visible-text.js";

/** One line per fix-up upstream has made unnecessary, saying what to do with it. */
export function redundantFixupNotes(redundant: readonly RedundantFixup[]): string[] {
  return redundant.map((fixup) =>
    visibleText(
      fixup.partly.length === 0
        ? `${pipelineFiles.fixups}: action #${fixup.number} (${fixup.target}) changes nothing: upstream already has it; remove it`
        : `${pipelineFiles.fixups}: action #${fixup.number} (${fixup.target}) adds only what upstream already has at ${fixup.partly.join(", ")}; narrow or remove it`,
    ),
  );
}
