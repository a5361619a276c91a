/** After a timeout, how long every attempt carries an AbortSignal of its own. */
const rememberTimeoutMs = 5 * 60_000;

/**
 * Whether an attempt hands fetch an AbortSignal of its own, or enforces its time limit by a timer
 * alone. Measured (BENCHMARKS.md, bench/overhead.ts): undici's bookkeeping for a signal (a WeakRef,
 * a FinalizationRegistry entry, listeners) costs 5-10% of a loopback call, more than the rest of
 * this client together; a timer raced against the answer costs a fraction of that.
 *
 * What a signal buys is cancelling the request on the wire. Without one, an attempt that times out
 * ends the call's wait at once (the call retries or fails on time), but its request runs on until
 * the server answers (the body is then cancelled unread) or undici gives up (300 s by default).
 * So: a caller's AbortSignal or a deadline (totalTimeoutMs) always get a signal, and so does every
 * attempt for five minutes after any attempt timed out: a server that hangs holds at most the
 * requests that were in flight when it started.
 */
export class AttemptSignals {
  #until = 0;

  /** Whether attempts must carry signals now (a timeout in the last five minutes). */
  get required(): boolean {
    return this.#until !== 0 && performance.now() < this.#until;
  }

  timedOut(): void {
    this.#until = performance.now() + rememberTimeoutMs;
  }
}
