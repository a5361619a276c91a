import { setImmediate as realSetImmediate } from "node:timers";

/**
 * Virtual time for tests of deadlines, backoff and aborts: replaces `setTimeout`, `clearTimeout`,
 * `Date.now` and `performance.now` while installed, and moves time only when told to, running the
 * timers that fall due in order and letting every promise settle in between. A test that waits
 * "5 s" for a Retry-After takes microseconds, and "when did this settle" has an exact answer.
 *
 * Like Node, a delay above 2^31-1 ms becomes 1 ms (with a `TimeoutOverflowWarning` there; here it
 * is counted in `overflows`): the client must never ask for one.
 */
export class VirtualClock {
  static readonly epoch = Date.parse("2026-11-24T00:00:00Z");
  #now = 0;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; order: number; run: () => void }>();
  #saved:
    | { setTimeout: unknown; clearTimeout: unknown; dateNow: () => number; performanceNow: unknown }
    | undefined;
  /** Delays above 2^31-1 ms that were asked for. */
  overflows = 0;

  install(): this {
    if (this.#saved) return this;
    this.#saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      dateNow: Date.now,
      performanceNow: Object.getOwnPropertyDescriptor(performance, "now"),
    };
    globalThis.setTimeout = ((run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      let delay = Number(ms ?? 0);
      if (!(delay >= 1)) delay = 1;
      if (delay > 2 ** 31 - 1) {
        this.overflows += 1;
        delay = 1;
      }
      return this.#schedule(Math.floor(delay), () => run(...args));
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((timer: unknown) =>
      void this.#timers.delete(Number(timer as number))) as typeof clearTimeout;
    Date.now = () => VirtualClock.epoch + this.#now;
    Object.defineProperty(performance, "now", { value: () => this.#now, configurable: true, writable: true });
    return this;
  }

  /**
   * A timer as Node returns it (a library in the process, undici say, may call unref or refresh on
   * it), which converts to its id.
   */
  #schedule(delay: number, run: () => void): object {
    const id = this.#nextId++;
    const entry = { at: this.#now + delay, order: id, run };
    this.#timers.set(id, entry);
    const timers = this.#timers;
    const clock = this;
    return {
      [Symbol.toPrimitive]: () => id,
      unref() {
        return this;
      },
      ref() {
        return this;
      },
      hasRef: () => true,
      refresh() {
        entry.at = clock.now + delay;
        timers.set(id, entry);
        return this;
      },
    };
  }

  uninstall(): void {
    const saved = this.#saved;
    if (!saved) return;
    globalThis.setTimeout = saved.setTimeout as typeof setTimeout;
    globalThis.clearTimeout = saved.clearTimeout as typeof clearTimeout;
    Date.now = saved.dateNow;
    if (saved.performanceNow) Object.defineProperty(performance, "now", saved.performanceNow);
    else delete (performance as { now?: unknown }).now;
    this.#saved = undefined;
    this.#timers.clear();
  }

  /** Milliseconds since the clock was created. */
  get now(): number {
    return this.#now;
  }

  /** Timers still waiting. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Lets every promise that can settle without time passing settle: Node runs every microtask
   * (and every microtask those queue) before an immediate, and nothing here waits on real I/O.
   */
  async settle(): Promise<void> {
    this.settles += 1;
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
  settles = 0;

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await this.#runTimers(() => false, until);
    this.#now = until;
    await this.settle();
  }

  /**
   * Runs timers in order, jumping from one to the next, until `done()` holds, no timer is left, or
   * the next one falls after `limitMs` from now; time stops at the last timer run.
   */
  async runUntil(done: () => boolean, limitMs: number): Promise<void> {
    await this.#runTimers(done, this.#now + limitMs);
  }

  async #runTimers(done: () => boolean, until: number): Promise<void> {
    await this.settle();
    while (!done()) {
      let next: { at: number; order: number; run: () => void } | undefined;
      let nextId = 0;
      for (const [id, timer] of this.#timers)
        if (!next || timer.at < next.at || (timer.at === next.at && timer.order < next.order)) {
          next = timer;
          nextId = id;
        }
      if (!next || next.at > until) return;
      this.#timers.delete(nextId);
      this.#now = next.at;
      next.run();
      await this.settle();
    }
  }
}

/** Whether a promise has settled, and how, without waiting for it. */
export function track<T>(promise: Promise<T>): {
  readonly settled: boolean;
  readonly value?: T;
  readonly error?: unknown;
  readonly at?: number;
} {
  const state: { settled: boolean; value?: T; error?: unknown; at?: number } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value, at: performance.now() }),
    (error: unknown) => Object.assign(state, { settled: true, error, at: performance.now() }),
  );
  return state;
}
