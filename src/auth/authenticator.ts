/**
 * How the transport authenticates each attempt. One implementation per auth type; the transport
 * knows nothing of digests or tokens.
 */
export interface Authenticator {
  /**
   * The `Authorization` value for one attempt (or undefined to send none). Synchronous whenever it
   * can be, so that the steady state costs no extra promise per call.
   */
  authorizationFor(method: string, requestTarget: string): string | undefined | Promise<string | undefined>;
  /**
   * Sees a 401 answer to an attempt that sent `sentAuthorization`; returns true when the request
   * should be sent again with fresh credentials (a digest challenge, a stale nonce, an expired
   * token). `retriesSoFar` counts this call's earlier authentication retries; the transport allows
   * four at most (see transport.ts).
   */
  shouldRetryUnauthorized(
    headers: Headers,
    sentAuthorization: string | undefined,
    retriesSoFar: number,
  ): boolean | Promise<boolean>;
  /** Sees every other answer (and failures), for bookkeeping such as a first challenge in flight. */
  settled?(): void;
  /** Strings that must never appear in an error or a log: keys, secrets, tokens in use. */
  secrets(): Iterable<string>;
  /** Releases what the authenticator holds (revokes an OAuth token). */
  close(): Promise<void>;
  /** Revokes the OAuth token in use now, here and in a shared store (service accounts only). */
  revokeToken?(): Promise<void>;
}

/** For `auth: { type: "none" }`: requests go out without credentials (a proxy adds them, or a test server needs none). */
export const noAuthentication: Authenticator = {
  authorizationFor: () => undefined,
  shouldRetryUnauthorized: () => false,
  secrets: () => [],
  close: async () => {},
};
