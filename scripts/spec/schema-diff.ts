import { isDeepStrictEqual } from "node:util";
import { isPlainObject } from "./openapi-document.js";

/** Reports one change: where (a path a person can find in the document) and what. */
export type Emit = (where: string, what: string) => void;

/**
 * Compares two schemas where they are written, without following `$ref`s: a change inside a
 * referenced component is reported once, where the component is compared, however many operations
 * reach it; a `$ref` that now points elsewhere is reported as that. `where` names the schema
 * (`ThingPage`, `GET /path parameter query kind`); deeper levels append
 * `.property`, `[]` for array items, `.allOf[1]` for an inline member, and so on.
 *
 * Every key is looked at: the ones below have their own wording, any other key that differs is
 * reported by name (`compareRest`), so that no change to the document goes unreported.
 */
export function compareSchema(where: string, before: unknown, after: unknown, emit: Emit): void {
  if (isDeepStrictEqual(before, after)) return;
  if (!isPlainObject(before) || !isPlainObject(after)) {
    emit(where, `schema ${show(before)} -> ${show(after)}`);
    return;
  }
  const handled = new Set<string>();
  const take = (key: string) => (handled.add(key), [before[key], after[key]] as const);

  const [oldRef, newRef] = take("$ref");
  if (oldRef !== newRef) {
    if (typeof oldRef === "string" && typeof newRef === "string")
      emit(where, `$ref ${refName(oldRef)} -> ${refName(newRef)}`);
    else if (typeof newRef === "string") emit(where, `now $ref ${refName(newRef)} (was an inline schema)`);
    else emit(where, `now an inline schema (was $ref ${refName(String(oldRef))})`);
    // An inline schema replaced by a reference, or the reverse: what the two hold is not comparable key by key.
    if (typeof oldRef !== typeof newRef) return;
  }

  for (const key of ["type", "format", "pattern", "title", "default"]) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now)) emit(where, transition(key, old, now));
  }
  for (const key of ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"]) {
    const [old, now] = take(key);
    if (Boolean(old) !== Boolean(now)) emit(where, now ? `now ${key}` : `no longer ${key}`);
  }
  for (const key of limitKeywords) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now)) emit(where, transition(key, old, now));
  }
  for (const key of ["description", "example", "examples", "externalDocs"]) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now))
      emit(where, `${key} ${old === undefined ? "added" : now === undefined ? "removed" : "changed"}`);
  }

  compareEnum(where, take("enum"), emit);
  compareRequired(where, take("required"), emit);
  compareProperties(where, take("properties"), emit);
  compareAdditionalProperties(where, take("additionalProperties"), emit);
  const [oldItems, newItems] = take("items");
  if (oldItems !== undefined && newItems !== undefined) compareSchema(`${where}[]`, oldItems, newItems, emit);
  else if (oldItems !== newItems) emit(where, oldItems === undefined ? "items added" : "items removed");
  for (const key of ["allOf", "oneOf", "anyOf"]) compareMembers(where, key, take(key), emit);
  const [oldNot, newNot] = take("not");
  if (oldNot !== undefined && newNot !== undefined) compareSchema(`${where}.not`, oldNot, newNot, emit);
  else if (oldNot !== newNot) emit(where, oldNot === undefined ? "not added" : "not removed");
  compareDiscriminator(where, take("discriminator"), emit);
  compareRest(where, before, after, handled, emit);
}

const limitKeywords = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
];

function compareEnum(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  if (isDeepStrictEqual(old, now)) return;
  if (!Array.isArray(old) || !Array.isArray(now)) {
    if (Array.isArray(now)) emit(where, `enum added: ${now.map(show).join(", ")}`);
    else if (Array.isArray(old)) emit(where, "enum removed (any value of its type now)");
    return;
  }
  const added = now.filter((value) => !old.some((known) => isDeepStrictEqual(known, value)));
  const removed = old.filter((value) => !now.some((kept) => isDeepStrictEqual(kept, value)));
  if (added.length > 0) emit(where, `enum values added: ${added.map(show).join(", ")}`);
  if (removed.length > 0) emit(where, `enum values removed: ${removed.map(show).join(", ")}`);
  if (added.length === 0 && removed.length === 0) emit(where, "enum values reordered");
}

function compareRequired(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  const before = Array.isArray(old) ? old.map(String) : [];
  const after = Array.isArray(now) ? now.map(String) : [];
  const added = after.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !after.includes(name));
  if (added.length > 0) emit(where, `required added: ${added.join(", ")}`);
  if (removed.length > 0) emit(where, `required removed: ${removed.join(", ")}`);
}

function compareProperties(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  const before = isPlainObject(old) ? old : {};
  const after = isPlainObject(now) ? now : {};
  for (const name of union(Object.keys(before), Object.keys(after))) {
    if (!(name in before)) emit(`${where}.${name}`, `property added${summary(after[name])}`);
    else if (!(name in after)) emit(`${where}.${name}`, "property removed");
    else compareSchema(`${where}.${name}`, before[name], after[name], emit);
  }
}

