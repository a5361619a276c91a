import type { TokenWait } from "atlas-peering-client";
import { sleep } from "../http/sleep.js";

/**
 * Waits `ms`, but never past the wait's deadline; rejects with the signal's reason as soon as it
 * aborts. Leaves no timer or listener behind.
 */
export function pause(ms: number, wait: TokenWait): Promise<void> {
  const { signal, deadline } = wait;
  const bounded = deadline === undefined ? ms : Math.min(ms, deadline - Date.now());
  return sleep(bounded, signal);
}

/** A random wait between `ms / 2` and `ms`: processes that poll the same store drift apart. */
export function jittered(ms: number, random = Math.random): number {
  return Math.round(ms / 2 + random() * (ms / 2));
}
