import type { Requester } from "../client/typed-fetch.js";
import {
  providerResourceApi,
  type ListByProviderOptions,
  type ProviderResourceApi,
} from "../resources/provider-resource-api.js";
import type { Peer, PeerRequest, ProviderName } from "../types.js";
import { waitForPeer, type WaitForOptions } from "./wait-for.js";

/** Options of `peers.list`. */
export interface ListPeersOptions<P extends ProviderName = ProviderName> extends ListByProviderOptions<P> {}

/**
 * The peering connections of a project: `get`, `create`, `update`, `delete`, `list` (see
 * `ProviderResourceApi`), and `waitFor`, which polls a peer until it reaches a state.
 */
export interface PeersApi extends ProviderResourceApi<Peer, PeerRequest> {
  /** Polls a peer until it reaches a state (see `WaitForOptions`); resolves with the peer, or undefined once deleted. */
  waitFor(groupId: string, peerId: string, options?: WaitForOptions): Promise<Peer | undefined>;
}

export function createPeersApi(requester: Requester): PeersApi {
  const { api, requests } = providerResourceApi<Peer, PeerRequest>(requester, {
    noun: "peer",
    collection: "/api/atlas/v2/groups/{groupId}/peers",
    item: "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
    id: "peerId",
    // A peer's state, required in its type (src/types.ts): `statusName` for AWS (and for an answer
    // without `providerName`, which Atlas's v1.0 examples show), `status` for Azure and GCP.
    required: (peer) => [
      peer.providerName === "AZURE" || peer.providerName === "GCP" ? "status" : "statusName",
    ],
  });
  return {
    ...api,
    waitFor: async (groupId, peerId, options = {}) =>
      waitForPeer(requester, requests, groupId, peerId, options),
  };
}
