import { isDeepStrictEqual } from "node:util";
import { hasOwn, isPlainObject, own } from "./openapi-document.js";
import { say, valueList, words, type Phrase } from "./upstream-text/phrase.js";

/**
 * Reports one change: where (a path a person can find in the document) and what, as a phrase whose
 * values from upstream each place it lands encodes for itself. `deprecates` marks a change that
 * deprecates something old code may use (a minor release: SemVer 2.0.0, item 7).
 */
export type Emit = (where: string, what: Phrase, flags?: { deprecates?: boolean }) => void;

/**
 * Compares two schemas where they are written, without following `$ref`s: a change inside a
 * referenced component is reported once, where the component is compared, however many operations
 * reach it; a `$ref` that now points elsewhere is reported as that. `where` names the schema
 * (`ThingPage`, `GET /path parameter query kind`); deeper levels append
 * `.property`, `[]` for array items, `.allOf[1]` for an inline member, and so on.
 *
 * Every key is looked at: the ones below have their own wording, any other key that differs is
 * reported by name with its values (`compareRest`), so that no change to the document goes
 * unreported. Keys and property names are upstream's: every lookup is of an own property.
 */
export function compareSchema(where: string, before: unknown, after: unknown, emit: Emit): void {
  if (isDeepStrictEqual(before, after)) return;
  if (!isPlainObject(before) || !isPlainObject(after)) {
    emit(where, say`schema ${show(before)} -> ${show(after)}`);
    return;
  }
  const handled = new Set<string>();
  const take = (key: string) => (handled.add(key), [own(before, key), own(after, key)] as const);

  const [oldRef, newRef] = take("$ref");
  if (oldRef !== newRef) {
    if (typeof oldRef === "string" && typeof newRef === "string")
      emit(where, say`$ref ${refName(oldRef)} -> ${refName(newRef)}`);
    else if (typeof newRef === "string") emit(where, say`now $ref ${refName(newRef)} (was an inline schema)`);
    else emit(where, say`now an inline schema (was $ref ${refName(String(oldRef))})`);
    // An inline schema replaced by a reference, or the reverse: what the two hold is not comparable key by key.
    if (typeof oldRef !== typeof newRef) return;
  }

  for (const key of ["type", "format", "pattern", "title", "default"]) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now)) emit(where, transition(words(key), old, now));
  }
  for (const key of ["nullable", "readOnly", "writeOnly", "deprecated", "uniqueItems"]) {
    const [old, now] = take(key);
    if (Boolean(old) !== Boolean(now))
      emit(where, now ? say`now ${words(key)}` : say`no longer ${words(key)}`, {
        deprecates: key === "deprecated" && Boolean(now),
      });
  }
  for (const key of limitKeywords) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now)) emit(where, transition(words(key), old, now));
  }
  for (const key of ["description", "example", "examples", "externalDocs"]) {
    const [old, now] = take(key);
    if (!isDeepStrictEqual(old, now))
      emit(
        where,
        say`${words(key)} ${words(old === undefined ? "added" : now === undefined ? "removed" : "changed")}`,
      );
  }

  compareEnum(where, take("enum"), emit);
  compareRequired(where, take("required"), emit);
  compareProperties(where, take("properties"), emit);
  compareAdditionalProperties(where, take("additionalProperties"), emit);
  const [oldItems, newItems] = take("items");
  if (oldItems !== undefined && newItems !== undefined) compareSchema(`${where}[]`, oldItems, newItems, emit);
  else if (oldItems !== newItems) emit(where, oldItems === undefined ? say`items added` : say`items removed`);
  for (const key of ["allOf", "oneOf", "anyOf"]) compareMembers(where, key, take(key), emit);
  const [oldNot, newNot] = take("not");
  if (oldNot !== undefined && newNot !== undefined) compareSchema(`${where}.not`, oldNot, newNot, emit);
  else if (oldNot !== newNot) emit(where, oldNot === undefined ? say`not added` : say`not removed`);
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
    if (Array.isArray(now)) emit(where, say`enum added: ${valueList(now.map(show))}`);
    else if (Array.isArray(old)) emit(where, say`enum removed (any value of its type now)`);
    return;
  }
  const added = now.filter((value) => !old.some((known) => isDeepStrictEqual(known, value)));
  const removed = old.filter((value) => !now.some((kept) => isDeepStrictEqual(kept, value)));
  if (added.length > 0) emit(where, say`enum values added: ${valueList(added.map(show))}`);
  if (removed.length > 0) emit(where, say`enum values removed: ${valueList(removed.map(show))}`);
  if (added.length === 0 && removed.length === 0) emit(where, say`enum values reordered`);
}

