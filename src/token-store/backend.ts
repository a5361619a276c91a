/** One entry of a shared store: `slot` names the service account and Atlas (a hash), `kind` the entry. */
export interface StoreKey {
  slot: string;
  kind: "token" | "lock" | "hold";
}

/**
 * The few operations a shared token store needs from where it keeps things (a directory, Redis).
 * Values are opaque strings (sealed records, lock owners); every operation may reject when the
 * medium fails, and the caller then goes on without the store.
 */
export interface TokenStoreBackend {
  /** For warnings: "file" or "redis". */
  readonly name: string;
  get(key: StoreKey): Promise<string | undefined>;
  /** Replaces the value at once (no reader sees half of it); it may be forgotten after `ttlMs`. */
  set(key: StoreKey, value: string, ttlMs: number): Promise<void>;
  /** Deletes the value only if it is still `expected`; whether it did. */
  deleteIf(key: StoreKey, expected: string): Promise<boolean>;
  /** Takes the lock for `ttlMs` if nobody holds it (or its holder let it lapse); whether it did. */
  tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lock `owner` holds; false when it is no longer theirs. */
  renewLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock only if `owner` still holds it. */
  unlock(key: StoreKey, owner: string): Promise<void>;
}
