import type { AtlasWarning } from "../http/deprecation-notices.js";
import { atlasChannels } from "./channels.js";
import type { AtlasAuthEvent, AtlasRequestEvent, AtlasResponseEvent, AtlasRetryEvent } from "./events.js";
import type { AtlasHooks } from "./hooks.js";
import type { Log } from "./log.js";

const prefix = "atlas-peering-client:";

/**
 * One place where the client's events go out: to the hooks, to the diagnostics channels, and to
 * the log as one line each. The transport asks `watching()` once per call and builds no event when
 * nobody listens, so a client without hooks or logs pays one check per call.
 */
export class CallObserver {
  readonly #hooks: AtlasHooks | undefined;
  readonly #log: Log | undefined;
  /** Hooks, or a log at debug or info: every call is watched. */
  readonly #always: boolean;

  readonly #warn: (warning: AtlasWarning) => void;

  constructor(hooks: AtlasHooks | undefined, log: Log | undefined, warn: (warning: AtlasWarning) => void) {
    this.#hooks = hooks;
    this.#log = log;
    this.#warn = warn;
    this.#always =
      hooks?.onRequest !== undefined ||
      hooks?.onResponse !== undefined ||
      hooks?.onRetry !== undefined ||
      log?.info !== undefined;
  }

  /** Whether this call's attempts are reported (subscribers come and go: asked per call). */
  watching(): boolean {
    return (
      this.#always ||
      atlasChannels.request.hasSubscribers ||
      atlasChannels.response.hasSubscribers ||
      atlasChannels.retry.hasSubscribers
    );
  }

  /** Before an attempt: returns what `onRequest` returned (headers to add), maybe a promise. */
  request(event: AtlasRequestEvent): ReturnType<NonNullable<AtlasHooks["onRequest"]>> {
    if (atlasChannels.request.hasSubscribers) atlasChannels.request.publish(event);
    return this.#hooks?.onRequest?.(event);
  }

  response(event: AtlasResponseEvent): void {
    if (atlasChannels.response.hasSubscribers) atlasChannels.response.publish(event);
    this.#log?.debug?.(
      `${prefix} ${event.method} ${event.path} -> ${event.status ?? event.failure} (attempt ${event.attempt}, ${Math.round(event.durationMs)} ms${event.requestId === undefined ? "" : `, request id ${event.requestId}`})`,
    );
    if (this.#hooks?.onResponse) this.#observe("onResponse", () => this.#hooks!.onResponse!(event));
  }

  retry(event: AtlasRetryEvent): void {
    if (atlasChannels.retry.hasSubscribers) atlasChannels.retry.publish(event);
    this.#log?.info?.(
      `${prefix} ${event.method} ${event.path}: attempt ${event.attempt} failed (${event.reason}), retrying in ${Math.round(event.delayMs)} ms`,
    );
    if (this.#hooks?.onRetry) this.#observe("onRetry", () => this.#hooks!.onRetry!(event));
  }

  /**
   * Runs an observing hook: what it throws, or what its promise rejects with, is a warning (named
   * by the hook and the error's class, nothing it says: it may quote anything), never the call's.
   */
  #observe(hook: "onResponse" | "onRetry", run: () => unknown): void {
    const report = (error: unknown) => {
      try {
        this.#warn({
          code: "ATLAS_HOOK_FAILED",
          message: `hooks.${hook} failed (${error instanceof Error ? error.name.slice(0, 60) : typeof error}); the call goes on.`,
        });
      } catch {
        // onWarning failed too: the call still goes on.
      }
    };
    try {
      const result = run() as { then?: unknown } | undefined;
      if (typeof result?.then === "function") Promise.resolve(result).catch(report);
    } catch (error) {
      report(error);
    }
  }

  /** Authentication events: logged (challenges at debug, tokens at info) and published. */
  auth(event: AtlasAuthEvent): void {
    if (atlasChannels.auth.hasSubscribers) atlasChannels.auth.publish(event);
    const log = event.type === "challenge-answered" ? this.#log?.debug : this.#log?.info;
    if (!log) return;
    const details = [
      event.expiresInMs === undefined ? "" : `valid for ${Math.round(event.expiresInMs / 1000)} s`,
      event.reason === undefined ? "" : `after ${event.reason}`,
      event.delayMs === undefined ? "" : `in ${Math.round(event.delayMs)} ms`,
    ].filter(Boolean);
    log(`${prefix} ${event.type}${details.length ? ` (${details.join(", ")})` : ""}`);
  }

  /** A warning, as a log line at warn. */
  warning(warning: AtlasWarning): void {
    this.#log?.warn?.(`${prefix} ${warning.message}`);
  }
}
