import { isPlainObject, type OpenApiDocument, type OperationObject } from "./openapi-document.js";

/**
 * What changed between two fragments, for a person reviewing an upstream update: operations
 * added, removed or renamed (same method and path, new operationId), responses added or removed,
 * parameters, components, and per schema the properties, `required`, enums, types and nullability.
 * Each change also says what it means for this package's release: `major` when code that compiled
 * against the old types may not compile against the new ones, `minor` for additions.
 */
export interface FragmentChange {
  area:
    | "info"
    | "operations"
    | "responses"
    | "parameters"
    | "components"
    | "schemas"
    | "media types"
    | "extensions";
  text: string;
  impact: "major" | "minor" | "patch";
}

export function diffFragments(before: OpenApiDocument, after: OpenApiDocument): FragmentChange[] {
  const changes: FragmentChange[] = [];
  const add = (area: FragmentChange["area"], impact: FragmentChange["impact"], text: string) =>
    changes.push({ area, impact, text });

  const beforeSha = before.info["x-xgen-sha"];
  const afterSha = after.info["x-xgen-sha"];
  if (beforeSha !== afterSha)
    add("info", "patch", `upstream x-xgen-sha ${String(beforeSha)} -> ${String(afterSha)}`);

  for (const { path, method } of allOperationKeys(before, after)) {
    const label = `${method.toUpperCase()} ${path}`;
    const old = operationAt(before, path, method);
    const now = operationAt(after, path, method);
    if (!old && now) add("operations", "minor", `added ${label} (${now.operationId})`);
    else if (old && !now) add("operations", "major", `removed ${label} (${old.operationId})`);
    else if (old && now) diffOperation(label, old, now, add);
  }

  for (const kind of union(Object.keys(before.components ?? {}), Object.keys(after.components ?? {}))) {
    const oldEntries = before.components?.[kind] ?? {};
    const newEntries = after.components?.[kind] ?? {};
    for (const name of union(Object.keys(oldEntries), Object.keys(newEntries))) {
      if (!(name in oldEntries)) add("components", "minor", `added ${kind}.${name}`);
      else if (!(name in newEntries)) add("components", "major", `removed ${kind}.${name}`);
      else if (kind === "schemas")
        diffSchema(name, oldEntries[name], newEntries[name], requestSchemas(after).has(name), add);
    }
  }
  return changes;
}

