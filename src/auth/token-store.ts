import type { AtlasWarning } from "../observability/warnings.js";

/**
 * What a wait may spend: its abort signal and its deadline (milliseconds since the epoch). A token
 * store never waits past either, for another process's token request or for its lock.
 * (A protocol type: what a `SharedTokenStore` implementation is given.)
 */
export interface TokenWait {
  /** Aborts when nobody waits for the token any more, or at the client's close(). */
  signal?: AbortSignal;
  /** The latest a caller waits, in milliseconds since the epoch; absent when none has a deadline. */
  deadline?: number;
}

/** A token as a token store keeps it: when it was issued and expires, and when the fleet should renew it. */
export interface SharedToken {
  /** The bearer token Atlas issued, sent as `Authorization: Bearer …`; stored encrypted. */
  accessToken: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** From here on the token is renewed (one process asks, the others wait for its answer). */
  refreshAt: number;
  /**
   * When the token endpoint issued it (milliseconds since the epoch), when known: a token the API
   * refuses moments after it was issued says the service account's access is wrong, not that the
   * token expired.
   */
  obtainedAt?: number | undefined;
}

/**
 * A pause in token requests that every process sharing the store keeps: the token endpoint's 429
 * (`rate-limited`, until its Retry-After), or tokens the API refused moments after they were
 * issued (`refused`, backing off as refusals repeat: a service account without access would
 * otherwise spend the endpoint's 10 requests a minute for the whole fleet).
 * (A protocol type: stores keep it as given.)
 */
export interface TokenHold {
  /** Why. */
  reason: "rate-limited" | "refused";
  /** No token request before this, in milliseconds since the epoch. */
  until: number;
  /** Tokens refused in a row (0 for a rate limit); a token refused by many requests counts once. */
  refusals: number;
  /** A fingerprint of the last token refused (never the token): which refusal the count has seen. */
  lastRefused?: string | undefined;
  /** When the store may forget the hold, in milliseconds since the epoch (a refusal streak outlives its pause). */
  expiresAt: number;
}

/** What the process that fetches a token for the fleet is given. (A protocol type.) */
export interface TokenFetchContext extends TokenWait {}

/**
 * Which service account and which Atlas a store's entries belong to; the secret keys the
 * encryption. (A protocol type: what `SharedTokenStore.bind` is given.)
 */
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

/**
 * A token store bound to one service account (see `SharedTokenStore.bind`). Every method may
 * fail or be slow: the client bounds each one, and goes on without the store (one warning) when it
 * fails. (A protocol type: what a store implements.)
 */
export interface BoundTokenStore {
  /**
   * A token that is valid until at least its `refreshAt`: the one in the store, or one fetched with
   * `fetchToken` by exactly one process of the fleet while the others wait for it. `refused` holds
   * tokens Atlas answered 401 to: they are never taken from the store again.
   */
  obtain(
    fetchToken: (context: TokenFetchContext) => Promise<SharedToken>,
    options: TokenWait & { refused?: ReadonlySet<string> },
  ): Promise<SharedToken>;
  /** The token the store holds now, if any (for an explicit revocation). */
  peek(): Promise<SharedToken | undefined>;
  /** Forgets `accessToken`, only if the store still holds that same token (compare and delete). */
  discard(accessToken: string): Promise<void>;
  /** The hold the store records, if any, until its `expiresAt` (its `until` may have passed). */
  hold(): Promise<TokenHold | undefined>;
  /** Records a hold for every process that shares the store; `undefined` lifts it. */
  setHold(hold: TokenHold | undefined): Promise<void>;
}

/**
 * Where a service account's tokens are kept: `createMemoryTokenStore()` (the default: this
 * client's memory), `createFileTokenStore()` from `atlas-peering-client/token-store/file` or
 * `createRedisTokenStore()` from `.../redis` (one token for many processes, encrypted at rest with a
 * key derived from the client secret). Pass it as `auth.tokenStore`. Tokens in a store shared by
 * processes are not revoked at `close()`; see `revokeToken()`.
 */
export interface SharedTokenStore {
  /** Binds the store to one service account; the client calls it once, when it is created. */
  bind(scope: TokenStoreScope): BoundTokenStore;
  /** Whether processes share it: then close() does not revoke its tokens. Default true. */
  readonly sharedByProcesses?: boolean;
}
