import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";
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
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isPlainObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.has(method) || !isPlainObject(operation)) continue;
      operations.push({ method, path, operationId: String(operation.operationId ?? "") });
    }
  }
  return operations;
}

/**
 * Which operations reach each component, following `$ref`s from each operation's parameters and
 * request body (its request side) and its responses (its answer side), and, separately,
 * discriminator mappings: a component that only a mapping names appears in no operation's type,
 * but it is still exported in `components`, so its changes still matter.
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
    if (typeof node.$ref === "string") follow(node.$ref, throughMapping);
    const mapping = isPlainObject(node.discriminator) ? node.discriminator.mapping : undefined;
    if (isPlainObject(mapping))
      for (const target of Object.values(mapping)) if (typeof target === "string") follow(target, true);
    for (const [key, value] of Object.entries(node))
      if (key !== "$ref" && key !== "discriminator") visit(value, use, throughMapping);
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isPlainObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!httpMethods.has(method) || !isPlainObject(operation)) continue;
      const operationId = String(operation.operationId ?? `${method.toUpperCase()} ${path}`);
      const request: ComponentUse = { operationId, side: "request" };
      visit(item.parameters, request, false);
      visit(operation.parameters, request, false);
      visit(operation.requestBody, request, false);
      visit(operation.responses, { operationId, side: "answer" }, false);
    }
  }
  const byMappingOnly = new Map([...byMapping].filter(([reference]) => !byReference.has(reference)));
  return { byReference, byMappingOnly };
}

/** The value a local JSON pointer (`#/components/schemas/Name`) names, or undefined. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
