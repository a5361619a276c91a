/** What close() can stop: an attempt's AbortController, or the race an attempt without one waits on. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * Whether the client is still open, and what `close()` must stop: the attempts in flight and the
 * calls waiting (for a token, a challenge, a retry), aborted at once. They register in a Set
 * rather than as listeners of `signal`: a Set costs a fraction of an event listener, and fifty
 * calls waiting for one token are no reason for Node's warning about listener leaks.
 */
export class ClientLifetime {
  readonly #controller = new AbortController();
  readonly #attempts = new Set<Abortable>();
  /** Operations begun and not ended yet, and who waits for the closed client to have none. */
  #active = 0;
  #quiet: Array<() => void> = [];

  get closed(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Aborts when the client closes (for what outlives a call: a shared token acquisition). */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Keeps an attempt or a wait until `untrack`, so that `close()` can abort it. */
  track(attempt: Abortable): void {
    this.#attempts.add(attempt);
  }

  untrack(attempt: Abortable): void {
    this.#attempts.delete(attempt);
  }

  /** An operation begins (see OperationScope); `ended` once it has settled. */
  began(): void {
    this.#active += 1;
  }

  ended(): void {
    this.#active -= 1;
    if (this.#active === 0 && this.closed) for (const resolve of this.#quiet.splice(0)) resolve();
  }

  /**
   * Resolves once the client is closed and every operation begun has ended: nothing of it can make
   * an error, an event or a log line any more (but for a callback's pending promise).
   */
  quiet(): Promise<void> {
    if (this.closed && this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#quiet.push(resolve));
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
