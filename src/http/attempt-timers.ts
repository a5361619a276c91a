import { timerDelay } from "./durations.js";

/** One attempt's time limit: when it is up (`performance.now()`), and what happens then. */
interface Limit {
  at: number;
  expire: () => void;
}

/**
 * The time limits of a client's attempts, kept by one timer armed for the earliest of them, rather
 * than a timer per attempt. Measured on loopback (bench/overhead.ts): setting and clearing a
 * timer per call costs about 6% of the call, because a timer that is the only one of its duration
 * makes Node rebuild its timer list and re-arm libuv's timer every time. Here the timer is re-armed
 * only when an earlier limit comes in, or when it fires (once per timeoutMs in a steady stream of
 * calls). It does not keep the process alive: an attempt in flight does that.
 */
export class AttemptTimers {
  readonly #limits = new Set<Limit>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;

  /** Calls `expire` once `ms` have passed, unless `cancel` is called first. */
  start(ms: number, expire: () => void): Limit {
    const limit = { at: performance.now() + ms, expire };
    this.#limits.add(limit);
    if (limit.at < this.#timerAt) this.#arm(limit.at);
    return limit;
  }

  cancel(limit: Limit): void {
    this.#limits.delete(limit);
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = at;
    const timer = setTimeout(() => this.#fire(), timerDelay(at - performance.now()));
    (timer as { unref?: () => void }).unref?.();
    this.#timer = timer;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const limit of this.#limits) {
      if (limit.at <= now) {
        this.#limits.delete(limit);
        limit.expire();
      } else if (limit.at < next) next = limit.at;
    }
    if (next !== Infinity) this.#arm(next);
  }
}
