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
 * Where service-account tokens are kept between calls. The default lives in the client's memory;
 * a fleet of processes can share one token (and spare Atlas's token endpoint, limited to 50
 * requests a minute) by passing a cache backed by Redis, a file, or any store of their choosing.
 * Keys identify the Atlas origin and client id, never the secret.
 */
export interface TokenCache {
  /** The token stored under `key`, if any (expired ones included: the client checks the expiry). */
  get(key: string): CachedToken | undefined | Promise<CachedToken | undefined>;
  /** Stores a token the client just obtained. */
  set(key: string, token: CachedToken): void | Promise<void>;
  /** Forgets a token Atlas refused (or one revoked at close). */
  delete(key: string): void | Promise<void>;
}

/** The default token cache: a Map in this process's memory. */
export function createMemoryTokenCache(): TokenCache {
  const tokens = new Map<string, CachedToken>();
  return {
    get: (key) => tokens.get(key),
    set: (key, token) => void tokens.set(key, token),
    delete: (key) => void tokens.delete(key),
  };
}
