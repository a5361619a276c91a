import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import { AtlasPeerFailedError, AtlasWaitTimeoutError } from "../errors/wait-errors.js";
import { Deadline } from "../http/deadline.js";
import { isDuration, maximumDurationMs } from "../http/durations.js";
import { sleep } from "../http/sleep.js";
import type { Peer, PeerStatus } from "../types.js";
import type { ProviderResourceApi } from "../resources/provider-resource-api.js";
import { peerStatus } from "./peer-status.js";

/** Options of `peers.waitFor`. */
export interface WaitForOptions {
  /**
   * - `"available"` (default): AVAILABLE.
   * - `"userAction"`: the first state that waits on your side of the cloud: PENDING_ACCEPTANCE (AWS:
   *   accept the peering request in your VPC) or WAITING_FOR_USER (GCP: create the peering from your
   *   network); AVAILABLE also ends the wait.
   * - `"deleted"`: the peer is gone (Atlas answers 404).
   */
  until?: "available" | "userAction" | "deleted" | undefined;
  /**
   * Give up after this long (`AtlasWaitTimeoutError`); default 30 minutes, at most a day. It bounds
   * everything inside the wait: each poll's attempts and retries, token requests, the pauses.
   */
  timeoutMs?: number | undefined;
  /** Time between polls; default 10 s, at most a day. */
  intervalMs?: number | undefined;
  /** Ends the wait at once, in a poll or a pause between polls: `waitFor` rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

const failedStates = new Set<PeerStatus>(["FAILED", "DELETION_FAILED"]);
const userActionStates = new Set<PeerStatus>(["PENDING_ACCEPTANCE", "WAITING_FOR_USER", "AVAILABLE"]);

/**
 * Polls a peer's state. Transient trouble while polling (a 429 or 5xx that outlived the client's
 * retries, a lost connection, a timed-out attempt) does not end a wait that may take half an hour:
 * the next poll tries again. Anything else (403, 404 while not waiting for deletion) ends it.
 * Each poll is given what is left of the wait as its `totalTimeoutMs`, so that no attempt, retry
 * or token request inside it runs past the wait's deadline.
 */
export async function waitForPeer(
  peers: Pick<ProviderResourceApi<Peer, unknown>, "get">,
  groupId: string,
  peerId: string,
  options: WaitForOptions,
): Promise<Peer | undefined> {
  const { until = "available", timeoutMs = 30 * 60_000, intervalMs = 10_000, signal } = options;
  if (!["available", "userAction", "deleted"].includes(until))
    throw new AtlasInvalidRequestError("until", 'must be "available", "userAction" or "deleted"');
  if (!isDuration(timeoutMs) || timeoutMs === 0)
    throw new AtlasInvalidRequestError("timeoutMs", `must be a number above 0, at most ${maximumDurationMs}`);
  if (!isDuration(intervalMs))
    throw new AtlasInvalidRequestError("intervalMs", `must be a number from 0 to ${maximumDurationMs}`);
  const deadline = new Deadline(timeoutMs);
  let lastStatus: PeerStatus | "unknown" = "unknown";

  for (;;) {
    const remaining = deadline.remainingMs();
    if (remaining === 0) throw new AtlasWaitTimeoutError(peerId, until, timeoutMs, lastStatus);
    try {
      const peer = await peers.get(groupId, peerId, { signal, totalTimeoutMs: remaining });
      const status = peerStatus(peer);
      lastStatus = status ?? "unknown";
      if (status && failedStates.has(status)) throw new AtlasPeerFailedError(peerId, status, peer);
      if (until === "available" && status === "AVAILABLE") return peer;
      if (until === "userAction" && status && userActionStates.has(status)) return peer;
    } catch (error) {
      if (until === "deleted" && error instanceof AtlasApiError && error.status === 404) return undefined;
      if (!isTransient(error)) throw error;
    }
    if (deadline.reachedWithin(intervalMs))
      throw new AtlasWaitTimeoutError(peerId, until, timeoutMs, lastStatus);
    await sleep(intervalMs, signal);
  }
}

function isTransient(error: unknown): boolean {
  return (
    (error instanceof AtlasApiError && error.retryable) ||
    error instanceof AtlasConnectionError ||
    error instanceof AtlasTimeoutError
  );
}
