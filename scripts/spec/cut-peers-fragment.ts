import openapiFormat from "openapi-format";
import { ScriptError } from "../lib/script-error.js";
import { peersOperations } from "./layout.js";
import { isPlainObject, type OpenApiDocument, type OperationObject } from "./openapi-document.js";

/** Every kind of component that operations can reach through `$ref`. */
const referenceableComponents = [
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
];

/**
 * Cuts the peers fragment out of a full upstream document: the five peers operations, the
 * transitive closure of the components they reference, the security schemes they use, `servers`
 * and `info`. Objects are copied unchanged.
 *
 * The closure is computed by openapi-format's filter (`inverseOperationIds` plus
 * `unusedComponents`, which it repeats until nothing more is unused and which follows discriminator
 * mappings), not by a walker of ours. `redocly bundle` with `filter-in` and
 * `remove-unused-components` was measured first and falls short: it keeps 234 schemas of the
 * spec's discriminator hierarchies, every tag and `x-topics`, where the closure is 10 schemas.
 * Two things are still done here, because openapi-format leaves them alone: choosing the document's
 * top-level keys (tags, `x-topics` and `x-externalLinks` describe the whole API, not this
 * fragment), and keeping only the security schemes that a security requirement names.
 */
export async function cutPeersFragment(
  upstream: OpenApiDocument,
  location: string,
): Promise<OpenApiDocument> {
  const operationIds = peersOperationIds(upstream, location);
  const { data } = await openapiFormat.openapiFilter(
    upstream as never,
    {
      filterSet: {
        inverseOperationIds: operationIds,
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
  // Paths in upstream order, and nothing but the peers paths even if the filter let another through.
  const peersPathSet = new Set<string>(peersOperations.map((operation) => operation.path));
  fragment.paths = Object.fromEntries(
    Object.entries(filtered.paths).filter(([path]) => peersPathSet.has(path)),
  );

  const components = keepUsedSecuritySchemes(filtered, fragment);
  if (Object.keys(components).length > 0) fragment.components = components;
  return fragment;
}

function peersOperationIds(upstream: OpenApiDocument, location: string): string[] {
  const missing: string[] = [];
  const operationIds: string[] = [];
  for (const { path, method } of peersOperations) {
    const operation = upstream.paths[path]?.[method];
    if (!isPlainObject(operation)) {
      missing.push(`${method.toUpperCase()} ${path}`);
      continue;
    }
    const { operationId } = operation as OperationObject;
    if (typeof operationId !== "string" || operationId === "") {
      throw new ScriptError(`${location}: ${method.toUpperCase()} ${path} has no operationId`);
    }
    operationIds.push(operationId);
  }
  if (missing.length === peersOperations.length) {
    throw new ScriptError(
      `${location} has no network peering paths (${peersOperations[0].path} and .../{peerId})`,
    );
  }
  if (missing.length > 0)
    throw new ScriptError(`${location} lacks peers operation(s): ${missing.join(", ")}`);
  return operationIds;
}

function keepUsedSecuritySchemes(
  filtered: OpenApiDocument,
  fragment: OpenApiDocument,
): Record<string, Record<string, unknown>> {
  const components: Record<string, Record<string, unknown>> = {};
  for (const [kind, entries] of Object.entries(filtered.components ?? {})) {
    if (kind !== "securitySchemes") {
      if (Object.keys(entries).length > 0) components[kind] = entries;
      continue;
    }
    const named = new Set<string>();
    const requirements = [...(fragment.security ?? [])];
    for (const item of Object.values(fragment.paths)) {
      for (const operation of Object.values(item)) {
        if (isPlainObject(operation) && Array.isArray(operation.security))
          requirements.push(...operation.security);
      }
    }
    for (const requirement of requirements) for (const name of Object.keys(requirement)) named.add(name);
    const kept = Object.fromEntries(Object.entries(entries).filter(([name]) => named.has(name)));
    if (Object.keys(kept).length > 0) components[kind] = kept;
  }
  return components;
}