function compareAdditionalProperties(
  where: string,
  [old, now]: readonly [unknown, unknown],
  emit: Emit,
): void {
  if (isDeepStrictEqual(old, now)) return;
  if (isPlainObject(old) && isPlainObject(now)) return compareSchema(`${where}.{additional}`, old, now, emit);
  emit(where, transition("additionalProperties", old, now));
}

/**
 * `allOf`, `oneOf`, `anyOf`: members that are references are matched by what they reference (upstream
 * reorders them freely), inline members by their order among the inline ones.
 */
function compareMembers(
  where: string,
  key: string,
  [old, now]: readonly [unknown, unknown],
  emit: Emit,
): void {
  if (isDeepStrictEqual(old, now)) return;
  const before = Array.isArray(old) ? old : [];
  const after = Array.isArray(now) ? now : [];
  const oldRefs = before.map(memberRef);
  const newRefs = after.map(memberRef);
  for (const ref of newRefs)
    if (ref && !oldRefs.includes(ref)) emit(where, `${key} member added: ${refName(ref)}`);
  for (const ref of oldRefs)
    if (ref && !newRefs.includes(ref)) emit(where, `${key} member removed: ${refName(ref)}`);
  const oldInline = before.filter((member) => !memberRef(member));
  const newInline = after.filter((member) => !memberRef(member));
  newInline.forEach((member, index) => {
    const label = `${where}.${key}[${after.indexOf(member)}]`;
    if (index < oldInline.length) compareSchema(label, oldInline[index], member, emit);
    else emit(label, `${key} member added: an inline schema${summary(member)}`);
  });
  for (const member of oldInline.slice(newInline.length))
    emit(`${where}.${key}[${before.indexOf(member)}]`, `${key} member removed: an inline schema`);
}

function compareDiscriminator(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  if (isDeepStrictEqual(old, now)) return;
  const before = isPlainObject(old) ? old : {};
  const after = isPlainObject(now) ? now : {};
  if (old === undefined) emit(where, `discriminator added on ${String(after.propertyName)}`);
  else if (now === undefined) emit(where, `discriminator removed (was on ${String(before.propertyName)})`);
  else if (before.propertyName !== after.propertyName)
    emit(where, transition("discriminator propertyName", before.propertyName, after.propertyName));
  const oldMapping = isPlainObject(before.mapping) ? before.mapping : {};
  const newMapping = isPlainObject(after.mapping) ? after.mapping : {};
  for (const value of union(Object.keys(oldMapping), Object.keys(newMapping))) {
    const [was, is] = [oldMapping[value], newMapping[value]];
    if (was === undefined) emit(where, `discriminator mapping added: ${value} -> ${refName(String(is))}`);
    else if (is === undefined)
      emit(where, `discriminator mapping removed: ${value} (was ${refName(String(was))})`);
    else if (was !== is)
      emit(where, `discriminator mapping ${value}: ${refName(String(was))} -> ${refName(String(is))}`);
  }
  const rest = new Set(["propertyName", "mapping"]);
  compareRest(`${where} discriminator`, before, after, rest, emit);
}

/**
 * Any key not handled above that differs, reported by name: extensions (`x-...`), keywords this
 * comparison has no words for. Nothing that changed may go unmentioned.
 */
export function compareRest(
  where: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  handled: ReadonlySet<string>,
  emit: Emit,
): void {
  for (const key of union(Object.keys(before), Object.keys(after))) {
    if (handled.has(key) || isDeepStrictEqual(before[key], after[key])) continue;
    if (!(key in before)) emit(where, `added ${key}`);
    else if (!(key in after)) emit(where, `removed ${key}`);
    else if (key === "description" || key === "summary") emit(where, `${key} changed`);
    else if (isScalar(before[key]) && isScalar(after[key]))
      emit(where, transition(key, before[key], after[key]));
    else emit(where, `${key} changed`);
  }
}

/** `type string -> integer`, `maxLength added: 10`, `pattern removed`. */
export function transition(key: string, old: unknown, now: unknown): string {
  if (old === undefined) return `${key} added: ${show(now)}`;
  if (now === undefined) return `${key} removed (was ${show(old)})`;
  return `${key} ${show(old)} -> ${show(now)}`;
}

/** `Thing` for `#/components/schemas/Thing`, `responses.notFound` for other components. */
export function refName(ref: string): string {
  const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === "schemas" ? match[2]! : `${match[1]}.${match[2]}`;
}

/** ` (string)`, ` ($ref Thing)`, ` (array)`: a short hint of what an added schema is. */
function summary(schema: unknown): string {
  if (!isPlainObject(schema)) return "";
  if (typeof schema.$ref === "string") return ` ($ref ${refName(schema.$ref)})`;
  if (typeof schema.type === "string") return ` (${schema.type})`;
  return "";
}

function memberRef(member: unknown): string | undefined {
  return isPlainObject(member) && typeof member.$ref === "string" ? member.$ref : undefined;
}

function show(value: unknown): string {
  if (typeof value === "string") return value.length > 100 ? `${value.slice(0, 97)}...` : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
