import type { AtlasOperation, Requester } from "../client/typed-fetch.js";
import { checkDurationOption } from "../client/settings.js";
import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import { AtlasPeerFailedError, AtlasWaitTimeoutError } from "../errors/wait-errors.js";
import type { ResourceRequests } from "../resources/provider-resource-api.js";
import type { Peer, PeerStatus } from "../types.js";
import { peerStatus } from "./peer-status.js";

/** Options of `peers.waitFor`. */
export interface WaitForOptions {
  /**
   * - `"available"` (default): AVAILABLE.
   * - `"userAction"`: the first state that waits on your side of the cloud: PENDING_ACCEPTANCE (AWS:
   *   accept the peering request in your VPC) or WAITING_FOR_USER (GCP: create the peering from your
   *   network); AVAILABLE also ends the wait.
   * - `"deleted"`: the peer is gone (Atlas answers 404). A FAILED peer being deleted is waited for;
   *   DELETION_FAILED ends the wait.
   */
  until?: "available" | "userAction" | "deleted" | undefined;
  /**
   * Give up after this long (`AtlasWaitTimeoutError`); default 30 minutes, at most a day. It is the
   * wait's one deadline: every poll, its attempts and retries, token requests, the pauses between
   * polls, and a `Retry-After` Atlas asks for (one that ends past it ends the wait at once).
   */
  timeoutMs?: number | undefined;
  /** Time between polls; default 10 s, at most a day. */
  intervalMs?: number | undefined;
  /** Ends the wait at once, in a poll or a pause between polls: `waitFor` rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** An operation of this client the wait runs inside (`atlas.operation()`): its deadline and signal bound the wait too. */
  operation?: AtlasOperation | undefined;
}

const userActionStates = new Set<PeerStatus>(["PENDING_ACCEPTANCE", "WAITING_FOR_USER", "AVAILABLE"]);

/**
 * Polls a peer's state, as one operation: its `timeoutMs` is the deadline of everything in it, and
 * the caller's signal and close() end it wherever it is (a poll, the pause between polls).
 * Transient trouble while polling (a 429 or 5xx that outlived the client's retries, a lost
 * connection, a timed-out attempt) does not end a wait that may take half an hour: the next poll
 * tries again, after any `Retry-After` Atlas gave. Anything else (403, 404 while not waiting for
 * deletion) ends it.
 */
export async function waitForPeer(
  requester: Requester,
  peers: ResourceRequests,
  groupId: string,
  peerId: string,
  options: WaitForOptions,
): Promise<Peer | undefined> {
  if (typeof options !== "object" || options === null)
    throw new AtlasInvalidRequestError("options", "must be an object of wait options");
  const { until = "available", timeoutMs = 30 * 60_000, intervalMs = 10_000 } = options;
  if (!["available", "userAction", "deleted"].includes(until))
    throw new AtlasInvalidRequestError("until", 'must be "available", "userAction" or "deleted"');
  checkDurationOption(timeoutMs, "timeoutMs", 1);
  checkDurationOption(intervalMs, "intervalMs");
  const request = requester.options({ signal: options.signal, operation: options.operation });
  const failedStates = new Set<PeerStatus>(
    until === "deleted" ? ["DELETION_FAILED"] : ["FAILED", "DELETION_FAILED"],
  );
  let lastStatus: PeerStatus | "unknown" = "unknown";

  return requester.operation(
    request,
    async (scope) => {
      for (;;) {
        try {
          const { data } = await peers.get(scope, request, groupId, peerId);
          const peer = data as Peer;
          const status = peerStatus(peer);
          lastStatus = status ?? "unknown";
          if (status && failedStates.has(status)) throw new AtlasPeerFailedError(peerId, status, peer);
          if (until === "available" && status === "AVAILABLE") return peer;
          if (until === "userAction" && status && userActionStates.has(status)) return peer;
        } catch (error) {
          if (until === "deleted" && error instanceof AtlasApiError && error.status === 404) return undefined;
          if (!isTransient(error)) throw error;
        }
        // The next poll (after the interval, and after any Retry-After Atlas gave) would come
        // after the deadline: the wait ends now.
        if (Math.max(intervalMs, scope.notBefore - performance.now()) >= scope.remainingMs())
          throw scope.deadlineError();
        await scope.sleep(intervalMs);
      }
    },
    {
      totalTimeoutMs: timeoutMs,
      deadlineError: () => new AtlasWaitTimeoutError(peerId, until, timeoutMs, lastStatus),
    },
  );
}

function isTransient(error: unknown): boolean {
  return (
    (error instanceof AtlasApiError && error.retryable) ||
    error instanceof AtlasConnectionError ||
    (error instanceof AtlasTimeoutError && error.scope === "attempt")
  );
}
