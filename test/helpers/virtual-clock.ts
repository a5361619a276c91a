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
      const id = this.#nextId++;
      this.#timers.set(id, { at: this.#now + Math.floor(delay), order: id, run: () => run(...args) });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout = ((id: unknown) =>
      void this.#timers.delete(id as number)) as typeof clearTimeout;
    Date.now = () => VirtualClock.epoch + this.#now;
    Object.defineProperty(performance, "now", { value: () => this.#now, configurable: true, writable: true });
    return this;
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

  /** Lets every promise that can settle without time passing settle. */
  async settle(): Promise<void> {
    for (let turn = 0; turn < 3; turn += 1) await new Promise<void>((resolve) => realSetImmediate(resolve));
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await this.settle();
    for (;;) {
      let next: [number, { at: number; order: number; run: () => void }] | undefined;
      for (const entry of this.#timers)
        if (
          !next ||
          entry[1].at < next[1].at ||
          (entry[1].at === next[1].at && entry[1].order < next[1].order)
        )
          next = entry;
      if (!next || next[1].at > until) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].run();
      await this.settle();
    }
    this.#now = until;
    await this.settle();
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
