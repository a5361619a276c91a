import { AtlasError, nameErrorClass } from "./atlas-error.js";

/**
 * No answer at all: the connection was refused or reset, the host name did not resolve, TLS
 * failed. Never a status code, so never mistaken for a 5xx.
 */
export class AtlasConnectionError extends AtlasError {
  /** Always `"AtlasConnectionError"`, whichever copy of the package made the error. */
  override name = "AtlasConnectionError";
  static {
    nameErrorClass(this, "AtlasConnectionError");
  }
  /**
   * Made by the client when fetch fails without an answer; exported so that a test can stand in
   * for a lost connection. The message reads `GET <path> -> no answer: <code>`.
   */
  constructor(method: string, path: string, code: string, options?: { cause?: unknown }) {
    super(`${method} ${path} -> no answer: ${code}`, {
      cause: options?.cause,
      fields: { method, path, code },
    });
  }
  /** The HTTP method of the request that got no answer (`POST` for a token request or revocation). */
  declare readonly method: string;
  /** The request path with its ids, without query string; `/api/oauth/token` or `/api/oauth/revoke` for a token request. */
  declare readonly path: string;
  /** The system or undici error code, such as `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
  declare readonly code: string;
}

/**
 * Out of time. `scope: "attempt"`: one attempt took longer than `timeoutMs` (and no retry was left
 * or allowed). `scope: "call"`: the whole call (attempts, waits between them, token requests,
 * digest challenges) reached its `totalTimeoutMs`; never retried.
 */
export class AtlasTimeoutError extends AtlasError {
  /** Always `"AtlasTimeoutError"`, whichever copy of the package made the error. */
  override name = "AtlasTimeoutError";
  static {
    nameErrorClass(this, "AtlasTimeoutError");
  }
  /**
   * Made by the client when a time limit runs out; exported so that a test can stand in for one.
   * `scope` defaults to `"attempt"`.
   */
  constructor(method: string, path: string, timeoutMs: number, scope: "attempt" | "call" = "attempt") {
    super(
      scope === "attempt"
        ? `${method} ${path} -> no answer within ${timeoutMs} ms`
        : `${method} ${path} -> not done within totalTimeoutMs (${timeoutMs} ms)`,
      { fields: { method, path, timeoutMs, scope } },
    );
  }
  /** The HTTP method of the call that ran out of time. */
  declare readonly method: string;
  /** The request path with its ids, without query string. */
  declare readonly path: string;
  /** The limit that ran out, in milliseconds: `timeoutMs` for an attempt, `totalTimeoutMs` for a call. */
  declare readonly timeoutMs: number;
  /**
   * `"attempt"`: one attempt (or one token request) outlived `timeoutMs`, and no retry was left or
   * allowed. `"call"`: the whole call (or operation: a listing, `ensure`) reached its
   * `totalTimeoutMs`, which nothing retries.
   */
  declare readonly scope: "attempt" | "call";
}

/** Why an answer was not read (`AtlasUnreadableResponseError.code`). */
export type UnreadableResponseCode =
  /** The body (counted after decompression) is longer than `maxResponseBytes`. */
  | "RESPONSE_TOO_LARGE"
  /** The body does not decode as its `Content-Encoding` says (a gzip header on a plain body). */
  | "CONTENT_DECODING_FAILED"
  /** The status line and headers are longer than Node accepts (16 KiB by default). */
  | "HEADERS_TOO_LARGE"
  /** The answer is not HTTP/1.1 (a bad header line, a bad status line). */
  | "MALFORMED_RESPONSE";

/**
 * The server answered, but with an answer the client will not read: too large, badly encoded,
 * oversized headers, not HTTP. Unlike `AtlasConnectionError` ("no answer") it is never retried:
 * the same request would get the same answer.
 */
export class AtlasUnreadableResponseError extends AtlasError {
  /** Always `"AtlasUnreadableResponseError"`, whichever copy of the package made the error. */
  override name = "AtlasUnreadableResponseError";
  static {
    nameErrorClass(this, "AtlasUnreadableResponseError");
  }
  /** The HTTP status, when the headers could be read. */
  declare readonly status?: number;
  /** `maxResponseBytes`, for `RESPONSE_TOO_LARGE`. */
  declare readonly limitBytes?: number;

  /**
   * Made by the client when it stops reading an answer; exported so that a test can stand in for
   * one. `details` fills `status` and `limitBytes`.
   */
  constructor(
    method: string,
    path: string,
    code: UnreadableResponseCode,
    details: { status?: number | undefined; limitBytes?: number | undefined } = {},
    options?: { cause?: unknown },
  ) {
    const status = details.status !== undefined ? ` ${details.status}` : "";
    const limit =
      details.limitBytes !== undefined ? ` (more than maxResponseBytes, ${details.limitBytes} bytes)` : "";
    super(`${method} ${path} ->${status} answer not read: ${code}${limit}`, {
      cause: options?.cause,
      fields: { method, path, code, status: details.status, limitBytes: details.limitBytes },
    });
  }
  /** The HTTP method of the request whose answer was not read. */
  declare readonly method: string;
  /** The request path with its ids, without query string. */
  declare readonly path: string;
  /** Why the answer was not read: too large, badly encoded, oversized headers, or not HTTP. */
  declare readonly code: UnreadableResponseCode;
}

/** A call made after `close()`, or one that was waiting when `close()` was called. */
export function clientClosedError(method: string, path: string): AtlasError {
  return new AtlasError(`${method} ${path}: the client is closed`);
}

/**
 * Authentication could not be set up: the OAuth token endpoint refused the client credentials (its
 * `{error, error_description}` body is kept), or a server's digest challenge cannot be answered
 * safely. A 401 from the API itself is an `AtlasApiError` of kind `unauthorized`.
 */
export class AtlasAuthenticationError extends AtlasError {
  /** Always `"AtlasAuthenticationError"`, whichever copy of the package made the error. */
  override name = "AtlasAuthenticationError";
  static {
    nameErrorClass(this, "AtlasAuthenticationError");
  }
  /** The HTTP status of the token endpoint's answer, when there was one. */
  declare readonly status?: number;
  /** OAuth 2.0 `error`, such as `invalid_client`. */
  declare readonly oauthError?: string;
  /** OAuth 2.0 `error_description`. */
  declare readonly description?: string;

  /**
   * Made by the client when authentication cannot be set up; exported so that a test can stand
   * in for a refused service account. `details` fills `status`, `oauthError` and `description`.
   */
  constructor(
    message: string,
    details: { status?: number; oauthError?: string; description?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, {
      cause: options?.cause,
      fields: { status: details.status, oauthError: details.oauthError, description: details.description },
    });
  }
}
