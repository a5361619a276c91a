/** The little of an OpenAPI 3.0 document's shape that the pipeline relies on; the rest passes through untouched. */
export interface OpenApiDocument {
  openapi: string;
  info: {
    title?: string;
    version?: string;
    license?: { name: string; url?: string };
    "x-xgen-sha"?: string;
  } & Record<string, unknown>;
  servers?: unknown[];
  security?: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface OperationObject {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  [key: string]: unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A record's own property: never one every object inherits (`constructor`, `toString`,
 * `__proto__`), which `record[key]` or `key in record` would find for upstream names such as those.
 * Every lookup by a name that comes from upstream goes through here (or a Map).
 */
export function own(record: unknown, key: string): unknown {
  return isPlainObject(record) && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether a record has its own property `key` (see `own`). */
export function hasOwn(record: unknown, key: string): boolean {
  return isPlainObject(record) && Object.hasOwn(record, key);
}
