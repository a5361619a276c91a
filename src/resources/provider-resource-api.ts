import type { AtlasRequestOptions, AtlasTypedFetch, PathsWith } from "../client/typed-fetch.js";
import type { ProviderName } from "../types.js";
import { resourceFrom, type UntypedOutcome } from "./answers.js";
import { paginate } from "./paginate.js";

/**
 * Where a resource lives in the API, checked against the generated paths and their methods: a
 * typo, or an operation MongoDB removes upstream, does not compile (and spec:vendor refuses types
 * that break src/).
 */
export interface ResourceRoutes {
  /** What one item is called in messages, such as `peer`. */
  noun: string;
  /** The collection: GET lists, POST creates. */
  collection: PathsWith<"get"> & PathsWith<"post">;
  /** One item: GET, PATCH, DELETE. */
  item: PathsWith<"get"> & PathsWith<"patch"> & PathsWith<"delete">;
  /** The item path's id parameter, such as `peerId`. */
  id: string;
}

/** Options of a listing by cloud provider. */
export interface ListByProviderOptions<P extends ProviderName = ProviderName> extends AtlasRequestOptions {
  /** Which provider's items to list; Atlas lists AWS's when none is named. */
  providerName?: P | undefined;
  /** Page size, 1 to 500; default 100. */
  itemsPerPage?: number | undefined;
}

/** The member of a union of resources (or request bodies) whose `providerName` is `P`. */
export type OfProvider<Union, P> = Extract<
  Union,
  {
    /** The cloud provider the member is for: `AWS`, `AZURE` or `GCP`. */
    providerName: P;
  }
>;

/**
 * The helpers every resource discriminated by `providerName` has (peers, containers): each returns
 * the data or throws the same `AtlasApiError` the typed fetch would have returned as `error`. Ids
 * are checked (24 hex digits) before anything is sent. A body's `providerName` narrows what comes
 * back: an AWS body gives the AWS type, so its fields need no re-check.
 */
export interface ProviderResourceApi<Item, Request> {
  /** GET one item. */
  get(groupId: string, id: string, options?: AtlasRequestOptions): Promise<Item>;
  /** POST a new item. Not retried after a failure that may have created it (see the README). */
  create<P extends ProviderName>(
    groupId: string,
    body: Request & { providerName: P },
    options?: AtlasRequestOptions,
  ): Promise<OfProvider<Item, P>>;
  /** PATCH: the body holds the item's complete new settings, which is why retrying it is safe. */
  update<P extends ProviderName>(
    groupId: string,
    id: string,
    body: Request & { providerName: P },
    options?: AtlasRequestOptions,
  ): Promise<OfProvider<Item, P>>;
  /** DELETE one item. */
  delete(groupId: string, id: string, options?: AtlasRequestOptions): Promise<void>;
  /** Every item of one provider in the project (AWS unless `providerName` says otherwise), page after page. */
  list<P extends ProviderName = "AWS">(
    groupId: string,
    options?: ListByProviderOptions<P>,
  ): AsyncIterableIterator<OfProvider<Item, P>>;
}

/** The typed fetch as code that works for any route sees it. */
type UntypedFetch = Record<
  "GET" | "POST" | "PATCH" | "DELETE",
  (path: string, init: object) => Promise<UntypedOutcome>
>;

/** The listing of any paginated path of a project (of `noun`s), with extra query parameters. */
export function listPages(
  typedFetch: AtlasTypedFetch,
  path: PathsWith<"get">,
  noun: string,
  groupId: string,
  query: Record<string, unknown>,
  { itemsPerPage = 100, ...options }: AtlasRequestOptions & { itemsPerPage?: number },
): AsyncGenerator<unknown> {
  const untyped = typedFetch as unknown as UntypedFetch;
  return paginate(
    itemsPerPage,
    noun,
    (page) =>
      untyped.GET(path, {
        ...options,
        params: { path: { groupId }, query: { ...query, ...page, includeCount: true } },
      }),
    path.replace("{groupId}", groupId),
  );
}

/** The helpers of one resource, from its routes: the one piece peers and containers share. */
export function providerResourceApi<Item, Request>(
  typedFetch: AtlasTypedFetch,
  routes: ResourceRoutes,
): ProviderResourceApi<Item, Request> {
  const untyped = typedFetch as unknown as UntypedFetch;
  const itemParams = (groupId: string, id: string) => ({ path: { groupId, [routes.id]: id } });
  const api: ProviderResourceApi<unknown, unknown> = {
    async get(groupId, id, options = {}) {
      return resourceFrom(
        await untyped.GET(routes.item, { ...options, params: itemParams(groupId, id) }),
        "GET",
        routes.noun,
      );
    },
    async create(groupId, body, options = {}) {
      const outcome = await untyped.POST(routes.collection, {
        ...options,
        params: { path: { groupId } },
        body,
      });
      return resourceFrom(outcome, "POST", routes.noun) as never;
    },
    async update(groupId, id, body, options = {}) {
      const outcome = await untyped.PATCH(routes.item, { ...options, params: itemParams(groupId, id), body });
      return resourceFrom(outcome, "PATCH", routes.noun) as never;
    },
    async delete(groupId, id, options = {}) {
      const { error } = await untyped.DELETE(routes.item, { ...options, params: itemParams(groupId, id) });
      if (error) throw error;
    },
    list(groupId, { providerName, ...options } = {}) {
      return listPages(
        typedFetch,
        routes.collection,
        routes.noun,
        groupId,
        { providerName },
        options,
      ) as never;
    },
  };
  return api as ProviderResourceApi<Item, Request>;
}
