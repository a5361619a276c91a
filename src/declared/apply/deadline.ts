import type { AtlasRequestOptions } from "atlas-peering-client";
import { AtlasApplyDeadlineError } from "../errors.js";

/** One deadline for a whole apply: every call and every wait gets what is left of it. */
export interface ApplyDeadline {
  /** Aborts when the deadline passes (reason: `AtlasApplyDeadlineError`) or when the caller's signal does. */
  readonly signal: AbortSignal;
  /** Milliseconds left; 0 once passed. */
  remainingMs(): number;
  /** The options to give one call: the signal, and what is left as its `totalTimeoutMs`. */
  call(): AtlasRequestOptions;
  /** Throws the deadline's error (or the caller's abort reason) when either has fired. */
  check(): void;
  /** Stops the timer. */
  dispose(): void;
}

/**
 * The apply's deadline, until the client has an "operation scope" of its own: one `AbortSignal` for
 * the whole apply plus, per call, the time left as `totalTimeoutMs` (and `timeoutMs` for waits), so
 * that no attempt, retry, token request or poll runs past it. Kept in this one function so that it
 * can be swapped for the client's scope when that lands.
 */
export function startDeadline(timeoutMs: number, outer?: AbortSignal): ApplyDeadline {
  const endsAt = performance.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AtlasApplyDeadlineError(timeoutMs)), timeoutMs);
  timer.unref?.();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const remainingMs = () => Math.max(0, Math.floor(endsAt - performance.now()));
  return {
    signal,
    remainingMs,
    call: () => ({ signal, totalTimeoutMs: Math.max(1, remainingMs()) }),
    check() {
      if (signal.aborted) throw signal.reason;
      if (remainingMs() === 0) throw new AtlasApplyDeadlineError(timeoutMs);
    },
    dispose: () => clearTimeout(timer),
  };
}
