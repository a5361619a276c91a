import { createAuthenticator } from "../auth/create-authenticator.js";
import { SecretRedactor } from "../errors/secret-redactor.js";
import { AttemptSignals } from "../http/attempt-signals.js";
import { AttemptTimers } from "../http/attempt-timers.js";
import { ClientLifetime } from "../http/client-lifetime.js";
import { DeprecationNotices, type AtlasWarning } from "../http/deprecation-notices.js";
import { userAgent } from "../http/user-agent.js";
import { createPeersApi, type PeersApi } from "../peers/peers-api.js";
import type { AtlasClientOptions } from "./options.js";
import { resolveOptions } from "./resolve-options.js";
import { createTypedFetch, type AtlasTypedFetch } from "./typed-fetch.js";

export interface AtlasClient extends AtlasTypedFetch {
  /** Resource helpers: return the data or throw an `AtlasApiError`. */
  readonly peers: PeersApi;
  /** The Atlas base URL this client (and its credentials) are bound to. */
  readonly baseUrl: string;
  /**
   * Refuses further calls and ends the calls in flight (they reject; nothing more is sent for
   * them), waits for a token request already sent, and revokes every OAuth token this client
   * obtained. Once it resolves, the client sends nothing more. Safe to call twice.
   */
  close(): Promise<void>;
  /** `close()`, for `await using atlas = createAtlasClient(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a client for the Atlas Administration API v2 peering endpoints. Every option is checked
 * here (`AtlasConfigurationError` names the one at fault); nothing is sent until the first call.
 */
export function createAtlasClient(options: AtlasClientOptions = {}): AtlasClient {
  const resolved = resolveOptions(options);
  const warn = options.onWarning ?? emitProcessWarning;
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
    baseUrl: resolved.baseUrl,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function emitProcessWarning(warning: AtlasWarning): void {
  process.emitWarning(warning.message, {
    type: warning.code === "ATLAS_API_DEPRECATED" ? "DeprecationWarning" : "Warning",
    code: warning.code,
  });
}
