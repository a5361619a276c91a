import { isPlainObject, own, type OpenApiDocument } from "./openapi-document.js";
import { httpMethods } from "./selection.js";

/** Which half of an exchange a part of the document describes. */
export type Side = "request" | "answer";

export interface FragmentOperation {
  method: string;
  path: string;
  operationId: string;
}

/** One operation that reaches a component, and on which side. */
export interface ComponentUse {
  operationId: string;
  side: Side;
}

export interface ComponentUses {
  /** `#/components/schemas/Name` -> the operations whose requests or answers reach it through `$ref`s. */
  byReference: Map<string, ComponentUse[]>;
  /** The same, for components reached only through a discriminator `mapping`. */
  byMappingOnly: Map<string, ComponentUse[]>;
}

/** The operations of a document, in document order. */
export function operationsOf(document: OpenApiDocument): FragmentOperation[] {
  const operations: FragmentOperation[] = [];
  for (const path of Object.keys(document.paths)) {
    const item = own(document.paths, path);
    if (!isPlainObject(item)) continue;
    for (const method of Object.keys(item)) {
      const operation = own(item, method);
      if (!httpMethods.has(method) || !isPlainObject(operation)) continue;
      operations.push({ method, path, operationId: String(own(operation, "operationId") ?? "") });
    }
  }
  return operations;
}

/**
 * Which operations reach each component, following `$ref`s from each operation's parameters and
 * request body (its request side) and its responses (its answer side), and, separately,
 * discriminator mappings: a component that only a mapping names appears in no operation's type,
 * but it is still exported in `components`, so its changes still matter. A security scheme is
 * reached by the operations whose security requirements (their own, else the document's) name
 * it: it says how their requests are authenticated, so it counts on the request side. Names are
 * upstream's: every lookup is of an own property.
 */
export function componentUses(document: OpenApiDocument): ComponentUses {
  const byReference = new Map<string, ComponentUse[]>();
  const byMapping = new Map<string, ComponentUse[]>();
  const record = (map: Map<string, ComponentUse[]>, reference: string, use: ComponentUse): boolean => {
    const uses = map.get(reference) ?? [];
    if (uses.some((known) => known.operationId === use.operationId && known.side === use.side)) return false;
    map.set(reference, [...uses, use]);
    return true;
  };
  const visit = (node: unknown, use: ComponentUse, throughMapping: boolean): void => {
    if (Array.isArray(node)) return node.forEach((entry) => visit(entry, use, throughMapping));
    if (!isPlainObject(node)) return;
    const follow = (reference: string, viaMapping: boolean) => {
      if (!reference.startsWith("#/components/")) return;
      if (record(viaMapping ? byMapping : byReference, reference, use))
        visit(resolvePointer(document, reference), use, viaMapping);
    };
    const ref = own(node, "$ref");
    if (typeof ref === "string") follow(ref, throughMapping);
    const mapping = own(own(node, "discriminator"), "mapping");
    if (isPlainObject(mapping))
      for (const key of Object.keys(mapping)) {
        const target = own(mapping, key);
        if (typeof target === "string") follow(target, true);
      }
    for (const key of Object.keys(node))
      if (key !== "$ref" && key !== "discriminator") visit(own(node, key), use, throughMapping);
  };
  for (const path of Object.keys(document.paths)) {
    const item = own(document.paths, path);
    if (!isPlainObject(item)) continue;
    for (const method of Object.keys(item)) {
      const operation = own(item, method);
      if (!httpMethods.has(method) || !isPlainObject(operation)) continue;
      const id = own(operation, "operationId");
      const operationId = String(id ?? `${method.toUpperCase()} ${path}`);
      const request: ComponentUse = { operationId, side: "request" };
      visit(own(item, "parameters"), request, false);
      visit(own(operation, "parameters"), request, false);
      visit(own(operation, "requestBody"), request, false);
      visit(own(operation, "responses"), { operationId, side: "answer" }, false);
      const security = own(operation, "security") ?? own(document, "security");
      for (const requirement of Array.isArray(security) ? security : [])
        for (const scheme of isPlainObject(requirement) ? Object.keys(requirement) : [])
          record(byReference, `#/components/securitySchemes/${scheme}`, request);
    }
  }
  const byMappingOnly = new Map([...byMapping].filter(([reference]) => !byReference.has(reference)));
  return { byReference, byMappingOnly };
}

/** The value a local JSON pointer (`#/components/schemas/Name`) names (own properties only), or undefined. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = Array.isArray(node) && /^\d+$/.test(key) ? node[Number(key)] : own(node, key);
  }
  return node;
}
