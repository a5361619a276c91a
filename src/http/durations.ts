/**
 * Node turns a timer longer than this into 1 ms (and prints a TimeoutOverflowWarning): a
 * `timeoutMs: 3e9` would end every attempt at once. No timer in this package asks for more.
 */
export const maximumTimerDelayMs = 2 ** 31 - 1;

/** The longest duration any option accepts, client-wide or per request: a day, well inside Node's timers. */
export const maximumDurationMs = 24 * 3600_000;

/** Whether `value` is a number of milliseconds from `minimum` to `maximumDurationMs`. */
export function isDuration(value: unknown, minimum = 0): value is number {
  return (
    typeof value === "number" && Number.isFinite(value) && value >= minimum && value <= maximumDurationMs
  );
}

/** `ms` as a delay Node's timers hold exactly: never negative, never above `maximumTimerDelayMs`. */
export function timerDelay(ms: number): number {
  return ms <= 0 ? 0 : ms >= maximumTimerDelayMs ? maximumTimerDelayMs : ms;
}
