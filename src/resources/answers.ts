import { AtlasApiError } from "../errors/atlas-api-error.js";

/** What the typed fetch returns, seen by code that does not care which operation it was. */
export interface UntypedOutcome {
  data?: unknown;
  error?: AtlasApiError | undefined;
  response: Response;
}

/**
 * What a resource's answers must hold for its type not to lie: an object with a string `id`, and
 * the text fields its type makes required (src/types.ts says why each one is).
 */
export interface ResourceShape {
  /** What one item is called in messages, such as `peer`. */
  noun: string;
  /** The other fields that must be strings in this item (a peer's state: `statusName` or `status`). */
  required?: (item: Record<string, unknown>) => readonly string[];
}

/**
 * The resource in a single-resource answer, or the error to throw. The helpers' answer types
 * promise an object with a string `id` and the fields of `shape.required`: an answer that breaks
 * that promise is an `INVALID_RESPONSE` error here, never a value that lies about its type.
 */
export function resourceFrom(outcome: UntypedOutcome, method: string, shape: ResourceShape): unknown {
  if (outcome.error) throw outcome.error;
  return checkedResource(outcome.data, outcome.response, method, shape);
}

/** One resource of an answer (alone, or an item of a page), as `shape` says it must be. */
export function checkedResource(
  data: unknown,
  response: Response,
  method: string,
  shape: ResourceShape,
): unknown {
  const { noun } = shape;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw invalidAnswer(response, method, `an answer that is not a ${noun} object`);
  const item = data as Record<string, unknown>;
  if (typeof item.id !== "string") throw invalidAnswer(response, method, `a ${noun} without an id`);
  for (const field of shape.required?.(item) ?? [])
    if (typeof item[field] !== "string")
      throw invalidAnswer(response, method, `a ${noun} without its ${field}`);
  return data;
}

/** An `AtlasApiError` of kind `invalid-response`: a 2xx whose body is not what the API promises. */
export function invalidAnswer(response: Response, method: string, what: string): AtlasApiError {
  const path = response.url ? new URL(response.url).pathname : "";
  return new AtlasApiError({
    status: response.status,
    errorCode: "INVALID_RESPONSE",
    method,
    path,
    retryable: false,
    bodyExcerpt: what,
  });
}
