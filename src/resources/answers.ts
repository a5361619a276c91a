import { AtlasApiError } from "../errors/atlas-api-error.js";

/** What the typed fetch returns, seen by code that does not care which operation it was. */
export interface UntypedOutcome {
  data?: unknown;
  error?: AtlasApiError | undefined;
  response: Response;
}

/**
 * The resource in a single-resource answer, or the error to throw. The generated answer types
 * promise an object with a string `id` (a declared fix-up, spec/fixups.overlay.yaml): an answer
 * that breaks that promise is an `INVALID_RESPONSE` error here, never a value that lies about its type.
 */
export function resourceFrom(outcome: UntypedOutcome, method: string, noun: string): unknown {
  if (outcome.error) throw outcome.error;
  return checkedResource(outcome.data, outcome.response, method, noun);
}

/** One resource of an answer (alone, or an item of a page): an object with a string `id`. */
export function checkedResource(data: unknown, response: Response, method: string, noun: string): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw invalidAnswer(response, method, `an answer that is not a ${noun} object`);
  if (typeof (data as { id?: unknown }).id !== "string")
    throw invalidAnswer(response, method, `a ${noun} without an id`);
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
