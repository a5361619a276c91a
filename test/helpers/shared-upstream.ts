import { existsSync } from "node:fs";
import { fromRoot } from "../../scripts/spec/layout.js";

/** MongoDB's full documents, kept outside the repository (CI has ../shared beside the clone). */
export const sharedUpstream = {
  newest: fromRoot("../shared/atlas-openapi/v2.yaml"),
  older: fromRoot("../shared/atlas-openapi/v2-2025-03-12.as-of-2025-06-30.yaml"),
  docsExamples: fromRoot("../shared/atlas-docs-examples/examples.json"),
};

/**
 * Whether the suites that read ../shared can run. CI sets ATLAS_REQUIRE_UPSTREAM, and there a
 * missing folder fails the run instead of skipping; elsewhere the skip is announced loudly.
 */
export function sharedUpstreamAvailable(): boolean {
  const available = existsSync(sharedUpstream.newest) && existsSync(sharedUpstream.older);
  if (!available && process.env.ATLAS_REQUIRE_UPSTREAM)
    throw new Error("../shared/atlas-openapi is required (ATLAS_REQUIRE_UPSTREAM) but missing");
  if (!available)
    console.warn(
      "SKIPPED: ../shared/atlas-openapi is not beside the repository; upstream comparisons did not run",
    );
  return available;
}
