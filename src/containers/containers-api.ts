import type { AtlasRequestOptions, AtlasTypedFetch } from "../client/typed-fetch.js";
import {
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
   * naming both values: never a silent mismatch, never a second container.
   */
  ensure<P extends ProviderName>(
    groupId: string,
    wanted: ContainerRequest & { providerName: P },
    options?: AtlasRequestOptions,
  ): Promise<OfProvider<Container, P>>;
}

export function createContainersApi(typedFetch: AtlasTypedFetch): ContainersApi {
  const resource = providerResourceApi<Container, ContainerRequest>(typedFetch, {
    noun: "container",
    collection: "/api/atlas/v2/groups/{groupId}/containers",
    item: "/api/atlas/v2/groups/{groupId}/containers/{containerId}",
    id: "containerId",
  });
  return {
    ...resource,
    list: (groupId, { providerName = "AWS" as never, ...options } = {}) =>
      // The spec marks providerName required here (unlike for peers); Atlas's default is AWS.
      resource.list(groupId, { ...options, providerName }) as never,
    listAll: (groupId, options = {}) =>
      listPages(
        typedFetch,
        "/api/atlas/v2/groups/{groupId}/containers/all",
        "container",
        groupId,
        {},
        options,
      ) as never,
    ensure: (groupId, wanted, options) =>
      ensureContainer(resource, groupId, wanted as never, options) as never,
  };
}
