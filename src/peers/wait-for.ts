import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import { AtlasPeerFailedError, AtlasWaitTimeoutError } from "../errors/wait-errors.js";
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
  /** Give up after this long (`AtlasWaitTimeoutError`); default 30 minutes. */
  timeoutMs?: number | undefined;
  /** Time between polls; default 10 s. */
  intervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

const failedStates = new Set<PeerStatus>(["FAILED", "DELETION_FAILED"]);
const userActionStates = new Set<PeerStatus>(["PENDING_ACCEPTANCE", "WAITING_FOR_USER", "AVAILABLE"]);

/**
 * Polls a peer's state. Transient trouble while polling (a 429 or 5xx that outlived the client's
 * retries, a lost connection, a timed-out attempt) does not end a wait that may take half an hour:
 * the next poll tries again. Anything else (403, 404 while not waiting for deletion) ends it.
 */
export async function waitForPeer(
  peers: Pick<ProviderResourceApi<Peer, unknown>, "get">,
  groupId: string,
  peerId: string,
  options: WaitForOptions,
  clientTimeoutMs: number,
): Promise<Peer | undefined> {
  const { until = "available", timeoutMs = 30 * 60_000, intervalMs = 10_000, signal } = options;
  if (!["available", "userAction", "deleted"].includes(until))
    throw new AtlasInvalidRequestError("until", 'must be "available", "userAction" or "deleted"');
  if (!(timeoutMs > 0) || !(intervalMs >= 0))
    throw new AtlasInvalidRequestError("timeoutMs", "timeoutMs must be positive and intervalMs not negative");
  const deadline = Date.now() + timeoutMs;
  let lastStatus: PeerStatus | "unknown" = "unknown";

  for (;;) {
    const remaining = deadline - Date.now();
    try {
      const peer = await peers.get(groupId, peerId, {
        signal,
        timeoutMs: Math.max(1, Math.min(clientTimeoutMs, remaining)),
      });
      const status = peerStatus(peer);
      lastStatus = status ?? "unknown";
      if (status && failedStates.has(status)) throw new AtlasPeerFailedError(peerId, status, peer);
      if (until === "available" && status === "AVAILABLE") return peer;
      if (until === "userAction" && status && userActionStates.has(status)) return peer;
    } catch (error) {
      if (until === "deleted" && error instanceof AtlasApiError && error.status === 404) return undefined;
      if (!isTransient(error)) throw error;
    }
    if (Date.now() + intervalMs >= deadline)
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
