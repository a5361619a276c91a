import type { AtlasWarning } from "../http/deprecation-notices.js";

/**
 * What a call may spend waiting: its abort signal and its deadline (milliseconds since the epoch).
 * A shared store never waits past either, for another process's token request or for a rate limit.
 */
export interface TokenWait {
  /** The call's abort signal: when it fires, the store stops waiting for it. */
  signal?: AbortSignal;
  /** The call's deadline from `totalTimeoutMs`, in milliseconds since the epoch; absent when it has none. */
  deadline?: number;
}

/** A token as a shared store keeps it: when it expires, and when the fleet should renew it. */
export interface SharedToken {
  /** The bearer token Atlas issued, sent as `Authorization: Bearer …`; stored encrypted. */
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** From here on the token is renewed (one process asks, the others wait for its answer). */
  refreshAt: number;
}

/** What the process that fetches a token for the fleet is given. */
export interface TokenFetchContext extends TokenWait {
  /**
   * The token endpoint answered 429 and asks for a pause until `retryAt` (ms since the epoch): the
   * store records it, so that no other process asks before then. Never rejects.
   */
  rateLimited(retryAt: number): Promise<void>;
}

/** Which service account and which Atlas a store's entries belong to; the secret keys the encryption. */
export interface TokenStoreScope {
  /** The service account's client id: part of the entries' names and of the key derivation. */
  clientId: string;
  /** The service account's secret: the entries' encryption key is derived from it; never stored. */
  clientSecret: string;
  /** The Atlas origin the tokens are for (`https://cloud.mongodb.com`, the government cloud, a local Atlas). */
  baseUrl: string;
  /** Where the store reports that it could not be used (the client then asks Atlas on its own). */
  warn: (warning: AtlasWarning) => void;
}

/** A shared store bound to one service account (see `SharedTokenStore.bind`). */
export interface BoundTokenStore {
  /**
   * A token that is valid until at least its `refreshAt`: the one in the store, or one fetched with
   * `fetchToken` by exactly one process of the fleet while the others wait for it. `refused` is a
   * token Atlas answered 401 to: it is never taken from the store again.
   */
  obtain(
    fetchToken: (context: TokenFetchContext) => Promise<SharedToken>,
    options: TokenWait & { refused?: ReadonlySet<string> },
  ): Promise<SharedToken>;
  /** The token the store holds now, if any (for an explicit revocation). */
  peek(): Promise<SharedToken | undefined>;
  /** Forgets `accessToken`, only if the store still holds that same token (compare and delete). */
  discard(accessToken: string): Promise<void>;
}

/**
 * A token store shared by processes (`atlas-peering-client/token-store/file` or `.../redis`): one
 * token for the whole fleet, encrypted at rest with a key derived from the client secret. Pass it as
 * `auth.tokenStore`. Tokens in a shared store are not revoked at `close()`; see `revokeToken()`.
 */
export interface SharedTokenStore {
  /** Binds the store to one service account; the client calls it once, when it is created. */
  bind(scope: TokenStoreScope): BoundTokenStore;
}
