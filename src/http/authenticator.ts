import type { SecretHolder } from "../errors/redaction.js";
import type { AtlasAuthEvent } from "../observability/events.js";
import type { OperationScope } from "./operation-scope.js";

/**
 * One API request of an operation, across its attempts: what its authentication keeps between
 * them. Its waits are the operation's (`wait` ends as soon as the operation must stop).
 */
export class RequestState {
  /** Authentication rounds so far (digest challenges, stale nonces, a refreshed token). */
  authenticationRetries = 0;
  /** What the authenticator keeps about this request between attempts. */
  authState: unknown = undefined;

  constructor(readonly scope: OperationScope) {}

  /** `promise`'s outcome, or the operation's stop reason as soon as it must stop. */
  wait<T>(promise: PromiseLike<T>): Promise<T> {
    return this.scope.wait(promise);
  }
}

/**
 * How an API request is authenticated, attempt after attempt. One implementation per auth type
 * (in auth/); the exchange knows nothing of digests or tokens. An authenticator that must wait
 * (for a token, for a challenge, for a nonce another request holds) waits through
 * `request.wait`, so that the caller's abort, close() and the deadline end the wait at once.
 * Its `secrets()` are registered with the redactor when the client is created.
 */
export interface Authenticator extends SecretHolder {
  /**
   * The `Authorization` value for one attempt (or undefined to send none). Synchronous whenever it
   * can be, so that the steady state costs no extra promise per call.
   */
  authorizationFor(
    method: string,
    requestTarget: string,
    request: RequestState,
  ): string | undefined | Promise<string | undefined>;
  /**
   * Sees a 401 answer to an attempt that sent `sentAuthorization`; returns true when the request
   * should be sent again with fresh credentials (a digest challenge, a stale nonce, an expired
   * token), false when the 401 stands; throws when it says more than the 401 would (a token
   * refused moments after it was issued). The exchange allows four rounds per request at most.
   */
  shouldRetryUnauthorized(
    headers: Headers,
    sentAuthorization: string | undefined,
    request: RequestState,
  ): boolean | Promise<boolean>;
  /**
   * An attempt ended with anything but a 401 sent again (`answer`: its status, or "no answer"), or
   * the request ended ("request ended", whatever ended it): releases what it holds (a first
   * challenge others wait for, a digest nonce) and learns what the answer says of the credentials.
   */
  settled?(
    request: RequestState,
    answer: number | "no answer" | "request ended",
    sentAuthorization: string | undefined,
  ): void;
  /** What a 401 that `shouldRetryUnauthorized` retries means, as an authentication event. */
  readonly answeredUnauthorized?: AtlasAuthEvent["type"];
  /**
   * Releases what the authenticator holds (revokes the OAuth tokens it obtained). Called after the
   * client's lifetime closed: nothing waits any more, and no new call starts.
   */
  close(): Promise<void>;
  /** Revokes the OAuth token in use now, here and in the token store (service accounts only). */
  revokeToken?(): Promise<void>;
}

/** For `auth: { type: "none" }`: requests go out without credentials (a proxy adds them, or a test server needs none). */
export const noAuthentication: Authenticator = {
  authorizationFor: () => undefined,
  shouldRetryUnauthorized: () => false,
  secrets: () => [],
  close: async () => {},
};
