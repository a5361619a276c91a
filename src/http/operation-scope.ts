import { AtlasTimeoutError, clientClosedError } from "../errors/transport-errors.js";
import type { Abortable, ClientLifetime } from "./client-lifetime.js";
import { timeLimit } from "./event-loop.js";
import { sleep } from "./sleep.js";

/** What bounds an operation: the caller's signal, the client's close(), and one deadline. */
export interface OperationLimits {
  /** The caller's AbortSignal: its reason is what the operation rejects with. */
  signal?: AbortSignal | undefined;
  /** The whole operation, every request, wait and retry in it; 0: no deadline. */
  totalTimeoutMs: number;
  /** The client's lifetime: close() ends the operation. Absent for what must outlive it (a revocation at close). */
  lifetime?: ClientLifetime | undefined;
  /** The error the operation ends with at its deadline; by default an `AtlasTimeoutError` naming the request under way. */
  deadlineError?: (() => Error) | undefined;
  /**
   * The operation this one runs inside (an `AtlasOperation` the caller began, or `waitFor` inside
   * one): its deadline, signal, close() and Retry-After bound this one too.
   */
  parent?: OperationScope | undefined;
}

/**
 * One operation's limits, for everything it does: a single call, a listing and its pages,
 * `ensure`'s list and create, every poll of `waitFor`, and every wait inside them (a token, a
 * store command, a lock poll, another call's digest challenge, a hook's promise, a backoff, a poll
 * interval). It ends when the caller's signal aborts, at close(), or at its one deadline, whichever
 * comes first, and then nothing more is sent for it; it remembers the `Retry-After` its answers
 * asked for, so that no later request of the operation goes out before then.
 *
 * An operation may run inside another (`parent`): a call given an `AtlasOperation`, `waitFor`
 * inside one. Then the outer one's deadline, signal and close() bound it too, and a Retry-After
 * either learns holds for both.
 *
 * Waiting costs a listener and a timer, so they are made on the first wait only: an operation that
 * waits for nothing (a cached token, a known nonce) pays for none. `end()` releases them.
 */
export class OperationScope implements Abortable {
  /** `performance.now()` by which the operation must be done, its own deadline or its parent's; Infinity without one. */
  readonly deadlineAt: number;
  readonly totalTimeoutMs: number;
  readonly callerSignal: AbortSignal | undefined;
  readonly lifetime: ClientLifetime | undefined;
  readonly parent: OperationScope | undefined;
  /** Its own deadline, before its parent's is considered. */
  readonly #ownDeadlineAt: number;
  #notBefore = 0;
  #current: { method: string; path: string } = { method: "", path: "" };
  readonly #deadlineError: (() => Error) | undefined;
  #controller: AbortController | undefined;
  #cancelDeadline: (() => void) | undefined;
  #onCallerAbort: (() => void) | undefined;
  #onParentAbort: (() => void) | undefined;
  /** Whether the lifetime still counts this operation as under way (until `end()`). */
  #counted = false;

