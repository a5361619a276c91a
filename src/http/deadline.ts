/** A point in time `ms` from now, on the monotonic clock (a wall-clock change moves neither way). */
export class Deadline {
  readonly #at: number;

  constructor(ms: number) {
    this.#at = performance.now() + ms;
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.#at - performance.now());
  }

  /** Whether waiting `ms` more would reach it. */
  reachedWithin(ms: number): boolean {
    return performance.now() + ms >= this.#at;
  }
}
