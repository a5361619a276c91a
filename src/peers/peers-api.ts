import type { AtlasRequestOptions, AtlasTypedFetch } from "../client/typed-fetch.js";
import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { checkPageLimit } from "../http/page-limit.js";
import type { Peer, PeerRequest, ProviderName } from "../types.js";
import { waitForPeer, type WaitForOptions } from "./wait-for.js";

const collectionPath = "/api/atlas/v2/groups/{groupId}/peers";
const itemPath = "/api/atlas/v2/groups/{groupId}/peers/{peerId}";

/** Options of `peers.list`. */
export interface ListPeersOptions extends AtlasRequestOptions {
  /** Atlas lists AWS peers unless told otherwise: Azure and GCP peers are listed only when asked for. */
  providerName?: ProviderName;
  /** Page size, 1 to 500; default 100. */
  itemsPerPage?: number;
}

/**
 * Resource helpers: each returns the data or throws the same `AtlasApiError` the typed fetch
 * would have returned as `error`. Ids are checked (24 hex digits) before anything is sent.
 */
export interface PeersApi {
  /** GET one peer. */
  get(groupId: string, peerId: string, options?: AtlasRequestOptions): Promise<Peer>;
  /** POST a new peer. Not retried after a failure that may have created it (see the README). */
  create(groupId: string, body: PeerRequest, options?: AtlasRequestOptions): Promise<Peer>;
  /** PATCH: the body holds the peer's complete new settings, which is why retrying it is safe. */
  update(groupId: string, peerId: string, body: PeerRequest, options?: AtlasRequestOptions): Promise<Peer>;
  /** Asks Atlas to delete the peer (202); use `waitFor(..., { until: "deleted" })` to see it gone. */
  delete(groupId: string, peerId: string, options?: AtlasRequestOptions): Promise<void>;
  /** Every peer of the project, page after page, as one async iterable. */
  list(groupId: string, options?: ListPeersOptions): AsyncIterableIterator<Peer>;
  /** Polls a peer until it reaches a state (see `WaitForOptions`); resolves with the peer, or undefined once deleted. */
  waitFor(groupId: string, peerId: string, options?: WaitForOptions): Promise<Peer | undefined>;
}

/** The data of a single-peer answer, or the error: a 2xx without a JSON object is not a peer. */
function peerFrom(
  { data, error, response }: { data?: unknown; error?: AtlasApiError; response: Response },
  method: string,
): Peer {
  if (error) throw error;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw invalidAnswer(response, method, "an answer that is not a peer object");
  return data as Peer;
}

function invalidAnswer(response: Response, method: string, what: string): AtlasApiError {
  const path = response.url ? new URL(response.url).pathname : "";
  return new AtlasApiError({
    status: response.status,
    errorCode: "INVALID_RESPONSE",
    method,
    path,
    retryable: false,
    bodyExcerpt: what,
  });
}

export function createPeersApi(typedFetch: AtlasTypedFetch): PeersApi {
  const peers: PeersApi = {
    async get(groupId, peerId, options = {}) {
      return peerFrom(
        await typedFetch.GET(itemPath, { ...options, params: { path: { groupId, peerId } } }),
        "GET",
      );
    },
    async create(groupId, body, options = {}) {
      return peerFrom(
        await typedFetch.POST(collectionPath, { ...options, params: { path: { groupId } }, body }),
        "POST",
      );
    },
    async update(groupId, peerId, body, options = {}) {
      return peerFrom(
        await typedFetch.PATCH(itemPath, { ...options, params: { path: { groupId, peerId } }, body }),
        "PATCH",
      );
    },
    async delete(groupId, peerId, options = {}) {
      const { error } = await typedFetch.DELETE(itemPath, {
        ...options,
        params: { path: { groupId, peerId } },
      });
      if (error) throw error;
    },
    async *list(groupId, { providerName, itemsPerPage = 100, ...options } = {}) {
      if (!Number.isInteger(itemsPerPage) || itemsPerPage < 1 || itemsPerPage > 500) {
        throw new AtlasInvalidRequestError("itemsPerPage", "must be an integer from 1 to 500");
      }
      let seen = 0;
      for (let pageNum = 1; ; pageNum += 1) {
        checkPageLimit(pageNum, `/api/atlas/v2/groups/${groupId}/peers`);
        const { data, error, response } = await typedFetch.GET(collectionPath, {
          ...options,
          params: { path: { groupId }, query: { providerName, itemsPerPage, pageNum, includeCount: true } },
        });
        if (error) throw error;
        const results: unknown = (data as { results?: unknown } | undefined)?.results;
        if (!Array.isArray(results)) throw invalidAnswer(response, "GET", "a page without a results array");
        yield* results as Peer[];
        seen += results.length;
        const totalCount = (data as { totalCount?: unknown }).totalCount;
        if (results.length < itemsPerPage || (typeof totalCount === "number" && seen >= totalCount)) return;
      }
    },
    waitFor(groupId, peerId, options = {}) {
      return waitForPeer(peers, groupId, peerId, options);
    },
  };
  return peers;
}
