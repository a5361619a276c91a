import { setMaxListeners } from "node:events";

/** What close() can stop: an attempt's AbortController, or the race an attempt without one waits on. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * Whether the client is still open, and what `close()` must stop: the attempts in flight (aborted
 * at once) and everything waiting (token requests, challenges, retry sleeps), which listen to
 * `signal`. Attempts register in a Set rather than on the signal: a Set costs a fraction of an
 * event listener on every call.
 */
export class ClientLifetime {
  readonly #controller = new AbortController();
  readonly #attempts = new Set<Abortable>();

  constructor() {
    // Each waiting call listens to `signal`; fifty waiting for one token are not a leak (Node
    // warns from eleven on).
    setMaxListeners(0, this.#controller.signal);
  }

  get closed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborts when the client closes; for waits, not for attempts (see `track`). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Keeps an attempt until `untrack`, so that `close()` can abort it. */
  track(attempt: Abortable): void {
    this.#attempts.add(attempt);
  }

  untrack(attempt: Abortable): void {
    this.#attempts.delete(attempt);
  }

  /** Refuses new calls and stops everything in flight. Synchronous: nothing is sent after it returns. */
  close(): void {
    if (this.closed) return;
    const reason = new Error("the client is closed");
    this.#controller.abort(reason);
    for (const attempt of this.#attempts) attempt.abort(reason);
    this.#attempts.clear();
  }
}
