/**
 * When attempts carry an AbortSignal of their own. Internal; tests set `firstAttempts` to reach
 * the timer-only path without warming a client up.
 */
export const attemptSignalPolicy = {
  /** A client's first attempts carry signals (see below). */
  firstAttempts: 100,
  /** After an attempt timed out, every attempt carries a signal for this long. */
  afterTimeoutMs: 5 * 60_000,
};

/**
 * Whether an attempt hands fetch an AbortSignal of its own, or enforces its time limit by a timer
 * alone. Measured (BENCHMARKS.md, bench/overhead.ts): undici's bookkeeping for a signal (a WeakRef,
 * a FinalizationRegistry entry, listeners) costs 5-10% of a loopback call, more than the rest of
 * this client together; a timer that ends the wait costs a fraction of that.
 *
 * What a signal buys is cancelling the request on the wire. Without one, an attempt that times out
 * ends the call's wait at once (the call retries or fails on time), but its request runs on until
 * the server answers (the body is then cancelled unread) or undici gives up (300 s by default),
 * and its socket keeps the process alive meanwhile. So signals go to:
 * - every attempt with the caller's AbortSignal or a deadline (totalTimeoutMs) (the transport);
 * - a client's first 100 attempts: a script of a few calls that meets a hanging server exits when
 *   its call ends, and a few dozen µs per call do not matter to it;
 * - every attempt for five minutes after one timed out: a server that starts hanging holds at most
 *   the requests that were in flight when it started.
 */
export class AttemptSignals {
  #firstAttemptsLeft = attemptSignalPolicy.firstAttempts;
  #until = 0;

  /** Whether the next attempt (without a caller's signal or a deadline) carries a signal. */
  next(): boolean {
    if (this.#firstAttemptsLeft > 0) {
      this.#firstAttemptsLeft -= 1;
      return true;
    }
    return this.#until !== 0 && performance.now() < this.#until;
  }

  timedOut(): void {
    this.#until = performance.now() + attemptSignalPolicy.afterTimeoutMs;
  }
}