  constructor(limits: OperationLimits) {
    const { parent } = limits;
    this.parent = parent;
    this.totalTimeoutMs = limits.totalTimeoutMs;
    this.#ownDeadlineAt = limits.totalTimeoutMs > 0 ? performance.now() + limits.totalTimeoutMs : Infinity;
    this.deadlineAt = Math.min(this.#ownDeadlineAt, parent?.deadlineAt ?? Infinity);
    this.callerSignal = limits.signal;
    this.lifetime = limits.lifetime ?? parent?.lifetime;
    this.#deadlineError = limits.deadlineError;
    this.lifetime?.began();
    this.#counted = this.lifetime !== undefined;
  }

  /** No request of the operation goes out before this (`performance.now()`): a Retry-After it, or its parent, was given. */
  get notBefore(): number {
    return Math.max(this.#notBefore, this.parent?.notBefore ?? 0);
  }

  set notBefore(at: number) {
    this.#notBefore = at;
    if (this.parent) this.parent.notBefore = Math.max(this.parent.notBefore, at);
  }

  /** The request under way, for the deadline's message (its parent's too). */
  get current(): { method: string; path: string } {
    return this.#current;
  }

  set current(request: { method: string; path: string }) {
    this.#current = request;
    if (this.parent) this.parent.current = request;
  }

  /** Every caller's signal that bounds the operation: its own and its parents'. */
  callerSignals(): AbortSignal[] {
    const signals = this.parent?.callerSignals() ?? [];
    return this.callerSignal ? [this.callerSignal, ...signals] : signals;
  }

  /** Milliseconds left before the deadline (Infinity without one, never negative). */
  remainingMs(): number {
    return this.deadlineAt === Infinity ? Infinity : Math.max(0, this.deadlineAt - performance.now());
  }

  /** The deadline as milliseconds since the epoch (for what is shared across processes); undefined without one. */
  deadlineEpochMs(): number | undefined {
    return this.deadlineAt === Infinity ? undefined : Date.now() + this.remainingMs();
  }

  /** The error the operation ends with if it must stop now, or undefined. */
  stopReason(): unknown {
    const outer = this.parent?.stopReason();
    if (outer !== undefined) return outer;
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    if (this.lifetime?.closed) return clientClosedError(this.current.method, this.current.path);
    if (this.deadlinePassed()) return this.deadlineError();
    return undefined;
  }

  deadlinePassed(): boolean {
    return this.deadlineAt !== Infinity && performance.now() >= this.deadlineAt;
  }

  /** Whether the parent's deadline is the one that binds (it comes first). */
  #parentDeadlineFirst(): boolean {
    return this.parent !== undefined && this.parent.deadlineAt <= this.#ownDeadlineAt;
  }

  throwIfStopped(): void {
    const reason = this.stopReason();
    if (reason !== undefined) throw reason;
  }

  /** The error of the deadline that binds: this operation's own, or its parent's when that comes first. */
  deadlineError(): Error {
    if (this.#parentDeadlineFirst()) return this.parent!.deadlineError();
    return (
      this.#deadlineError?.() ??
      new AtlasTimeoutError(this.current.method, this.current.path, this.totalTimeoutMs, "call")
    );
  }

  /**
   * An AbortSignal that aborts, with the operation's stop reason, when the caller aborts, at
   * close() or at the deadline: for what takes a signal (a sleep, a store's wait).
   */
  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = (this.#controller = new AbortController());
    const stopped = this.stopReason();
    if (stopped !== undefined) {
      controller.abort(stopped);
      return controller.signal;
    }
    const caller = this.callerSignal;
    if (caller) {
      this.#onCallerAbort = () => this.abort();
      caller.addEventListener("abort", this.#onCallerAbort, { once: true });
    }
    if (this.parent) {
      this.#onParentAbort = () => this.abort();
      this.parent.signal.addEventListener("abort", this.#onParentAbort, { once: true });
    }
    this.lifetime?.track(this);
    if (this.deadlineAt !== Infinity) {
      // The operation's own work (a socket, a sleep) keeps the process alive while it runs; the
      // deadline alone must not keep it alive after the operation was abandoned.
      this.#cancelDeadline = timeLimit(this.remainingMs(), () => this.abort(), { keepsProcessAlive: false });
    }
    return controller.signal;
  }

  /** Aborts the operation's signal with its stop reason (called by its sources: caller, close, deadline). */
  abort(): void {
    const controller = this.#controller;
    if (!controller || controller.signal.aborted) return;
    controller.abort(this.stopReason() ?? this.deadlineError());
    // The operation itself is still under way (its code runs on to its end): only the signal's
    // timer and listeners go.
    this.#release();
  }

  /** `promise`'s outcome, or the operation's stop reason as soon as it must stop, whichever comes first. */
  wait<T>(promise: PromiseLike<T>): Promise<T> {
    const signal = this.signal;
    if (signal.aborted) {
      // Nobody waits for it any more; its failure must not become an unhandled rejection.
      Promise.resolve(promise).catch(() => {});
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(signal.reason);
      signal.addEventListener("abort", stop, { once: true });
      Promise.resolve(promise).then(
        (value) => {
          signal.removeEventListener("abort", stop);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", stop);
          reject(error);
        },
      );
    });
  }

  /** Waits `ms`, or rejects with the stop reason as soon as the operation must stop. */
  sleep(ms: number): Promise<void> {
    return sleep(ms, this.signal);
  }

  /**
   * Waits out the operation's `notBefore` (a Retry-After an earlier answer gave). One that ends
   * past the deadline is not waited for: the operation ends now with its deadline error.
   */
  async waitForNotBefore(): Promise<void> {
    const waitMs = this.notBefore - performance.now();
    if (waitMs <= 0) return;
    if (waitMs >= this.remainingMs()) throw this.deadlineError();
    await this.sleep(waitMs);
  }

  /** Releases the listener and the timers the operation's waits needed. Safe to call twice. */
  end(): void {
    this.#release();
    if (this.#counted) {
      this.#counted = false;
      this.lifetime?.ended();
    }
  }

  /** Releases the timer and listeners the signal needed (once it aborted, or at the end). */
  #release(): void {
    this.#cancelDeadline?.();
    this.#cancelDeadline = undefined;
    if (this.#onCallerAbort) this.callerSignal?.removeEventListener("abort", this.#onCallerAbort);
    this.#onCallerAbort = undefined;
    if (this.#onParentAbort) this.parent?.signal.removeEventListener("abort", this.#onParentAbort);
    this.#onParentAbort = undefined;
    this.lifetime?.untrack(this);
  }
}
