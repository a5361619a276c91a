import { isDeepStrictEqual } from "node:util";
import { hasOwn, isPlainObject, own, type OpenApiDocument } from "./openapi-document.js";
import { compareRest, compareSchema, refName, union, type Emit } from "./schema-diff.js";
import { httpMethods } from "./selection.js";
import { say, valueList, type Phrase } from "./upstream-text/phrase.js";

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
  /** What: `renamed a -> b`, `enum values removed: GCP`, `required added: results`, ... (upstream's values kept apart) */
  what: Phrase;
  /** The component the change is written in (`#/components/schemas/Name`): which operations it reaches is known. */
  component?: string;
  /** It deprecates an operation, a parameter or a property: a minor release (SemVer 2.0.0, item 7). */
  deprecates?: boolean;
}

/** Identifies the upstream document the fragment was cut from, and changes with every upstream commit. */
export const upstreamIdentity = "x-xgen-sha";

export function diffStructure(before: OpenApiDocument, after: OpenApiDocument): StructuralChange[] {
  const changes: StructuralChange[] = [];
  const emitter =
    (section: StructuralChange["section"], component?: string): Emit =>
    (where, what, flags) =>
      changes.push({
        section,
        where,
        what,
        ...(component ? { component } : {}),
        ...(flags?.deprecates ? { deprecates: true } : {}),
      });

  const documentEmit = emitter("document");
  const withoutIdentity = (info: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(info).filter(([key]) => key !== upstreamIdentity));
  compareRest("info", withoutIdentity(before.info), withoutIdentity(after.info), new Set(), documentEmit);
  compareRest("document", before, after, new Set(["info", "paths", "components"]), documentEmit);

  compareOperations(before, after, emitter("operations"));

  const beforeComponents = before.components ?? {};
  const afterComponents = after.components ?? {};
  for (const kind of union(Object.keys(beforeComponents), Object.keys(afterComponents))) {
    const old = own(beforeComponents, kind);
    const now = own(afterComponents, kind);
    const [oldEntries, newEntries] = [isPlainObject(old) ? old : {}, isPlainObject(now) ? now : {}];
    for (const name of union(Object.keys(oldEntries), Object.keys(newEntries))) {
      if (!hasOwn(oldEntries, name)) emitter("components")("components", say`added ${`${kind}.${name}`}`);
      else if (!hasOwn(newEntries, name))
        emitter("components")("components", say`removed ${`${kind}.${name}`}`);
      else
        compareComponent(
          kind,
          name,
          own(oldEntries, name),
          own(newEntries, name),
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
  if (!isPlainObject(old) || !isPlainObject(now)) return emit(where, say`changed`);
  if (kind === "parameters") return compareParameter(where, old, now, emit);
  if (kind === "responses") return compareResponse(where, old, now, emit);
  if (kind === "headers") return compareHeader(where, old, now, emit);
  if (kind === "requestBodies") return compareRequestBody(where, old, now, emit);
  compareRest(where, old, now, new Set(), emit);
}

function compareOperations(before: OpenApiDocument, after: OpenApiDocument, emit: Emit): void {
  for (const path of union(Object.keys(after.paths), Object.keys(before.paths))) {
    const [oldPath, newPath] = [own(before.paths, path), own(after.paths, path)];
    const oldItem = isPlainObject(oldPath) ? oldPath : {};
    const newItem = isPlainObject(newPath) ? newPath : {};
    for (const method of union(Object.keys(newItem), Object.keys(oldItem)).filter((key) =>
      httpMethods.has(key),
    )) {
      const label = `${method.toUpperCase()} ${path}`;
      const old = own(oldItem, method);
      const now = own(newItem, method);
      if (!isPlainObject(old) && isPlainObject(now))
        emit(label, say`added (${String(own(now, "operationId"))})`, {
          deprecates: own(now, "deprecated") === true,
        });
      else if (isPlainObject(old) && !isPlainObject(now))
        emit(label, say`removed (${String(own(old, "operationId"))})`);
      else if (isPlainObject(old) && isPlainObject(now))
        compareOperation(label, old, now, before, after, emit);
    }
    // What the path item holds besides its operations: parameters for all of them, summary, servers.
    const pathParameters = [own(oldItem, "parameters"), own(newItem, "parameters")] as const;
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
  const [oldId, newId] = [own(old, "operationId"), own(now, "operationId")];
  if (oldId !== newId) emit(label, say`renamed ${String(oldId)} -> ${String(newId)}`);
  compareDeprecated(label, old, now, emit);
  compareParameters(label, own(old, "parameters"), own(now, "parameters"), before, after, emit);
  compareReferenced(
    `${label} request body`,
    own(old, "requestBody"),
    own(now, "requestBody"),
    compareRequestBody,
    emit,
  );
  const [oldAnswers, newAnswers] = [own(old, "responses"), own(now, "responses")];
  const oldResponses = isPlainObject(oldAnswers) ? oldAnswers : {};
  const newResponses = isPlainObject(newAnswers) ? newAnswers : {};
  for (const status of union(Object.keys(oldResponses), Object.keys(newResponses)))
    compareReferenced(
      `${label} response ${status}`,
      own(oldResponses, status),
      own(newResponses, status),
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
        const ref = own(parameter, "$ref");
        const resolved = typeof ref === "string" ? resolveLocal(document, ref) : parameter;
        const key = isPlainObject(resolved)
          ? `${String(own(resolved, "in"))} ${String(own(resolved, "name"))}`
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
    if (!was && is) emit(where, say`added (${describeParameter(is.parameter, is.resolved)})`);
    else if (was && !is) emit(where, say`removed`);
    else if (was && is) compareReferenced(where, was.parameter, is.parameter, compareParameter, emit);
  }
}

function describeParameter(parameter: unknown, resolved: unknown): Phrase {
  const required = own(resolved, "required") === true ? say`required` : say`optional`;
  const schema = own(resolved, "schema");
  const type = own(schema, "type");
  const values = own(schema, "enum");
  const ref = own(parameter, "$ref");
  return say`${required}${typeof type === "string" ? say`, ${type}` : say``}${
    Array.isArray(values) ? say`, one of ${valueList(values.map(String))}` : say``
  }${typeof ref === "string" ? say`, $ref ${refName(ref)}` : say``}`;
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
  if (old === undefined) return emit(where, say`added${referenceHint(now)}`);
  if (now === undefined) return emit(where, say`removed`);
  const [oldRef, newRef] = [refOf(old), refOf(now)];
  if (oldRef && newRef) return emit(where, say`$ref ${refName(oldRef)} -> ${refName(newRef)}`);
  if (oldRef || newRef)
    return emit(
      where,
      newRef
        ? say`now $ref ${refName(newRef)} (was written in place)`
        : say`now written in place (was $ref ${refName(oldRef!)})`,
    );
  if (isPlainObject(old) && isPlainObject(now)) compare(where, old, now, emit);
  else emit(where, say`changed`);
}

function refOf(value: unknown): string | undefined {
  const ref = own(value, "$ref");
  return typeof ref === "string" ? ref : undefined;
}

function referenceHint(value: unknown): Phrase {
  const ref = refOf(value);
  return ref ? say` ($ref ${refName(ref)})` : say``;
}

/** `deprecated: true` set (a minor release: old code still compiles, and is told to move) or cleared. */
function compareDeprecated(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  const [was, is] = [own(old, "deprecated") === true, own(now, "deprecated") === true];
  if (was !== is) emit(where, is ? say`now deprecated` : say`no longer deprecated`, { deprecates: is });
}

function compareParameter(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  compareDeprecated(where, old, now, emit);
  compareSchema(where, own(old, "schema") ?? {}, own(now, "schema") ?? {}, emit);
  compareContent(where, own(old, "content"), own(now, "content"), emit);
  compareRest(where, old, now, new Set(["required", "deprecated", "schema", "content"]), emit);
}

function compareRequestBody(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  compareContent(where, own(old, "content"), own(now, "content"), emit);
  compareRest(where, old, now, new Set(["required", "content"]), emit);
}

function compareResponse(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  const [oldList, newList] = [own(old, "headers"), own(now, "headers")];
  const oldHeaders = isPlainObject(oldList) ? oldList : {};
  const newHeaders = isPlainObject(newList) ? newList : {};
  for (const name of union(Object.keys(oldHeaders), Object.keys(newHeaders)))
    compareReferenced(
      `${where} header ${name}`,
      own(oldHeaders, name),
      own(newHeaders, name),
      compareHeader,
      emit,
    );
  compareContent(where, own(old, "content"), own(now, "content"), emit);
  compareRest(where, old, now, new Set(["headers", "content"]), emit);
}

function compareHeader(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  compareRequiredFlag(where, old, now, emit);
  compareSchema(where, own(old, "schema") ?? {}, own(now, "schema") ?? {}, emit);
  compareContent(where, own(old, "content"), own(now, "content"), emit);
  compareRest(where, old, now, new Set(["required", "schema", "content"]), emit);
}

/** `required: true` on a parameter, header or request body (not a schema's list of required properties). */
function compareRequiredFlag(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  emit: Emit,
): void {
  const [was, is] = [Boolean(own(old, "required")), Boolean(own(now, "required"))];
  if (was !== is) emit(where, is ? say`now required` : say`no longer required`);
}

/** Media types added or removed, and the schema of each kept one (named only when there are several). */
function compareContent(where: string, oldContent: unknown, newContent: unknown, emit: Emit): void {
  const old = isPlainObject(oldContent) ? oldContent : {};
  const now = isPlainObject(newContent) ? newContent : {};
  const mediaTypes = union(Object.keys(old), Object.keys(now));
  for (const mediaType of mediaTypes) {
    const label = mediaTypes.length > 1 ? `${where} ${mediaType}` : where;
    if (!hasOwn(old, mediaType)) emit(where, say`media type added: ${mediaType}`);
    else if (!hasOwn(now, mediaType)) emit(where, say`media type removed: ${mediaType}`);
    else {
      const [oldEntry, newEntry] = [own(old, mediaType), own(now, mediaType)];
      const was = isPlainObject(oldEntry) ? oldEntry : {};
      const is = isPlainObject(newEntry) ? newEntry : {};
      const [oldSchema, newSchema] = [own(was, "schema"), own(is, "schema")];
      if (oldSchema !== undefined || newSchema !== undefined)
        compareSchema(label, oldSchema ?? {}, newSchema ?? {}, emit);
      compareRest(`${where} ${mediaType}`, was, is, new Set(["schema"]), emit);
    }
  }
}

function resolveLocal(document: OpenApiDocument, ref: string): unknown {
  const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  return match ? own(own(document.components, match[1]!), match[2]!) : undefined;
}
