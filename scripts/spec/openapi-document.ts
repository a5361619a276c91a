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
