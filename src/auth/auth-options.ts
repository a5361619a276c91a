import type { BearerTokenProvider } from "./bearer-authenticator.js";
import type { TokenCache } from "./token-cache.js";
import type { SharedTokenStore } from "./token-store.js";

/** Atlas API keys (programmatic access keys), answered with HTTP Digest. */
export interface DigestAuthOptions {
  /** Selects API keys. */
  type: "digest";
  /** The API key's public key: the digest user name, sent with every request. */
  publicKey: string;
  /** The API key's private key: the digest password. Never sent, never shown in errors or warnings. */
  privateKey: string;
}

/** An Atlas service account: OAuth 2.0 client credentials, exchanged for short-lived bearer tokens. */
export interface ServiceAccountAuthOptions {
  /** Selects a service account. */
  type: "serviceAccount";
  /** The service account's client id (`mdb_sa_id_…`), sent with the secret to Atlas's OAuth endpoints. */
  clientId: string;
  /**
   * The service account's client secret (`mdb_sa_sk_…`): sent only to Atlas's OAuth endpoints
   * (token and revocation), and the key a shared `tokenStore`'s encryption is derived from. Never
   * shown in errors or warnings.
   */
  clientSecret: string;
  /**
   * Where tokens are kept. Default: this client's memory (`createMemoryTokenStore()`). One token
   * for many processes: `createFileTokenStore()` from `atlas-peering-client/token-store/file` or
   * `createRedisTokenStore()` from `.../redis`, whose tokens are never revoked at `close()` (other
   * processes use them; `revokeToken()` revokes one explicitly).
   */
  tokenStore?: SharedTokenStore | undefined;
  /**
   * Where tokens were kept in 0.1.0.
   * @deprecated Use `tokenStore`. A `tokenCache` still works (through an adapter) and goes in the
   * next major release; it cannot be combined with `tokenStore`.
   */
  tokenCache?: TokenCache | undefined;
  /**
   * Revoke the tokens this client obtained when it is closed. Default true, false with a store
   * that processes share (where true is refused); turn it off for a `tokenCache` that others share.
   */
  revokeOnClose?: boolean | undefined;
}

/**
 * A bearer token you obtained yourself: a fixed string, or a function called before each request.
 * Whitespace around it (a token file's final line break) is trimmed, as fetch would.
 */
export interface BearerAuthOptions {
  /** Selects a bearer token you obtain yourself. */
  type: "bearer";
  /**
   * The token, sent as `Authorization: Bearer <token>`: a fixed string (checked when the client is
   * created), or a function called before each request, which may renew it however it likes.
   */
  token: string | BearerTokenProvider;
}

/** No credentials: for a proxy that adds them, or a test server that needs none. */
export interface NoAuthOptions {
  /** Selects no authentication: requests carry no `Authorization` header. */
  type: "none";
}

/** How the client authenticates: API keys, a service account, a bearer token, or nothing. */
export type AtlasAuthOptions =
  | DigestAuthOptions
  | ServiceAccountAuthOptions
  | BearerAuthOptions
  | NoAuthOptions;
