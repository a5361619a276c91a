import type { Peer, PeerStatus } from "../types.js";

/**
 * The state of a peer whatever its cloud: AWS reports `statusName`, Azure and GCP `status`. Read
 * by field rather than by `providerName`, because older answers (documented for API v1.0) omit
 * `providerName` altogether.
 */
export function peerStatus(peer: Peer): PeerStatus | undefined {
  const record = peer as { statusName?: PeerStatus | null; status?: PeerStatus | null };
  return record.statusName ?? record.status ?? undefined;
}
