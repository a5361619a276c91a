import { hasOwn, type OpenApiDocument } from "./openapi-document.js";

/**
 * Signs that a document was cut short (a download that ended early, a copy that did not finish),
 * so that it is refused as that, in one line, instead of failing later as something else (fix-ups
 * that match nothing, a selection that lost operations, a security scheme gone). A document can be
 * cut anywhere; each check below catches one way:
 * - a cut inside a line leaves text without a final line break (YAML writers, MongoDB's among
 *   them, end every line; a flow-style document, JSON, cannot be cut and still parse);
 * - a cut that removes the end of the YAML syntax fails to parse near the end (read-upstream.ts);
 * - a cut at a line boundary leaves a document without the top-level keys that come after the
 *   cut: MongoDB sorts them (components, info, openapi, paths, security, servers, tags), so a
 *   document cut in `paths` has no `security` and no `servers` (topLevelKeysLost, against the
 *   last vendoring or the older document compared).
 */
export function truncationEvidence(text: string): string | undefined {
  const first = /\S/.exec(text)?.[0];
  if (text.length > 0 && !text.endsWith("\n") && first !== "{" && first !== "[")
    return `it ends in the middle of a line: ${JSON.stringify(text.slice(-40))}`;
  return undefined;
}

/** Top-level keys a fragment cut from a complete document keeps (cut-fragment.ts), apart from info and openapi. */
const keptTopLevelKeys = ["servers", "security", "paths", "components"];

/**
 * The top-level keys that `earlier` (the last cut, or the older document) has and `document` lacks,
 * among those a cut keeps: what a document cut short at a line boundary loses.
 */
export function topLevelKeysLost(document: OpenApiDocument, earlier: OpenApiDocument): string[] {
  return keptTopLevelKeys.filter((key) => hasOwn(earlier, key) && !hasOwn(document, key));
}
