import { AtlasError, nameErrorClass } from "./atlas-error.js";

/**
 * No answer at all: the connection was refused or reset, the host name did not resolve, TLS
 * failed. Never a status code, so never mistaken for a 5xx.
 */
export class AtlasConnectionError extends AtlasError {
  override name = "AtlasConnectionError";
  static {
    nameErrorClass(this, "AtlasConnectionError");
  }
  constructor(
    readonly method: string,
    readonly path: string,
    /** The system or undici error code, such as `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `UND_ERR_SOCKET`. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path} -> no answer: ${code}`, options);
  }
}

/** One attempt took longer than `timeoutMs` (and no retry was left or allowed). */
export class AtlasTimeoutError extends AtlasError {
  override name = "AtlasTimeoutError";
  static {
    nameErrorClass(this, "AtlasTimeoutError");
  }
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path} -> no answer within ${timeoutMs} ms`);
  }
}

/**
 * Authentication could not be set up: the OAuth token endpoint refused the client credentials (its
 * `{error, error_description}` body is kept), or a server's digest challenge cannot be answered
 * safely. A 401 from the API itself is an `AtlasApiError` of kind `unauthorized`.
 */
export class AtlasAuthenticationError extends AtlasError {
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

  constructor(
    message: string,
    details: { status?: number; oauthError?: string; description?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    if (details.status !== undefined) this.status = details.status;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
    if (details.description !== undefined) this.description = details.description;
  }
}