function compareRequired(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  const before = Array.isArray(old) ? old.map(String) : [];
  const after = Array.isArray(now) ? now.map(String) : [];
  const added = after.filter((name) => !before.includes(name));
  const removed = before.filter((name) => !after.includes(name));
  if (added.length > 0) emit(where, say`required added: ${valueList(added)}`);
  if (removed.length > 0) emit(where, say`required removed: ${valueList(removed)}`);
}

function compareProperties(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  const before = isPlainObject(old) ? old : {};
  const after = isPlainObject(now) ? now : {};
  for (const name of union(Object.keys(before), Object.keys(after))) {
    if (!hasOwn(before, name)) emit(`${where}.${name}`, say`property added${summary(own(after, name))}`);
    else if (!hasOwn(after, name)) emit(`${where}.${name}`, say`property removed`);
    else compareSchema(`${where}.${name}`, own(before, name), own(after, name), emit);
  }
}

function compareAdditionalProperties(
  where: string,
  [old, now]: readonly [unknown, unknown],
  emit: Emit,
): void {
  if (isDeepStrictEqual(old, now)) return;
  if (isPlainObject(old) && isPlainObject(now)) return compareSchema(`${where}.{additional}`, old, now, emit);
  emit(where, transition(words("additionalProperties"), old, now));
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
    if (ref && !oldRefs.includes(ref)) emit(where, say`${words(key)} member added: ${refName(ref)}`);
  for (const ref of oldRefs)
    if (ref && !newRefs.includes(ref)) emit(where, say`${words(key)} member removed: ${refName(ref)}`);
  const oldInline = before.filter((member) => !memberRef(member));
  const newInline = after.filter((member) => !memberRef(member));
  newInline.forEach((member, index) => {
    const label = `${where}.${key}[${after.indexOf(member)}]`;
    if (index < oldInline.length) compareSchema(label, oldInline[index], member, emit);
    else emit(label, say`${words(key)} member added: an inline schema${summary(member)}`);
  });
  for (const member of oldInline.slice(newInline.length))
    emit(`${where}.${key}[${before.indexOf(member)}]`, say`${words(key)} member removed: an inline schema`);
}

function compareDiscriminator(where: string, [old, now]: readonly [unknown, unknown], emit: Emit): void {
  if (isDeepStrictEqual(old, now)) return;
  const before = isPlainObject(old) ? old : {};
  const after = isPlainObject(now) ? now : {};
  const [oldName, newName] = [own(before, "propertyName"), own(after, "propertyName")];
  if (old === undefined) emit(where, say`discriminator added on ${String(newName)}`);
  else if (now === undefined) emit(where, say`discriminator removed (was on ${String(oldName)})`);
  else if (oldName !== newName)
    emit(where, transition(words("discriminator propertyName"), oldName, newName));
  const oldMapping = isPlainObject(own(before, "mapping"))
    ? (own(before, "mapping") as Record<string, unknown>)
    : {};
  const newMapping = isPlainObject(own(after, "mapping"))
    ? (own(after, "mapping") as Record<string, unknown>)
    : {};
  for (const value of union(Object.keys(oldMapping), Object.keys(newMapping))) {
    const [was, is] = [own(oldMapping, value), own(newMapping, value)];
    if (was === undefined) emit(where, say`discriminator mapping added: ${value} -> ${refName(String(is))}`);
    else if (is === undefined)
      emit(where, say`discriminator mapping removed: ${value} (was ${refName(String(was))})`);
    else if (was !== is)
      emit(where, say`discriminator mapping ${value}: ${refName(String(was))} -> ${refName(String(is))}`);
  }
  const rest = new Set(["propertyName", "mapping"]);
  compareRest(`${where} discriminator`, before, after, rest, emit);
}

/** Prose: a change to it is named, its text is not repeated (the diff of spec/ shows it). */
const proseKeys = new Set(["description", "summary"]);
/** At most this many changed values are listed for one key; the rest are counted. */
const shownValueChanges = 8;

/**
 * Any key not handled above that differs, reported by name with its values: extensions (`x-...`,
 * `added x-sunset: 2026-09-01`), `servers` (`servers[0].url https://a -> https://b`), the flows of
 * a security scheme, keywords this comparison has no words for. Nothing that changed may go
 * unmentioned, and a value a person needs to judge the change (a date, a URL) is never left out.
 */
