import type { AtlasRequestOptions, Requester } from "../client/typed-fetch.js";
import {
  listOperation,
  listPages,
  providerResourceApi,
  type ListByProviderOptions,
  type OfProvider,
  type ProviderResourceApi,
} from "../resources/provider-resource-api.js";
import type { Container, ContainerRequest, ProviderName } from "../types.js";
import { ensureContainer } from "./ensure-container.js";

/** Options of `containers.list`. */
export interface ListContainersOptions<P extends ProviderName = ProviderName>
  extends ListByProviderOptions<P> {}

/** Options of `containers.listAll`. */
export interface ListAllContainersOptions extends AtlasRequestOptions {
  /** Page size, 1 to 500; default 100. */
  itemsPerPage?: number | undefined;
}

/**
 * The network peering containers of a project, where its peers live: `get`, `create`, `update`,
 * `delete`, `list` (see `ProviderResourceApi`), `listAll`, and `ensure`.
 */
export interface ContainersApi extends ProviderResourceApi<Container, ContainerRequest> {
  /** Every container of the project, whatever its provider (`GET /containers/all`), page after page. */
  listAll(groupId: string, options?: ListAllContainersOptions): AsyncIterableIterator<Container>;
  /**
   * The project's container for that provider and region (`regionName` for AWS, `region` for
   * Azure; GCP has one per project), created when missing. An existing one whose `atlasCidrBlock`
   * differs, or a GCP one that lacks a requested region, is an `AtlasContainerMismatchError`
   * naming both values: never a silent mismatch, never a second container. One operation: its
   * `totalTimeoutMs` bounds the listing and the create together.
   */
  ensure<P extends ProviderName>(
    groupId: string,
    wanted: ContainerRequest & { providerName: P },
    options?: AtlasRequestOptions,
  ): Promise<OfProvider<Container, P>>;
}

const allContainers = "/api/atlas/v2/groups/{groupId}/containers/all";

export function createContainersApi(requester: Requester): ContainersApi {
  const { api, requests } = providerResourceApi<Container, ContainerRequest>(requester, {
    noun: "container",
    collection: "/api/atlas/v2/groups/{groupId}/containers",
    item: "/api/atlas/v2/groups/{groupId}/containers/{containerId}",
    id: "containerId",
  });
  return {
    ...api,
    list: (groupId, { providerName = "AWS" as never, ...options } = {}) =>
      // The spec marks providerName required here (unlike for peers); Atlas's default is AWS.
      api.list(groupId, { ...options, providerName }) as never,
    listAll: (groupId, options) =>
      listOperation(requester, options, (scope, checked, itemsPerPage) =>
        listPages(requester, scope, checked, allContainers, { noun: "container" }, groupId, {}, itemsPerPage),
      ) as never,
    ensure: async (groupId, wanted, options) =>
      ensureContainer(requester, requests, groupId, wanted as never, options) as never,
  };
}
