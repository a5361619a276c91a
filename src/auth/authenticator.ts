import type { CallScope } from "../http/call-scope.js";
import type { AtlasAuthEvent } from "../observability/events.js";

/**
 * How the transport authenticates each attempt. One implementation per auth type; the transport
 * knows nothing of digests or tokens.
 *
 * Every method gets the call's `CallScope`: an authenticator that must wait (for a token, for a
 * challenge, for a nonce another call holds) waits through `call.wait`, so the caller's abort,
 * close() and the call's deadline end the wait at once; and it may keep what it needs about the
 * call between attempts in `call.authState`.
 */
export interface Authenticator {
  /**
   * The `Authorization` value for one attempt (or undefined to send none). Synchronous whenever it
   * can be, so that the steady state costs no extra promise per call.
   */
  authorizationFor(
    method: string,
    requestTarget: string,
    call: CallScope,
  ): string | undefined | Promise<string | undefined>;
  /**
   * Sees a 401 answer to an attempt that sent `sentAuthorization`; returns true when the request
   * should be sent again with fresh credentials (a digest challenge, a stale nonce, an expired
   * token). `call.authenticationRetries` counts the call's earlier authentication retries; the
   * transport allows four at most (see transport.ts).
   */
  shouldRetryUnauthorized(
    headers: Headers,
    sentAuthorization: string | undefined,
    call: CallScope,
  ): boolean | Promise<boolean>;
  /**
   * An attempt of `call` ended with anything but a 401 retried above (`answer`: its status, or "no
   * answer"), or the call ended ("call ended", whatever ended it): releases what the call holds (a
   * first challenge others wait for, a digest nonce).
   */
  settled?(call: CallScope, answer: number | "no answer" | "call ended"): void;
  /** What a 401 that `shouldRetryUnauthorized` retries means, as an authentication event. */
  readonly answeredUnauthorized?: AtlasAuthEvent["type"];
  /** Strings that must never appear in an error or a log: keys, secrets, tokens in use. */
  secrets(): Iterable<string>;
  /**
   * Releases what the authenticator holds (revokes the OAuth tokens it obtained). Called after the
   * client's lifetime closed: nothing waits any more, and no new call starts.
   */
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
