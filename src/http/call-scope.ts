import { AtlasTimeoutError, clientClosedError } from "../errors/transport-errors.js";
import type { ClientLifetime } from "./client-lifetime.js";
import { timerDelay } from "./durations.js";

/**
 * One call's limits: the caller's AbortSignal, the client's close(), and the call's deadline
 * (`totalTimeoutMs`). Everything the call waits for (a token, another call's digest challenge, a
 * bearer-token provider, a backoff) is waited for through `wait` or `sleep`, which end as soon as
 * any of the three says stop; after each wait the transport calls `throwIfStopped` before sending.
 * Together: after the caller's abort or close(), nothing more is sent for the call, and every call
 * settles by its deadline.
 *
 * Waiting costs an event listener and a timer, so only the slow paths wait here; the steady state
 * (a cached token, a known nonce) never does.
 */
export class CallScope {
  /** `performance.now()` by which the whole call must be done; Infinity without totalTimeoutMs. */
  readonly deadlineAt: number;
  /** Authentication retries so far (digest challenges, stale nonces, a refreshed token). */
  authenticationRetries = 0;
  /** What the authenticator keeps about this call between attempts (see Authenticator). */
  authState: unknown = undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly signal: AbortSignal | undefined,
    readonly totalTimeoutMs: number,
    readonly lifetime: ClientLifetime,
  ) {
    this.deadlineAt = totalTimeoutMs > 0 ? performance.now() + totalTimeoutMs : Infinity;
  }

  /** Milliseconds left before the deadline (Infinity without one, never negative). */
  remainingMs(): number {
    return this.deadlineAt === Infinity ? Infinity : Math.max(0, this.deadlineAt - performance.now());
  }

  /** The error this call ends with if it must stop now, or undefined. */
  stopReason(): unknown {
    if (this.signal?.aborted) return this.signal.reason;
    if (this.lifetime.closed) return clientClosedError(this.method, this.path);
    if (this.deadlineAt !== Infinity && performance.now() >= this.deadlineAt) return this.deadlineError();
    return undefined;
  }

  throwIfStopped(): void {
    const reason = this.stopReason();
    if (reason !== undefined) throw reason;
  }

  deadlineError(): AtlasTimeoutError {
    return new AtlasTimeoutError(this.method, this.path, this.totalTimeoutMs, "call");
  }

  /** `promise`'s outcome, or this call's stop reason as soon as it must stop, whichever comes first. */
  wait<T>(promise: Promise<T>): Promise<T> {
    return this.#race((resolve, reject) => {
      promise.then(resolve, reject);
      return undefined;
    });
  }

  /** Waits `ms`, or less if the call must stop first (then rejects with why). */
  sleep(ms: number): Promise<void> {
    return this.#race<void>((resolve) => {
      const timer = setTimeout(resolve, timerDelay(ms));
      return () => clearTimeout(timer);
    });
  }

  #race<T>(
    start: (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | undefined,
  ): Promise<T> {
    const stopped = this.stopReason();
    if (stopped !== undefined) return Promise.reject(stopped);
    return new Promise<T>((resolve, reject) => {
      let cancel: (() => void) | undefined;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const stop = () => {
        finish();
        reject(this.stopReason() ?? this.deadlineError());
      };
      const closing = { abort: stop };
      const finish = () => {
        cancel?.();
        clearTimeout(deadline);
        this.signal?.removeEventListener("abort", stop);
        this.lifetime.untrack(closing);
      };
      this.signal?.addEventListener("abort", stop, { once: true });
      this.lifetime.track(closing);
      if (this.deadlineAt !== Infinity) deadline = setTimeout(stop, timerDelay(this.remainingMs()));
      cancel = start(
        (value) => {
          finish();
          resolve(value);
        },
        (error) => {
          finish();
          reject(error);
        },
      );
    });
  }
}
