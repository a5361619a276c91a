/**
 * What the client tells hooks, diagnostics channels and the log. None of these objects holds a
 * credential: request headers are shown without `Authorization`, and every text that comes from
 * an answer (a request id) has been through the secret redactor.
 */

/** What every attempt event names: the request, and which attempt of its call. */
export interface AtlasAttemptFacts {
  /** `GET`, `POST`, `PATCH` or `DELETE`. */
  method: string;
  /** The path with its ids, without the query string. */
  path: string;
  /** The operation's OpenAPI path, such as `/api/atlas/v2/groups/{groupId}/peers/{peerId}`. */
  operation: string;
  /** 1 for the first attempt of a call, 2 for the next (a retry or an authentication round), and so on. */
  attempt: number;
}

/** An attempt about to be sent. */
export interface AtlasRequestEvent extends AtlasAttemptFacts {
  /** The full URL, query string included. */
  url: string;
  /** The headers sent, lower-case names, without `Authorization`. */
  headers: Readonly<Record<string, string>>;
}

/** An attempt that ended: with an answer (`status`), or without one (`failure`). */
export interface AtlasResponseEvent extends AtlasAttemptFacts {
  /** The full URL, query string included. */
  url: string;
  /** The HTTP status, or undefined when no answer came. */
  status: number | undefined;
  /**
   * Without an answer: `"timeout"` (the attempt's), a connection code such as `ECONNRESET`,
   * `"deadline"` (the call's), `"aborted"`, `"closed"`, or why the answer was not read
   * (`RESPONSE_TOO_LARGE`, ...).
   */
  failure: string | undefined;
  /** From sending to the whole body read (or to the failure), in milliseconds. */
  durationMs: number;
  /** Atlas's request id (`X-Request-Id`), for support tickets. */
  requestId: string | undefined;
  /** The answer's headers, or undefined when no answer came. `Set-Cookie` is not shown. */
  headers: Readonly<Record<string, string>> | undefined;
}

/** The call sends its request again, after `delayMs`; `attempt` is the one that failed. */
export interface AtlasRetryEvent extends AtlasAttemptFacts {
  /** Why: an HTTP status (`"429"`, `"503"`), `"timeout"`, a connection code, or `"authentication"` (a digest challenge, a refused token). */
  reason: string;
  /** How long the call waits before the next attempt, in milliseconds. */
  delayMs: number;
}

/** Something the client's authentication did. */
export interface AtlasAuthEvent {
  /**
   * - `challenge-answered`: a digest challenge (or a stale nonce) was answered;
   * - `token-fetched`: the first OAuth token of this client came from the token endpoint;
   * - `token-refreshed`: a later one did (the last expired, or Atlas refused it);
   * - `token-shared`: a token another process fetched was taken from the shared store;
   * - `token-refused`: Atlas answered 401 to a token, which is dropped;
   * - `token-request-retried`: the token endpoint failed (429, 5xx, no answer) and is asked again;
   * - `token-revoked`: a token was revoked (at `close()` or by `revokeToken()`).
   */
  type:
    | "challenge-answered"
    | "token-fetched"
    | "token-refreshed"
    | "token-shared"
    | "token-refused"
    | "token-request-retried"
    | "token-revoked";
  /** For a token fetched, refreshed or shared: how long it stays valid, in milliseconds. */
  expiresInMs?: number | undefined;
  /** For a retried token request: why (`"429"`, `"503"`, `"timeout"`, a connection code). */
  reason?: string | undefined;
  /** For a retried token request: how long the client waits before asking again, in milliseconds. */
  delayMs?: number | undefined;
}