/** The suggested release for a set of changes: the largest impact among them. */
export function releaseFor(changes: readonly FragmentChange[]): "major" | "minor" | "patch" | "none" {
  if (changes.some((change) => change.impact === "major")) return "major";
  if (changes.some((change) => change.impact === "minor")) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

export function formatChanges(changes: readonly FragmentChange[]): string {
  if (changes.length === 0) return "No change in the fragment.\n";
  const lines: string[] = [];
  for (const area of new Set(changes.map((change) => change.area))) {
    lines.push(`${area[0]!.toUpperCase()}${area.slice(1)}:`);
    for (const change of changes.filter((candidate) => candidate.area === area))
      lines.push(`  [${change.impact}] ${change.text}`);
  }
  lines.push(`Suggested release: ${releaseFor(changes)}`);
  return `${lines.join("\n")}\n`;
}

type Add = (area: FragmentChange["area"], impact: FragmentChange["impact"], text: string) => void;

function diffOperation(label: string, old: OperationObject, now: OperationObject, add: Add): void {
  if (old.operationId !== now.operationId)
    add("operations", "patch", `renamed ${label}: ${old.operationId} -> ${now.operationId}`);

  const oldResponses = objectAt(old, "responses");
  const newResponses = objectAt(now, "responses");
  for (const status of union(Object.keys(oldResponses), Object.keys(newResponses))) {
    if (!(status in oldResponses))
      add("responses", "minor", `${label}: added ${status}${refSuffix(newResponses[status])}`);
    else if (!(status in newResponses)) add("responses", "major", `${label}: removed ${status}`);
    else {
      diffMediaTypes(
        `${label} ${status}`,
        objectAt(oldResponses[status], "content"),
        objectAt(newResponses[status], "content"),
        add,
      );
      const oldHeaders = Object.keys(objectAt(oldResponses[status], "headers"));
      const newHeaders = Object.keys(objectAt(newResponses[status], "headers"));
      for (const header of newHeaders.filter((name) => !oldHeaders.includes(name)))
        add("responses", "minor", `${label} ${status}: header added: ${header}`);
      for (const header of oldHeaders.filter((name) => !newHeaders.includes(name)))
        add("responses", "patch", `${label} ${status}: header removed: ${header}`);
    }
  }
  diffMediaTypes(
    `${label} request body`,
    objectAt(objectAt(old, "requestBody"), "content"),
    objectAt(objectAt(now, "requestBody"), "content"),
    add,
  );

  const oldParameters = parameterNames(old);
  const newParameters = parameterNames(now);
  for (const name of union([...oldParameters.keys()], [...newParameters.keys()])) {
    if (!oldParameters.has(name))
      add(
        "parameters",
        newParameters.get(name) ? "major" : "minor",
        `${label}: added ${name}${newParameters.get(name) ? " (required)" : ""}`,
      );
    else if (!newParameters.has(name)) add("parameters", "major", `${label}: removed ${name}`);
  }

  for (const key of union(Object.keys(old), Object.keys(now)).filter((key) => key.startsWith("x-"))) {
    if (!(key in old)) add("extensions", "patch", `${label}: added ${key}`);
    else if (!(key in now)) add("extensions", "patch", `${label}: removed ${key}`);
  }
}

function diffMediaTypes(
  label: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  add: Add,
): void {
  for (const mediaType of union(Object.keys(old), Object.keys(now))) {
    if (!(mediaType in old)) add("media types", "minor", `${label}: added ${mediaType}`);
    else if (!(mediaType in now)) add("media types", "major", `${label}: removed ${mediaType}`);
  }
}

function diffSchema(
  name: string,
  oldSchema: unknown,
  newSchema: unknown,
  inRequests: boolean,
  add: Add,
): void {
  const old = isPlainObject(oldSchema) ? oldSchema : {};
  const now = isPlainObject(newSchema) ? newSchema : {};
  const oldProperties = objectAt(old, "properties");
  const newProperties = objectAt(now, "properties");
  for (const property of union(Object.keys(oldProperties), Object.keys(newProperties))) {
    const where = `${name}.${property}`;
    if (!(property in oldProperties)) add("schemas", "minor", `${where}: property added`);
    else if (!(property in newProperties)) add("schemas", "major", `${where}: property removed`);
    else
      diffSchemaValue(
        where,
        objectAt(oldProperties, property),
        objectAt(newProperties, property),
        inRequests,
        add,
      );
  }
  const oldRequired = stringList(old.required);
  const newRequired = stringList(now.required);
  for (const property of newRequired.filter((entry) => !oldRequired.includes(entry))) {
    // Newly required in what we send: callers' code may stop compiling. In answers only: types get stricter for the better.
    add("schemas", inRequests ? "major" : "minor", `${name}: required added: ${property}`);
  }
  for (const property of oldRequired.filter((entry) => !newRequired.includes(entry))) {
    add("schemas", inRequests ? "minor" : "major", `${name}: required removed: ${property}`);
  }
  diffSchemaValue(name, old, now, inRequests, add);
}

/** Compares what is not a property list: type, nullable, enum, readOnly, and the oneOf members. */
function diffSchemaValue(
  where: string,
  old: Record<string, unknown>,
  now: Record<string, unknown>,
  inRequests: boolean,
  add: Add,
): void {
  if (old.type !== now.type)
    add("schemas", "major", `${where}: type ${String(old.type)} -> ${String(now.type)}`);
  if (Boolean(old.nullable) !== Boolean(now.nullable))
    add(
      "schemas",
      now.nullable ? "major" : "minor",
      `${where}: nullable ${Boolean(old.nullable)} -> ${Boolean(now.nullable)}`,
    );
  if (Boolean(old.readOnly) !== Boolean(now.readOnly))
    add("schemas", "major", `${where}: readOnly ${Boolean(old.readOnly)} -> ${Boolean(now.readOnly)}`);
  const oldEnum = Array.isArray(old.enum) ? old.enum.map(String) : [];
  const newEnum = Array.isArray(now.enum) ? now.enum.map(String) : [];
  const added = newEnum.filter((value) => !oldEnum.includes(value));
  const removed = oldEnum.filter((value) => !newEnum.includes(value));
  if (added.length > 0) add("schemas", "minor", `${where}: enum values added: ${added.join(", ")}`);
  if (removed.length > 0)
    add(
      "schemas",
      inRequests || oldEnum.length > 0 ? "major" : "minor",
      `${where}: enum values removed: ${removed.join(", ")}`,
    );
  const oldMembers = memberRefs(old.oneOf);
  const newMembers = memberRefs(now.oneOf);
  for (const member of newMembers.filter((ref) => !oldMembers.includes(ref)))
    add("schemas", "minor", `${where}: oneOf member added: ${member}`);
  for (const member of oldMembers.filter((ref) => !newMembers.includes(ref)))
    add("schemas", "major", `${where}: oneOf member removed: ${member}`);
}

/** Names of the schemas that request bodies can reach, following `$ref`s. */
function requestSchemas(document: OpenApiDocument): Set<string> {
  const reached = new Set<string>();
  const schemas = document.components?.schemas ?? {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isPlainObject(node)) return;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) {
      const name = ref.slice("#/components/schemas/".length);
      if (!reached.has(name)) {
        reached.add(name);
        visit(schemas[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) if (isPlainObject(operation)) visit(operation.requestBody);
  }
  return reached;
}

function allOperationKeys(
  before: OpenApiDocument,
  after: OpenApiDocument,
): Array<{ path: string; method: string }> {
  const keys = new Map<string, { path: string; method: string }>();
  for (const document of [before, after]) {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        if (isPlainObject(item[method]) && "responses" in (item[method] as object))
          keys.set(`${method} ${path}`, { path, method });
      }
    }
  }
  return [...keys.values()];
}

function operationAt(document: OpenApiDocument, path: string, method: string): OperationObject | undefined {
  const operation = document.paths[path]?.[method];
  return isPlainObject(operation) ? (operation as OperationObject) : undefined;
}

function parameterNames(operation: OperationObject): Map<string, boolean> {
  const names = new Map<string, boolean>();
  for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (!isPlainObject(parameter)) continue;
    if (typeof parameter.$ref === "string") names.set(parameter.$ref.split("/").pop()!, false);
    else names.set(`${String(parameter.in)} ${String(parameter.name)}`, parameter.required === true);
  }
  return names;
}

function refSuffix(value: unknown): string {
  return isPlainObject(value) && typeof value.$ref === "string" ? ` (${value.$ref})` : "";
}

function memberRefs(value: unknown): string[] {
  return Array.isArray(value)
    ? value.map((member) => (isPlainObject(member) ? String(member.$ref ?? "inline schema") : ""))
    : [];
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const found = isPlainObject(value) ? value[key] : undefined;
  return isPlainObject(found) ? found : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
