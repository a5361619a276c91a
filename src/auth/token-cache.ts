import { isHeaderValue } from "../http/header-values.js";
import { createMemoryTokenStore } from "./memory-token-store.js";
import type { BoundTokenStore, SharedToken, SharedTokenStore } from "./token-store.js";

/** An OAuth access token and when it expires (milliseconds since the epoch). */
export interface CachedToken {
  /** The bearer token Atlas issued. A cache outside this process holds a credential: protect it. */
  accessToken: string;
  /**
   * When it expires (from Atlas's `expires_in`), in milliseconds since the epoch. The client stops
   * using it a minute earlier (half its lifetime earlier, for a short-lived token).
   */
  expiresAt: number;
}

/**
 * Where service-account tokens were kept in 0.1.0.
 * @deprecated Pass a `tokenStore` instead (`createMemoryTokenStore()`, or the file and Redis
 * stores, which share one token across processes with a lock, rate limits and encryption). A
 * `tokenCache` still works, through an adapter to the token store protocol; it goes in the next
 * major release.
 */
export interface TokenCache {
  /** The token stored under `key`, if any (expired ones included: the client checks the expiry). */
  get(key: string): CachedToken | undefined | Promise<CachedToken | undefined>;
  /** Stores a token the client just obtained. */
  set(key: string, token: CachedToken): void | Promise<void>;
  /** Forgets a token Atlas refused (or one revoked at close). */
  delete(key: string): void | Promise<void>;
}

/**
 * A `TokenCache` in this process's memory.
 * @deprecated Use `createMemoryTokenStore()` (or no store at all: it is the default).
 */
export function createMemoryTokenCache(): TokenCache {
  const tokens = new Map<string, CachedToken>();
  return {
    get: (key) => tokens.get(key),
    set: (key, token) => void tokens.set(key, token),
    delete: (key) => void tokens.delete(key),
  };
}

/** Renewal starts this long before a cached token expires (half its lifetime for short-lived ones). */
const safetyMarginMs = 60_000;

/**
 * A 0.1.0 `TokenCache` as a token store: the one extension point the client speaks. Holds (rate
 * limits, refusals) stay in memory, as a cache has no place for them.
 */
export function tokenStoreFromCache(cache: TokenCache, key: string): SharedTokenStore {
  const holds = createMemoryTokenStore().bind(undefined as never);
  const bound: BoundTokenStore = {
    async obtain(fetchToken, options) {
      const cached = await cache.get(key);
      const token = cached && fromCache(cached);
      if (token && Date.now() < token.refreshAt && !options.refused?.has(token.accessToken)) return token;
      const fetched = await fetchToken({ signal: options.signal, deadline: options.deadline });
      if (fetched.refreshAt > Date.now())
        await cache.set(key, { accessToken: fetched.accessToken, expiresAt: fetched.expiresAt });
      return fetched;
    },
    async peek() {
      const cached = await cache.get(key);
      return cached && fromCache(cached);
    },
    async discard(accessToken) {
      if ((await cache.get(key))?.accessToken === accessToken) await cache.delete(key);
    },
    hold: () => holds.hold(),
    setHold: (hold) => holds.setHold(hold),
  };
  return { bind: () => bound, sharedByProcesses: false };
}

/** A cached token as the store protocol has it; one that cannot be sent (a cache is outside this process) is none. */
function fromCache(cached: CachedToken): SharedToken | undefined {
  const { accessToken, expiresAt } = cached;
  if (typeof accessToken !== "string" || accessToken === "" || !isHeaderValue(accessToken)) return undefined;
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) return undefined;
  return { accessToken, expiresAt, refreshAt: expiresAt - safetyMarginMs };
}
