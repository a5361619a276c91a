import { ScriptError } from "../../lib/script-error.js";
import type { OpenApiDocument } from "../openapi-document.js";
import { visibleText } from "../upstream-text/visible-text.js";
import { specFactTable, type DerivedFact } from "./fact-table.js";
import { fragmentOperations } from "./fragment-reading.js";
import { handWrittenFacts, type HandWrittenFacts } from "./hand-written-facts.js";

/**
 * The spec facts step of spec:vendor, spec:update, spec:diff and check:generated: every checked
 * fact of src/spec-facts.ts held to the fragment (as the types are generated from it, fix-ups
 * applied). A disagreement stops the step with one line naming the fact, what src/ uses it for and
 * how the fragment disagrees (upstream's values shown as visible text); further ones are counted.
 */
export function checkSpecFacts(
  fragment: OpenApiDocument,
  describedAs: string,
  /** The facts held to it: src/spec-facts.ts's (a test holds others). */
  facts: HandWrittenFacts = handWrittenFacts,
): void {
  const context = { fragment, operations: fragmentOperations(fragment), facts };
  const disagreements = specFactTable.flatMap((fact) =>
    fact.kind === "checked"
      ? fact.check(context).map((detail) => ({ fact: fact.name, usedBy: fact.usedBy, detail }))
      : [],
  );
  const [first] = disagreements;
  if (!first) return;
  const others = [...new Set(disagreements.slice(1).map((disagreement) => disagreement.fact))];
  const more =
    disagreements.length > 1
      ? ` (and ${disagreements.length - 1} more disagreement(s) of ${others.join(", ") || first.fact})`
      : "";
  throw new ScriptError(
    visibleText(
      `spec fact ${first.fact} (src/spec-facts.ts, used by ${first.usedBy}) disagrees with ${describedAs}: ${first.detail}${more}. ` +
        `Change src/ (and the fact) to follow upstream, or add a fix-up to spec/fixups.overlay.yaml with its reason`,
    ),
  );
}

/** How the values of a derived fact differ between two fragments. */
export interface DerivedFactChange {
  fact: string;
  usedBy: string;
  added: string[];
  removed: string[];
}

/** Each derived fact whose values differ between the fragments (as typed). */
export function derivedFactChanges(before: OpenApiDocument, after: OpenApiDocument): DerivedFactChange[] {
  return specFactTable
    .filter((fact): fact is DerivedFact => fact.kind === "derived")
    .flatMap((fact) => {
      const [old, now] = [fact.derive(before), fact.derive(after)];
      const added = now.filter((value) => !old.includes(value));
      const removed = old.filter((value) => !now.includes(value));
      return added.length + removed.length === 0
        ? []
        : [{ fact: fact.name, usedBy: fact.usedBy, added, removed }];
    });
}
