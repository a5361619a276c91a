import { isDeepStrictEqual } from "node:util";
import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";
import { compareRest, compareSchema, refName, union, type Emit } from "./schema-diff.js";
import { httpMethods } from "./selection.js";

/**
 * What changed between two fragments, for the person reviewing an upstream update: each change
 * named where it is written in the document (an operation, a parameter, a response, a header, a
 * component and a path into it) and said in a few words. Components are compared by name and
 * `$ref`s are compared as references, never expanded, so a change inside a component is one line
 * however many operations reach it (the report adds which ones). No release impact here: that is
 * the compiler's to say (type-compat.ts).
 *
 * Why not api-smart-diff (1.0.6, which classifies changes per JSON path): it expands every `$ref`
 * first, so on the real 2025 -> 2026 pair of this fragment it lists 443 changes (219 "breaking"),
 * mostly one change seen through every path that reaches it; its paths cannot be folded back to
 * where a change is written, because it also rewrites each discriminated `oneOf` member into an
 * `allOf` with the base merged in (paths such as `oneOf/0/allOf/0/...` exist in neither document);
 * a `$ref` pointed at another schema comes out as the dozens of differences between the two
 * targets rather than as the reference that changed; it mutates its inputs; and it prints
 * "Classification Rule error" for `required` inside `allOf` (15 times on that pair).
 */
export interface StructuralChange {
  section: "document" | "operations" | "components";
  /** Where: `GET /path`, `GET /path parameter query kind`, `ThingPage.results[]`, ... */
  where: string;
  /** What: `renamed a -> b`, `enum values removed: GCP`, `required added: results`, ... */
  what: string;
  /** The component the change is written in (`#/components/schemas/Name`): which operations it reaches is known. */
  component?: string;
}

/** Identifies the upstream document the fragment was cut from, and changes with every upstream commit. */
export const upstreamIdentity = "x-xgen-sha";

export function diffStructure(before: OpenApiDocument, after: OpenApiDocument): StructuralChange[] {
  const changes: StructuralChange[] = [];
  const emitter =
    (section: StructuralChange["section"], component?: string): Emit =>
    (where, what) =>
      changes.push({ section, where, what, ...(component ? { component } : {}) });

  const documentEmit = emitter("document");
  const withoutIdentity = (info: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(info).filter(([key]) => key !== upstreamIdentity));
  compareRest("info", withoutIdentity(before.info), withoutIdentity(after.info), new Set(), documentEmit);
  compareRest("document", before, after, new Set(["info", "paths", "components"]), documentEmit);

  compareOperations(before, after, emitter("operations"));

  const beforeComponents = before.components ?? {};
  const afterComponents = after.components ?? {};
  for (const kind of union(Object.keys(beforeComponents), Object.keys(afterComponents))) {
    const old = isPlainObject(beforeComponents[kind]) ? beforeComponents[kind] : {};
    const now = isPlainObject(afterComponents[kind]) ? afterComponents[kind] : {};
    for (const name of union(Object.keys(old), Object.keys(now))) {
      if (!(name in old)) emitter("components")("components", `added ${kind}.${name}`);
      else if (!(name in now)) emitter("components")("components", `removed ${kind}.${name}`);
      else
        compareComponent(
          kind,
          name,
          old[name],
          now[name],
          emitter("components", `#/components/${kind}/${name}`),
        );
    }
  }
  return changes;
}

function compareComponent(kind: string, name: string, old: unknown, now: unknown, emit: Emit): void {
  if (isDeepStrictEqual(old, now)) return;
  const where = kind === "schemas" ? name : `${kind}.${name}`;
  if (kind === "schemas") return compareSchema(where, old, now, emit);
  if (!isPlainObject(old) || !isPlainObject(now)) return emit(where, "changed");
  if (kind === "parameters") return compareParameter(where, old, now, emit);
  if (kind === "responses") return compareResponse(where, old, now, emit);
  if (kind === "headers") return compareHeader(where, old, now, emit);
  if (kind === "requestBodies") return compareRequestBody(where, old, now, emit);
  compareRest(where, old, now, new Set(), emit);
}