export function compareRest(
  where: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  handled: ReadonlySet<string>,
  emit: Emit,
): void {
  for (const key of union(Object.keys(before), Object.keys(after))) {
    const [old, now] = [own(before, key), own(after, key)];
    if (handled.has(key) || isDeepStrictEqual(old, now)) continue;
    if (!hasOwn(before, key))
      emit(where, proseKeys.has(key) ? say`added ${key}` : say`added ${key}: ${shown(now)}`);
    else if (!hasOwn(after, key))
      emit(where, proseKeys.has(key) ? say`removed ${key}` : say`removed ${key} (was ${shown(old)})`);
    else if (proseKeys.has(key)) emit(where, say`${key} changed`);
    else {
      const changes = valueChanges(key, old, now);
      for (const change of changes.slice(0, shownValueChanges)) emit(where, change);
      if (changes.length > shownValueChanges)
        emit(where, say`${key}: ${changes.length - shownValueChanges} more values changed`);
    }
  }
}

/** Each value that differs between two versions of a key, at its path under the key (`servers[0].url`). */
function valueChanges(path: string, old: unknown, now: unknown): Phrase[] {
  if (isDeepStrictEqual(old, now)) return [];
  if (old === undefined) return [say`${path} added: ${shown(now)}`];
  if (now === undefined) return [say`${path} removed (was ${shown(old)})`];
  const last = /[^.[\]]+$/.exec(path)?.[0] ?? path;
  if (proseKeys.has(last)) return [say`${path} changed`];
  if (isPlainObject(old) && isPlainObject(now))
    return union(Object.keys(old), Object.keys(now)).flatMap((key) =>
      valueChanges(`${path}.${key}`, own(old, key), own(now, key)),
    );
  if (Array.isArray(old) && Array.isArray(now) && old.every(isScalar) && now.every(isScalar)) {
    const added = now.filter((value) => !old.some((known) => isDeepStrictEqual(known, value)));
    const removed = old.filter((value) => !now.some((kept) => isDeepStrictEqual(kept, value)));
    return [
      ...(added.length > 0 ? [say`${path} values added: ${valueList(added.map(show))}`] : []),
      ...(removed.length > 0 ? [say`${path} values removed: ${valueList(removed.map(show))}`] : []),
      ...(added.length + removed.length === 0 ? [say`${path} values reordered`] : []),
    ];
  }
  if (Array.isArray(old) && Array.isArray(now))
    return Array.from({ length: Math.max(old.length, now.length) }, (_, index) =>
      valueChanges(`${path}[${index}]`, old[index], now[index]),
    ).flat();
  return [say`${path} ${shown(old)} -> ${shown(now)}`];
}

/** `type string -> integer`, `maxLength added: 10`, `pattern removed (was ^a$)`. */
export function transition(key: Phrase | string, old: unknown, now: unknown): Phrase {
  if (old === undefined) return say`${key} added: ${show(now)}`;
  if (now === undefined) return say`${key} removed (was ${show(old)})`;
  return say`${key} ${show(old)} -> ${show(now)}`;
}

/** `Thing` for `#/components/schemas/Thing`, `responses.notFound` for other components. */
export function refName(ref: string): string {
  const match = /^#\/components\/([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === "schemas" ? match[2]! : `${match[1]}.${match[2]}`;
}

/** ` (string)`, ` ($ref Thing)`, ` (array)`: a short hint of what an added schema is. */
function summary(schema: unknown): Phrase {
  if (!isPlainObject(schema)) return say``;
  const ref = own(schema, "$ref");
  if (typeof ref === "string") return say` ($ref ${refName(ref)})`;
  const type = own(schema, "type");
  if (typeof type === "string") return say` (${type})`;
  return say``;
}

function memberRef(member: unknown): string | undefined {
  const ref = own(member, "$ref");
  return typeof ref === "string" ? ref : undefined;
}

/** A value as a report shows it: a string as it is (shortened when long), anything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return value.length > 200 ? `${value.slice(0, 197)}...` : value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** A value of a key added or removed: one value, a list of values, or (anything else) JSON. */
function shown(value: unknown): Phrase {
  if (Array.isArray(value) && value.every(isScalar)) return valueList(value.map(show));
  return say`${show(value)}`;
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
