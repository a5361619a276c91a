import openapiFormat from "openapi-format";
import { ScriptError } from "../lib/script-error.js";
import { checkComponentNames, checkCutFragment } from "./check-cut.js";
import { isPlainObject, own, type OpenApiDocument } from "./openapi-document.js";
import { resolveSelection, type ResolvedSelection, type Selection } from "./selection.js";

/** Every kind of component that operations can reach through `$ref`. */
const referenceableComponents = [
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
];

export interface Cut {
  fragment: OpenApiDocument;
  /** What the selection took from this document, and which of its matchers matched nothing. */
  selected: ResolvedSelection;
}

/**
 * Cuts the selected operations out of a full upstream document: those operations, the transitive
 * closure of the components they reference, the security schemes they use, `servers` and `info`.
 * Objects are copied unchanged.
 *
 * The closure is computed by openapi-format's filter (`inverseOperationIds` plus
 * `unusedComponents`, which it repeats until nothing more is unused and which follows discriminator
 * mappings), not by a walker of ours. `redocly bundle` with `filter-in` and
 * `remove-unused-components` was measured first and falls short: it keeps 234 schemas of the
 * spec's discriminator hierarchies, every tag and `x-topics`, where the closure is a few dozen.
 * Two things are still done here, because openapi-format leaves them alone: choosing the document's
 * top-level keys (tags, `x-topics` and `x-externalLinks` describe the whole API, not this
 * fragment), and keeping only the security schemes that a security requirement names.
 *
 * An operation the selection names but the document lacks is not an error here: the cut holds
 * what the document has, and the change report says what went missing. Only a selection that
 * takes nothing at all is refused.
 */
export async function cutFragment(
  upstream: OpenApiDocument,
  location: string,
  selection: Selection,
): Promise<Cut> {
  const selected = resolveSelection(upstream, selection);
  if (selected.operations.length === 0)
    throw new ScriptError(`${location} has none of the operations spec/selection.yaml includes`);
  checkComponentNames(upstream, location);
  const { data } = await openapiFormat.openapiFilter(
    upstream as never,
    {
      filterSet: {
        inverseOperationIds: selected.operations.map((operation) => operation.operationId),
        unusedComponents: referenceableComponents,
        // openapi-format drops empty objects by default, which would lose `scopes: {}` of the OAuth flow.
        preserveEmptyObjects: true,
      },
    } as never,
  );
  const filtered = data as unknown as OpenApiDocument;

  // Top-level keys in a fixed, reader-friendly order: what the API is, where and how to call it, then what.
  const fragment = { openapi: filtered.openapi, info: filtered.info } as OpenApiDocument;
  if (filtered.servers !== undefined) fragment.servers = filtered.servers;
  if (filtered.security !== undefined) fragment.security = filtered.security;
  // Paths in upstream order, and nothing but the selected paths even if the filter let another through.
  const selectedPaths = new Set(selected.operations.map((operation) => operation.path));
  fragment.paths = Object.fromEntries(
    Object.entries(filtered.paths).filter(([path]) => selectedPaths.has(path)),
  );

  const components = keepUsedSecuritySchemes(filtered, fragment);
  if (Object.keys(components).length > 0) fragment.components = components;
  checkCutFragment(fragment, location);
  return { fragment, selected };
}

function keepUsedSecuritySchemes(
  filtered: OpenApiDocument,
  fragment: OpenApiDocument,
): Record<string, Record<string, unknown>> {
  const named = new Set<string>();
  const requirements: unknown[] = [...(Array.isArray(fragment.security) ? fragment.security : [])];
  for (const item of Object.values(fragment.paths)) {
    for (const operation of Object.values(item)) {
      const security = own(operation, "security");
      if (Array.isArray(security)) requirements.push(...security);
    }
  }
  for (const requirement of requirements)
    for (const name of isPlainObject(requirement) ? Object.keys(requirement) : []) named.add(name);
  // Built with Object.fromEntries, never by assignment: a component kind upstream names
  // `__proto__` stays a key instead of replacing the object's prototype.
  return Object.fromEntries(
    Object.entries(filtered.components ?? {}).flatMap(([kind, entries]) => {
      const kept =
        kind === "securitySchemes"
          ? Object.fromEntries(Object.entries(entries).filter(([name]) => named.has(name)))
          : entries;
      return isPlainObject(kept) && Object.keys(kept).length > 0 ? [[kind, kept]] : [];
    }),
  );
}
