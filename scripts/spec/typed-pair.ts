import { ScriptError } from "../lib/script-error.js";
import type { RedundantFixup } from "./apply-fixups.js";
import { deriveFragment } from "./derive.js";
import type { OpenApiDocument } from "./openapi-document.js";
import type { FragmentPair } from "./type-compat.js";

/**
 * The fragments the types of two cuts are generated from: each cut with the declared fix-ups
 * applied, as `generate` would. When the fix-ups do not apply to one of them (an older upstream
 * without what a fix-up targets), both are compared as cut, and `note` says so: comparing one
 * fixed-up fragment with one that is not would report the fix-ups as upstream changes.
 */
export async function typedPair(
  before: OpenApiDocument,
  after: OpenApiDocument,
  overlayText: string,
): Promise<{ pair: FragmentPair; note?: string; redundantFixups: RedundantFixup[] }> {
  try {
    // One after the other: applying fix-ups borrows console.error for a while (apply-fixups.ts).
    const old = await deriveFragment(before, overlayText);
    const now = await deriveFragment(after, overlayText);
    return { pair: { before: old.fragment, after: now.fragment }, redundantFixups: now.redundantFixups };
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    return {
      pair: { before, after },
      note: `the fix-ups do not apply to both documents (${error.message}); their types are compared as cut`,
      redundantFixups: [],
    };
  }
}
