import type { BearerTokenProvider } from "../auth/bearer-authenticator.js";
import type { SharedTokenStore } from "../auth/shared-token-store.js";
import type { TokenCache } from "../auth/token-cache.js";
import type { AtlasWarning } from "../http/deprecation-notices.js";
import type { BackoffOptions } from "../http/retry-policy.js";
import type { AtlasHooks } from "../observability/hooks.js";
import type { AtlasLogger, AtlasLogLevel } from "../observability/log.js";

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
  /** Where tokens are kept; default: this client's memory. Share one across processes to share tokens. */
  tokenCache?: TokenCache | undefined;
  /**
   * One token for many processes: `createFileTokenStore()` from `atlas-peering-client/token-store/file`
   * or `createRedisTokenStore()` from `.../redis`. Instead of `tokenCache`. Its tokens are never
   * revoked at `close()` (other processes use them); `revokeToken()` revokes one explicitly.
   */
  tokenStore?: SharedTokenStore | undefined;
  /**
   * Revoke the tokens this client obtained when it is closed. Default true, false with a
   * `tokenStore` (where true is refused); turn off with a shared `tokenCache`.
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

/** Options of `createAtlasClient`; every one is optional, and checked when the client is created. */
export interface AtlasClientOptions {
  /** Default `https://cloud.mongodb.com`; the government cloud `https://cloud.mongodbgov.com` works the same. */
  baseUrl?: string | undefined;
  /**
   * Credentials. Without them, the client reads the variables the Atlas CLI and the Terraform
   * provider read: `MONGODB_ATLAS_CLIENT_ID` and `MONGODB_ATLAS_CLIENT_SECRET` (service account),
   * else `MONGODB_ATLAS_PUBLIC_API_KEY` and `MONGODB_ATLAS_PRIVATE_API_KEY` (API keys).
   */
  auth?: AtlasAuthOptions | undefined;
  /** Where to read those variables; default `process.env`. */
  env?: Record<string, string | undefined> | undefined;
  /** The Atlas API version date sent in `Accept`; default `"2025-03-12"`. Overridable per request. */
  apiVersion?: string | undefined;
  /** Ask Atlas to wrap answers in an envelope (`envelope=true`) and unwrap them; callers see no difference. Default false. */
  envelope?: boolean | undefined;
  /**
   * Time limit of one attempt (connection, answer and body), and of one token request; default
   * 30 000 ms, at most 86 400 000 (a day). 0 turns it off (an attempt can then wait as long as the
   * server and the network let it).
   */
  timeoutMs?: number | undefined;
  /**
   * Time limit of a whole call: every attempt, the waits between retries, token requests and digest
   * challenges included; at most a day. Default 0: none (a call is then bounded by `timeoutMs` per
   * attempt and by the retries). A per-request `totalTimeoutMs` can shorten it.
   */
  totalTimeoutMs?: number | undefined;
  /**
   * The longest answer body the client reads, in bytes, counted after gzip decoding; default
   * 16 MiB (16 777 216), from 1 024 to 2^30. Past it, the call fails with
   * `AtlasUnreadableResponseError` (`RESPONSE_TOO_LARGE`) and the connection is dropped.
   */
  maxResponseBytes?: number | undefined;
  /** Retries after a 429, 502, 503, 504, a reset connection or a timeout (see the README for which methods); default 2. */
  maxRetries?: number | undefined;
  /** Waits between retries when Atlas gives no `Retry-After`. */
  backoff?: BackoffOptions | undefined;
  /** Appended to the `User-Agent` header, e.g. `"my-platform/1.4"`. */
  userAgent?: string | undefined;
  /** The fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Receives deprecation notices and other warnings; default: the logger's `warn` when logging is
   * on (`logLevel` or `ATLAS_PEERING_LOG`), else `process.emitWarning`.
   */
  onWarning?: ((warning: AtlasWarning) => void) | undefined;
  /**
   * How much to log: `"off"`, `"warn"`, `"info"` (retries, tokens) or `"debug"` (every attempt).
   * Default: the `ATLAS_PEERING_LOG` environment variable (read from `env`), else `"off"`.
   */
  logLevel?: AtlasLogLevel | undefined;
  /** Where log lines go; default `console`. No line holds a credential. */
  logger?: AtlasLogger | undefined;
  /** Functions called around each attempt: add tracing headers, time and count requests (see `AtlasHooks`). */
  hooks?: AtlasHooks | undefined;
  /** Allow `http://` to a host other than loopback. Credentials would cross the network in the clear. */
  allowInsecureHttp?: boolean | undefined;
}
