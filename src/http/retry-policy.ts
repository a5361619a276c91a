/**
 * When a failed attempt is sent again.
 *
 * - 429: for every method; Atlas refused the request before executing it.
 * - 502, 503, 504, a reset connection, a timeout: for GET, DELETE and PATCH. A PATCH body carries the
 *   whole new settings of the peer, so applying it twice leaves the same state as applying it once.
 * - POST (create) only when no byte can have reached Atlas: the connection was refused, or the host
 *   name did not resolve. Otherwise a retried create could make a second peer.
 */
export type FailedAttempt =
  | { kind: "status"; status: number }
  | { kind: "connection"; code: string }
  | { kind: "timeout" };

const retriedStatusesForIdempotent = new Set([502, 503, 504]);
const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]);
/** Connection failures that happen before a request is written: safe to retry even for POST. */
const beforeSendCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

export function isRetryable(method: string, failure: FailedAttempt): boolean {
  switch (failure.kind) {
    case "status":
      return (
        failure.status === 429 ||
        (retriedStatusesForIdempotent.has(failure.status) && idempotentMethods.has(method))
      );
    case "connection":
      return idempotentMethods.has(method) || beforeSendCodes.has(failure.code);
    case "timeout":
      return idempotentMethods.has(method);
  }
}

/** Statuses worth sending again at all (for `AtlasApiError.retryable`). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || retriedStatusesForIdempotent.has(status);
}

/** How long to wait between retries when Atlas does not say (`Retry-After`). */
export interface BackoffOptions {
  /** First backoff step; doubles per retry. Default 500 ms. */
  initialDelayMs?: number | undefined;
  /** Cap of one backoff step. Default 10 s. */
  maxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the error goes to the caller at once. Default 60 s. */
  maxRetryAfterMs?: number | undefined;
}

/** Backoff with every field set. */
export type ResolvedBackoff = { [K in keyof BackoffOptions]-?: number };

export const defaultBackoff: ResolvedBackoff = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/**
 * The wait before retry number `retry` (0 for the first): the server's `Retry-After` when it gave
 * one, else exponential backoff with full jitter (a random wait between 0 and the step), which
 * spreads a burst of clients instead of having them return in lock-step. `undefined` means
 * "do not retry": the server asked for a longer wait than the caller accepts.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  backoff: ResolvedBackoff,
  random = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= backoff.maxRetryAfterMs ? retryAfterMs : undefined;
  const step = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** retry);
  return Math.floor(random() * step);
}