function compareOperations(before: OpenApiDocument, after: OpenApiDocument, emit: Emit): void {
  for (const path of union(Object.keys(after.paths), Object.keys(before.paths))) {
    const oldItem = isPlainObject(before.paths[path]) ? before.paths[path] : {};
    const newItem = isPlainObject(after.paths[path]) ? after.paths[path] : {};
    for (const method of union(Object.keys(newItem), Object.keys(oldItem)).filter((key) =>
      httpMethods.has(key),
    )) {
      const label = `${method.toUpperCase()} ${path}`;
      const old = oldItem[method];
      const now = newItem[method];
      if (!isPlainObject(old) && isPlainObject(now)) emit(label, `added (${String(now.operationId)})`);
      else if (isPlainObject(old) && !isPlainObject(now)) emit(label, `removed (${String(old.operationId)})`);
      else if (isPlainObject(old) && isPlainObject(now))
        compareOperation(label, old, now, before, after, emit);
    }
    // What the path item holds besides its operations: parameters for all of them, summary, servers.
    const pathParameters = [oldItem.parameters, newItem.parameters] as const;
    compareParameters(path, pathParameters[0], pathParameters[1], before, after, emit);
    const operationsAndParameters = new Set([...httpMethods, "parameters"]);
    compareRest(path, oldItem, newItem, operationsAndParameters, emit);
  }
}

function compareOperation(
  label: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  before: OpenApiDocument,
  after: OpenApiDocument,
  emit: Emit,
): void {
  if (old.operationId !== now.operationId)
    emit(label, `renamed ${String(old.operationId)} -> ${String(now.operationId)}`);
  if (Boolean(old.deprecated) !== Boolean(now.deprecated))
    emit(label, now.deprecated ? "now deprecated" : "no longer deprecated");
  compareParameters(label, old.parameters, now.parameters, before, after, emit);
  compareReferenced(`${label} request body`, old.requestBody, now.requestBody, compareRequestBody, emit);
  const oldResponses = isPlainObject(old.responses) ? old.responses : {};
  const newResponses = isPlainObject(now.responses) ? now.responses : {};
  for (const status of union(Object.keys(oldResponses), Object.keys(newResponses)))
    compareReferenced(
      `${label} response ${status}`,
      oldResponses[status],
      newResponses[status],
      compareResponse,
      emit,
    );
  compareRest(
    label,
    old,
    now,
    new Set(["operationId", "deprecated", "parameters", "requestBody", "responses"]),
    emit,
  );
}

/**
 * Parameters matched by where they go and their name (`query kind`), a `$ref`erenced one by
 * the location and name of the component it names, so that moving a parameter into a component
 * is not a removal.
 */
function compareParameters(
  label: string,
  oldList: unknown,
  newList: unknown,
  before: OpenApiDocument,
  after: OpenApiDocument,
  emit: Emit,
): void {
  const keyed = (list: unknown, document: OpenApiDocument) =>
    new Map(
      (Array.isArray(list) ? list : []).map((parameter) => {
        const resolved =
          isPlainObject(parameter) && typeof parameter.$ref === "string"
            ? resolveLocal(document, parameter.$ref)
            : parameter;
        const key = isPlainObject(resolved)
          ? `${String(resolved.in)} ${String(resolved.name)}`
          : JSON.stringify(parameter);
        return [key, { parameter, resolved }] as const;
      }),
    );
  const old = keyed(oldList, before);
  const now = keyed(newList, after);
  for (const key of union([...old.keys()], [...now.keys()])) {
    const where = `${label} parameter ${key}`;
    const was = old.get(key);
    const is = now.get(key);
    if (!was && is) emit(where, `added (${describeParameter(is.parameter, is.resolved)})`);
    else if (was && !is) emit(where, "removed");
    else if (was && is) compareReferenced(where, was.parameter, is.parameter, compareParameter, emit);
  }
}

function describeParameter(parameter: unknown, resolved: unknown): string {
  const required = isPlainObject(resolved) && resolved.required === true ? "required" : "optional";
  const schema = isPlainObject(resolved) && isPlainObject(resolved.schema) ? resolved.schema : {};
  const type = typeof schema.type === "string" ? `, ${schema.type}` : "";
  const values = Array.isArray(schema.enum) ? `, one of ${schema.enum.map(String).join(", ")}` : "";
  const ref =
    isPlainObject(parameter) && typeof parameter.$ref === "string" ? `, $ref ${refName(parameter.$ref)}` : "";
  return `${required}${type}${values}${ref}`;
}

