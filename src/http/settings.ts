import type { AtlasHooks } from "../observability/hooks.js";
import type { Log } from "../observability/log.js";
import type { Observer } from "../observability/observer.js";
import type { Authenticator } from "./authenticator.js";
import type { ClientLifetime } from "./client-lifetime.js";
import type { DeprecationNotices } from "./deprecation-notices.js";
import type { ExchangeSettings } from "./exchange.js";
import type { ResolvedBackoff } from "./retry-policy.js";

/**
 * The client's options, checked and resolved once (client/settings.ts), and read from here by
 * everything: the exchange, the authenticators, the token store's binding. Per-request options
 * replace a few of them for one operation (see client/typed-fetch.ts); nothing copies them.
 */
export interface ClientSettings extends ExchangeSettings {
  readonly baseUrl: string;
  readonly apiVersion: string;
  readonly envelope: boolean;
  /** Per attempt (and per token request); 0: none. */
  readonly timeoutMs: number;
  /** Per operation; 0: none. */
  readonly totalTimeoutMs: number;
  readonly maxRetries: number;
  readonly backoff: ResolvedBackoff;
  readonly userAgent: string;
  /** Undefined when logging is off. */
  readonly log: Log | undefined;
  readonly hooks: AtlasHooks | undefined;
}

/** The client's settings and the services every operation shares: one per client. */
export interface ClientContext {
  readonly settings: ClientSettings;
  /** close(): what it ends, and whether it happened. */
  readonly lifetime: ClientLifetime;
  /** Hooks, channels, the log and warnings, each isolated. */
  readonly observer: Observer;
  readonly deprecations: DeprecationNotices;
  readonly authenticator: Authenticator;
}
