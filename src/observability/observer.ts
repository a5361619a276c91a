import { clip } from "../errors/redaction.js";
import type { Callbacks } from "./callbacks.js";
import { atlasChannels } from "./channels.js";
import type { AtlasAuthEvent, AtlasRequestEvent, AtlasResponseEvent, AtlasRetryEvent } from "./events.js";
import type { AtlasHooks } from "./hooks.js";
import type { Log } from "./log.js";
import type { AtlasWarning } from "./warnings.js";

const prefix = "atlas-peering-client:";
/** A log line is a diagnosis aid, not a channel for megabytes. */
const maximumLineLength = 2_000;

/**
 * One place where the client's events go out: to the hooks, to the diagnostics channels, to the
 * log as one line each, and warnings to `onWarning` (or the log, or process warnings). Every line
 * is redacted and bounded here, and every function of yours that observes runs through `Callbacks`
 * (isolated: its failure is reported once, never the call's). The transport asks `watching()` once
 * per call and builds no event when nobody listens, so a client without hooks or logs pays one
 * check per call.
 */
export class Observer {
  readonly #hooks: AtlasHooks | undefined;
  readonly #log: Log | undefined;
  readonly #callbacks: Callbacks;
  /** Hooks, or a log at debug or info: every call is watched. */
  readonly #always: boolean;

  constructor(hooks: AtlasHooks | undefined, log: Log | undefined, callbacks: Callbacks) {
    this.#hooks = hooks;
    this.#log = log;
    this.#callbacks = callbacks;
    this.#always =
      hooks?.onRequest !== undefined ||
      hooks?.onResponse !== undefined ||
      hooks?.onRetry !== undefined ||
      log?.info === true;
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

  /**
   * Before an attempt: returns what `onRequest` returned (headers to add), maybe a promise. Not
   * isolated: `onRequest` is part of the request (see Callbacks), its failure the call's.
   */
  request(event: AtlasRequestEvent): ReturnType<NonNullable<AtlasHooks["onRequest"]>> {
    if (atlasChannels.request.hasSubscribers) atlasChannels.request.publish(event);
    return this.#hooks?.onRequest?.(event);
  }

  response(event: AtlasResponseEvent): void {
    if (atlasChannels.response.hasSubscribers) atlasChannels.response.publish(event);
    if (this.#log?.debug)
      this.#line(
        "debug",
        `${event.method} ${event.path} -> ${event.status ?? event.failure} (attempt ${event.attempt}, ${Math.round(event.durationMs)} ms${event.requestId === undefined ? "" : `, request id ${event.requestId}`})`,
      );
    const hook = this.#hooks?.onResponse;
    if (hook) this.#callbacks.call("hooks.onResponse", () => hook(event));
  }

  retry(event: AtlasRetryEvent): void {
    if (atlasChannels.retry.hasSubscribers) atlasChannels.retry.publish(event);
    if (this.#log?.info)
      this.#line(
        "info",
        `${event.method} ${event.path}: attempt ${event.attempt} failed (${event.reason}), retrying in ${Math.round(event.delayMs)} ms`,
      );
    const hook = this.#hooks?.onRetry;
    if (hook) this.#callbacks.call("hooks.onRetry", () => hook(event));
  }

  /** Authentication events: logged (challenges at debug, tokens at info) and published. */
  auth(event: AtlasAuthEvent): void {
    if (atlasChannels.auth.hasSubscribers) atlasChannels.auth.publish(event);
    const level = event.type === "challenge-answered" ? "debug" : "info";
    if (!this.#log?.[level]) return;
    const details = [
      event.expiresInMs === undefined ? "" : `valid for ${Math.round(event.expiresInMs / 1000)} s`,
      event.reason === undefined ? "" : `after ${event.reason}`,
      event.delayMs === undefined ? "" : `in ${Math.round(event.delayMs)} ms`,
    ].filter(Boolean);
    this.#line(level, `${event.type}${details.length ? ` (${details.join(", ")})` : ""}`);
  }

  /** A warning: to `onWarning`, else the log at warn when logging is on, else a process warning. */
  warn(warning: AtlasWarning): void {
    this.#callbacks.warn(warning);
  }

  /** A warning as a log line at warn (the warning sink when logging is on and `onWarning` is not set). */
  logWarning(warning: AtlasWarning): void {
    this.#line("warn", warning.message);
  }

  #line(level: "debug" | "info" | "warn", message: string): void {
    const log = this.#log;
    if (!log?.[level]) return;
    const line = `${prefix} ${clip(message, maximumLineLength)}`;
    // Called as a method, for loggers that rely on `this`.
    this.#callbacks.call(`logger.${level}`, () => log.logger[level](line));
  }
}