/**
 * An object that may be written in place or be a `$ref` to a component: two references are equal
 * or point elsewhere (the component itself is compared once, where it is defined); two objects
 * written in place are compared by `compare`.
 */
function compareReferenced(
  where: string,
  old: unknown,
  now: unknown,
  compare: (where: string, old: Record<string, unknown>, now: Record<string, unknown>, emit: Emit) => void,
  emit: Emit,
): void {
  if (isDeepStrictEqual(old, now)) return;
  if (old === undefined) return emit(where, `added${referenceHint(now)}`);
  if (now === undefined) return emit(where, "removed");
  const oldRef = isPlainObject(old) && typeof old.$ref === "string" ? old.$ref : undefined;
  const newRef = isPlainObject(now) && typeof now.$ref === "string" ? now.$ref : undefined;
  if (oldRef && newRef) return emit(where, `$ref ${refName(oldRef)} -> ${refName(newRef)}`);
  if (oldRef || newRef)
    return emit(
      where,
      newRef
        ? `now $ref ${refName(newRef)} (was written in place)`
        : `now written in place (was $ref ${refName(oldRef!)})`,
    );
  if (isPlainObject(old) && isPlainObject(now)) compare(where, old, now, emit);
  else emit(where, "changed");
}

function referenceHint(value: unknown): string {
  return isPlainObject(value) && typeof value.$ref === "string" ? ` ($ref ${refName(value.$ref)})` : "";
}

function compareParameter(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  if (Boolean(old.deprecated) !== Boolean(now.deprecated))
    emit(where, now.deprecated ? "now deprecated" : "no longer deprecated");
  compareSchema(where, old.schema ?? {}, now.schema ?? {}, emit);
  compareContent(where, old.content, now.content, emit);
  compareRest(where, old, now, new Set(["required", "deprecated", "schema", "content"]), emit);
}

function compareRequestBody(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  compareContent(where, old.content, now.content, emit);
  compareRest(where, old, now, new Set(["required", "content"]), emit);
}

function compareResponse(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  const oldHeaders = isPlainObject(old.headers) ? old.headers : {};
  const newHeaders = isPlainObject(now.headers) ? now.headers : {};
  for (const name of union(Object.keys(oldHeaders), Object.keys(newHeaders)))
    compareReferenced(`${where} header ${name}`, oldHeaders[name], newHeaders[name], compareHeader, emit);
  compareContent(where, old.content, now.content, emit);
  compareRest(where, old, now, new Set(["headers", "content"]), emit);
}

function compareHeader(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  compareSchema(where, old.schema ?? {}, now.schema ?? {}, emit);
  compareContent(where, old.content, now.content, emit);
  compareRest(where, old, now, new Set(["required", "schema", "content"]), emit);
}

/** `required: true` on a parameter, header or request body (not a schema's list of required properties). */
function compareRequiredFlag(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  if (Boolean(old.required) !== Boolean(now.required))
    emit(where, now.required ? "now required" : "no longer required");
}

/** Media types added or removed, and the schema of each kept one (named only when there are several). */
function compareContent(where: string, oldContent: unknown, newContent: unknown, emit: Emit): void {
  const old = isPlainObject(oldContent) ? oldContent : {};
  const now = isPlainObject(newContent) ? newContent : {};
  const mediaTypes = union(Object.keys(old), Object.keys(now));
  for (const mediaType of mediaTypes) {
    const label = mediaTypes.length > 1 ? `${where} ${mediaType}` : where;
    if (!(mediaType in old)) emit(where, `media type added: ${mediaType}`);
    else if (!(mediaType in now)) emit(where, `media type removed: ${mediaType}`);
    else {
      const was = isPlainObject(old[mediaType]) ? old[mediaType] : {};
      const is = isPlainObject(now[mediaType]) ? now[mediaType] : {};
      if (was.schema !== undefined || is.schema !== undefined)
        compareSchema(label, was.schema ?? {}, is.schema ?? {}, emit);
      compareRest(`${where} ${mediaType}`, was, is, new Set(["schema"]), emit);
    }
  }
}

function resolveLocal(document: OpenApiDocument, ref: string): unknown {
  const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  return match ? document.components?.[match[1]!]?.[match[2]!] : undefined;
}
