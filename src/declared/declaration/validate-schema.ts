/**
 * Checks a value against the declaration's JSON Schema (schema/declared-peering.schema.json).
 * Written here rather than with Ajv: Ajv and its dependencies put 1.2 MB on disk, more than the
 * whole install budget allows the CLI, and the schema derive-schema.ts writes uses ten keywords
 * (type, enum, const, pattern, format uuid, required, properties, additionalProperties false,
 * items, uniqueItems; allOf of if/then; local $ref). test/declared/schema.test.ts runs this and Ajv
 * side by side over random declarations and requires the same verdicts; a keyword this code does
 * not know fails loudly, so a schema that grows one cannot be half-checked.
 */

type Schema = Record<string, unknown>;

/** One reason a value does not fit the schema, at a path such as `peers[0].vpcId`. */
export interface SchemaViolation {
  /** Where: `peers[0].vpcId`, `containers[1]`, `` (the document). */
  path: string;
  /** The keyword that failed: `required`, `pattern`, `enum`, ... */
  keyword: string;
  /** What is wrong, in words, without the path. */
  message: string;
  /** For `enum`: the values allowed. */
  allowed?: readonly unknown[];
  /** The value at `path`, when there is one. */
  value?: unknown;
}

const knownKeywords = new Set([
  "$schema",
  "$id",
  "title",
  "description",
  "definitions",
  "type",
  "enum",
  "const",
  "pattern",
  "format",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "uniqueItems",
  "allOf",
  "if",
  "then",
  "$ref",
]);

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateAgainstSchema(root: Schema, value: unknown): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  check(root, root, value, "", violations);
  return violations;
}

function check(root: Schema, schema: Schema, value: unknown, path: string, out: SchemaViolation[]): void {
  for (const keyword of Object.keys(schema))
    if (!knownKeywords.has(keyword)) throw new Error(`the declaration schema uses ${keyword}, unsupported`);
  if (typeof schema.$ref === "string") check(root, resolve(root, schema.$ref), value, path, out);

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => hasType(value, type))) {
      out.push({ path, keyword: "type", message: `must be ${types.map(article).join(" or ")}`, value });
      return;
    }
  }
  if (schema.const !== undefined && value !== schema.const)
    out.push({ path, keyword: "const", message: `must be ${JSON.stringify(schema.const)}`, value });
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    out.push({
      path,
      keyword: "enum",
      message: "is not one of the values allowed",
      allowed: schema.enum,
      value,
    });
  if (typeof value === "string") {
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      out.push({ path, keyword: "pattern", message: `must match ${schema.pattern}`, value });
    if (schema.format === "uuid" && !uuid.test(value))
      out.push({ path, keyword: "format", message: "must be a UUID", value });
  }
  if (Array.isArray(value)) {
    if (typeof schema.items === "object" && schema.items !== null)
      value.forEach((item, index) => check(root, schema.items as Schema, item, `${path}[${index}]`, out));
    if (schema.uniqueItems === true) {
      const seen = new Set(value.map((item) => JSON.stringify(item)));
      if (seen.size !== value.length)
        out.push({ path, keyword: "uniqueItems", message: "must not repeat an item", value });
    }
  }
  if (isObject(value)) checkObject(root, schema, value, path, out);
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    if (part.if === undefined) {
      check(root, part, value, path, out);
      continue;
    }
    const probe: SchemaViolation[] = [];
    check(root, part.if as Schema, value, path, probe);
    if (probe.length === 0 && part.then) check(root, part.then as Schema, value, path, out);
  }
}

function checkObject(
  root: Schema,
  schema: Schema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
): void {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  for (const field of (schema.required as string[] | undefined) ?? [])
    if (!Object.prototype.hasOwnProperty.call(value, field))
      out.push({ path: join(path, field), keyword: "required", message: "is required" });
  for (const [field, child] of Object.entries(value)) {
    if (Object.prototype.hasOwnProperty.call(properties, field))
      check(root, properties[field]!, child, join(path, field), out);
    else if (schema.additionalProperties === false)
      out.push({
        path: join(path, field),
        keyword: "additionalProperties",
        message: `is not a field here (the fields are ${Object.keys(properties).join(", ")})`,
      });
  }
}

function resolve(root: Schema, reference: string): Schema {
  const match = /^#\/definitions\/([\w-]+)$/.exec(reference);
  const target = match ? (root.definitions as Record<string, Schema> | undefined)?.[match[1]!] : undefined;
  if (!target) throw new Error(`the declaration schema's ${reference} names no definition`);
  return target;
}

function hasType(value: unknown, type: string): boolean {
  if (type === "object") return isObject(value);
  if (type === "array") return Array.isArray(value);
  if (type === "null") return value === null;
  if (type === "integer") return Number.isInteger(value);
  return typeof value === type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function article(type: string): string {
  return type === "null" ? "null" : `${/^[aeio]/.test(type) ? "an" : "a"} ${type}`;
}

function join(path: string, field: string): string {
  return path === "" ? field : `${path}.${field}`;
}
