import { timerDelay } from "./durations.js";

/**
 * Runs `work` on the next turn of the event loop, after the I/O that has arrived (Node runs
 * immediates after it reads sockets and file results); a zero timer where the runtime has no
 * immediates.
 */
export const afterPendingIo: (work: () => void) => void =
  typeof setImmediate === "function" ? (work) => void setImmediate(work) : (work) => void setTimeout(work, 0);

/**
 * Calls `expire` once `ms` have passed and the I/O that arrived by then has been handled; returns
 * what cancels it. A process starved of CPU (a busy machine, a long synchronous task) wakes with
 * the timer and the answer it was waiting for both due, and Node runs due timers before it reads
 * sockets: a bare timer would call an answer that came in time a time-out. One turn of the loop
 * lets that answer win; an answer that has not arrived still loses, microseconds later.
 */
export function timeLimit(
  ms: number,
  expire: () => void,
  options: { keepsProcessAlive?: boolean } = {},
): () => void {
  let cancelled = false;
  const timer = setTimeout(() => afterPendingIo(() => cancelled || expire()), timerDelay(ms));
  if (options.keepsProcessAlive === false) (timer as { unref?: () => void }).unref?.();
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
