import type { AtlasAuthOptions } from "../auth/auth-options.js";
import type { AtlasHooks } from "../observability/hooks.js";
import type { AtlasLogger, AtlasLogLevel } from "../observability/log.js";
import type { AtlasWarning } from "../observability/warnings.js";

/** How long to wait between retries when Atlas does not say (`Retry-After`). */
export interface BackoffOptions {
  /** First backoff step; doubles per retry. Default 500 ms. */
  initialDelayMs?: number | undefined;
  /** Cap of one backoff step. Default 10 s. */
  maxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the error goes to the caller at once. Default 60 s. */
  maxRetryAfterMs?: number | undefined;
}

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
   * Time limit of a whole operation: a call, a listing with all its pages, `containers.ensure`;
   * every attempt, the waits between retries, token requests, token-store commands and digest
   * challenges included; at most a day. Default 0: none (an operation is then bounded by
   * `timeoutMs` per attempt and by the retries). A per-request `totalTimeoutMs` can shorten it.
   * (`peers.waitFor` has its own `timeoutMs`.)
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
