import { clip } from "../errors/redaction.js";
import type { AtlasWarning } from "./warnings.js";

/**
 * The one way this client calls the functions of yours that only observe: the logger, `onWarning`
 * and the observing hooks (`onResponse`, `onRetry`). What one of them throws, or what its promise
 * rejects with, is caught here, reported once as an `ATLAS_HOOK_FAILED` warning (named by the
 * function and the error's class, nothing it says: it may quote anything), and never becomes a
 * call's outcome, `close()`'s, or an unhandled rejection. A warning that cannot be delivered (the
 * warning function itself failed) goes to `process.emitWarning`, which cannot throw here.
 *
 * Functions whose result the call needs (`hooks.onRequest`'s headers, a bearer token provider,
 * `fetch`) are part of the call instead: their failure is its outcome, and their promises are
 * awaited within the call's limits.
 */
export class Callbacks {
  /** Where warnings go: `onWarning`, or the logger's `warn` when logging is on; else process warnings. */
  readonly #warningSink: { name: string; deliver: (warning: AtlasWarning) => unknown } | undefined;
  /** Functions whose failure was reported: each is reported once, and a failing sink cannot loop. */
  readonly #reported = new Set<string>();
  /** Promises of observing functions not settled yet: a failure may still come from each. */
  #pending = 0;
  #idle: Array<() => void> = [];

  constructor(warningSink: { name: string; deliver: (warning: AtlasWarning) => unknown } | undefined) {
    this.#warningSink = warningSink;
  }

  /** Runs an observing function; its failure, sync or async, is reported and goes no further. */
  call(name: string, run: () => unknown): void {
    try {
      const result = run() as { then?: unknown } | null | undefined;
      if (typeof result?.then === "function") {
        this.#pending += 1;
        Promise.resolve(result)
          .then(undefined, (error: unknown) => this.#failed(name, error))
          .finally(() => {
            this.#pending -= 1;
            if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
          });
      }
    } catch (error) {
      this.#failed(name, error);
    }
  }

  /** Resolves once no observing function's promise is pending: no failure report can come after. */
  idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Gives a warning to its sink (isolated like any observing function), its message made safe first. */
  warn(warning: AtlasWarning): void {
    const safe = { ...warning, message: clip(warning.message, 1_000) };
    const sink = this.#warningSink;
    if (sink) this.call(sink.name, () => sink.deliver(safe));
    else processWarning(safe);
  }

  #failed(name: string, error: unknown): void {
    if (this.#reported.has(name)) return;
    this.#reported.add(name);
    // Named by its class when that reads like one (TypeError, AbortError), else by its type: a
    // report may come after the client's close(), when its secrets are no longer redacted, so it
    // quotes nothing that could hold one.
    let kind: string = typeof error;
    try {
      if (error instanceof Error)
        kind = /^(?:[A-Z][A-Za-z]{0,40})?Error$/.test(error.name) ? error.name : "an error";
    } catch {
      // A hostile error whose name cannot be read: its type is enough.
    }
    const warning: AtlasWarning = {
      code: "ATLAS_HOOK_FAILED",
      message: `${name} failed (${kind}); the client went on, and later failures of ${name} are not reported.`,
    };
    // The sink itself failed: the warning goes where nothing of yours runs.
    if (name === this.#warningSink?.name) processWarning(warning);
    else this.warn(warning);
  }
}

/** A process warning (a `DeprecationWarning` for deprecations); never throws. */
export function processWarning(warning: AtlasWarning): void {
  try {
    process.emitWarning(warning.message, {
      type: warning.code === "ATLAS_API_DEPRECATED" ? "DeprecationWarning" : "Warning",
      code: warning.code,
    });
  } catch {
    // --throw-deprecation, or a runtime without process warnings: nowhere left to report it.
  }
}
