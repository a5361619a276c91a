import { createAuthenticator } from "../auth/create-authenticator.js";
import { SecretRedactor } from "../errors/secret-redactor.js";
import { AttemptSignals } from "../http/attempt-signals.js";
import { AttemptTimers } from "../http/attempt-timers.js";
import { ClientLifetime } from "../http/client-lifetime.js";
import { DeprecationNotices, type AtlasWarning } from "../http/deprecation-notices.js";
import { userAgent } from "../http/user-agent.js";
import { CallObserver } from "../observability/call-observer.js";
import { createContainersApi, type ContainersApi } from "../containers/containers-api.js";
import { createPeersApi, type PeersApi } from "../peers/peers-api.js";
import type { AtlasClientOptions } from "./options.js";
import { resolveOptions } from "./resolve-options.js";
import { createTypedFetch, type AtlasTypedFetch } from "./typed-fetch.js";

declare global {
  interface SymbolConstructor {
    /**
     * `Symbol.asyncDispose` (Node.js 20.4 and later), declared here as `@types/node` and
     * TypeScript's `esnext.disposable` library declare it, so that the declarations compile with
     * an older `lib` (such as `["es2022", "dom"]`) and no Node.js types.
     */
    readonly asyncDispose: unique symbol;
  }
}

export interface AtlasClient extends AtlasTypedFetch {
  /** Peering connections: return the data or throw an `AtlasApiError`. */
  readonly peers: PeersApi;
  /** Network peering containers, where peers live: return the data or throw an `AtlasApiError`. */
  readonly containers: ContainersApi;
  /** The Atlas base URL this client (and its credentials) are bound to. */
  readonly baseUrl: string;
  /**
   * Refuses further calls and ends the calls in flight (they reject; nothing more is sent for
   * them), waits for a token request already sent, and revokes every OAuth token this client
   * obtained. Once it resolves, the client sends nothing more. Safe to call twice. A token in a
   * shared `tokenStore` is not revoked: other processes use it (see `revokeToken`).
   */
  close(): Promise<void>;
  /**
   * Service accounts: revokes the token in use now at Atlas and removes it from the shared
   * `tokenStore` (if the store still holds it); the next call, in any process, gets a new one.
   * Rejects with `AtlasAuthenticationError` when Atlas refuses. Does nothing for other credentials.
   */
  revokeToken(): Promise<void>;
  /** `close()`, for `await using atlas = createAtlasClient(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a client for the Atlas Administration API v2 network peering endpoints (containers and peers). Every option is checked
 * here (`AtlasConfigurationError` names the one at fault); nothing is sent until the first call.
 */
export function createAtlasClient(options: AtlasClientOptions = {}): AtlasClient {
  const resolved = resolveOptions(options);
  // With logging on, warnings are log lines (and not also process warnings), unless onWarning takes them.
  const warn: (warning: AtlasWarning) => void =
    options.onWarning ?? (resolved.log ? (warning) => observer.warning(warning) : emitProcessWarning);
  const observer = new CallObserver(resolved.hooks, resolved.log, warn);
  const agent = userAgent(resolved.userAgentSuffix);
  const lifetime = new ClientLifetime();
  const authenticator = createAuthenticator(resolved.auth, {
    baseUrl: resolved.baseUrl,
    fetch: resolved.fetch,
    userAgent: agent,
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
    backoff: resolved.backoff,
    maxResponseBytes: resolved.maxResponseBytes,
    warn,
    observe: (event) => observer.auth(event),
    lifetime,
  });
  let closed: Promise<void> | undefined;

  const typedFetch = createTypedFetch({
    fetch: resolved.fetch,
    baseUrl: resolved.baseUrl,
    authenticator,
    apiVersion: resolved.apiVersion,
    envelope: resolved.envelope,
    timeoutMs: resolved.timeoutMs,
    totalTimeoutMs: resolved.totalTimeoutMs,
    maxResponseBytes: resolved.maxResponseBytes,
    maxRetries: resolved.maxRetries,
    backoff: resolved.backoff,
    userAgent: agent,
    deprecations: new DeprecationNotices(warn),
    redactor: new SecretRedactor(() => authenticator.secrets()),
    lifetime,
    signals: new AttemptSignals(),
    timers: new AttemptTimers(),
    observer,
  });

  // First the lifetime (synchronous: calls in flight stop, nothing new starts), then the
  // authenticator (a token request on the wire is waited for, and every token revoked).
  const close = () =>
    (closed ??= (async () => {
      lifetime.close();
      await authenticator.close();
    })());
  return {
    ...typedFetch,
    peers: createPeersApi(typedFetch),
    containers: createContainersApi(typedFetch),
    baseUrl: resolved.baseUrl,
    close,
    revokeToken: async () => authenticator.revokeToken?.(),
    [Symbol.asyncDispose]: close,
  };
}

function emitProcessWarning(warning: AtlasWarning): void {
  process.emitWarning(warning.message, {
    type: warning.code === "ATLAS_API_DEPRECATED" ? "DeprecationWarning" : "Warning",
    code: warning.code,
  });
}
