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

/** Whether sending a request with this method twice leaves the same state as once. */
export function isIdempotent(method: string): boolean {
  return idempotentMethods.has(method);
}
/** Connection failures that happen before a request is written: safe to retry even for POST. */
const beforeSendCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

export function isRetryable(idempotent: boolean, failure: FailedAttempt): boolean {
  switch (failure.kind) {
    case "status":
      return failure.status === 429 || (retriedStatusesForIdempotent.has(failure.status) && idempotent);
    case "connection":
      return idempotent || beforeSendCodes.has(failure.code);
    case "timeout":
      return idempotent;
  }
}

/** Statuses worth sending again at all (for `AtlasApiError.retryable`). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || retriedStatusesForIdempotent.has(status);
}

/** Backoff with every field set (see `BackoffOptions`). */
export interface ResolvedBackoff {
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

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
