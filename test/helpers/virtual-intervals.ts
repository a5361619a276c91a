/**
 * `setInterval` and `clearInterval` over whatever `setTimeout` is installed (a VirtualClock's):
 * VirtualClock replaces timeouts only, so an interval (a shared store renewing its lock) would
 * otherwise tick on wall time, invisible to `pendingTimers`. Here each tick is a timeout, so a
 * live interval counts as a pending timer and one never cleared is seen as left behind.
 * Returns the function that puts the real ones back.
 */
export function installVirtualIntervals(): () => void {
  const saved = { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };
  const intervals = new WeakSet<object>();

  globalThis.setInterval = ((run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const interval = {
      timeout: undefined as unknown,
      cleared: false,
      unref() {
        return this;
      },
      ref() {
        return this;
      },
      hasRef: () => true,
    };
    const tick = () => {
      if (interval.cleared) return;
      interval.timeout = setTimeout(tick, ms);
      run(...args);
    };
    interval.timeout = setTimeout(tick, ms);
    intervals.add(interval);
    return interval;
  }) as unknown as typeof setInterval;

  globalThis.clearInterval = ((interval: unknown) => {
    if (typeof interval !== "object" || interval === null || !intervals.has(interval)) {
      saved.clearInterval(interval as Parameters<typeof clearInterval>[0]);
      return;
    }
    const virtual = interval as { timeout: unknown; cleared: boolean };
    virtual.cleared = true;
    clearTimeout(virtual.timeout as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearInterval;

  return () => {
    globalThis.setInterval = saved.setInterval;
    globalThis.clearInterval = saved.clearInterval;
  };
}
