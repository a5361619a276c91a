import type { AtlasRequestOptions, AtlasTypedFetch, PathsWith } from "../client/typed-fetch.js";
import type { ProviderName } from "../types.js";
import { resourceFrom, type UntypedOutcome } from "./answers.js";
import { atlasPromise, type AtlasPromise } from "./atlas-promise.js";
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
 * back: an AWS body gives the AWS type, so its fields need no re-check. `get`, `create`, `update`
 * and `delete` return an `AtlasPromise`: `.withResponse()` gives the HTTP answer beside the data.
 */
export interface ProviderResourceApi<Item, Request> {
  /** GET one item. */
  get(groupId: string, id: string, options?: AtlasRequestOptions): AtlasPromise<Item>;
  /** POST a new item. Not retried after a failure that may have created it (see the README). */
  create<P extends ProviderName>(
    groupId: string,
    body: Request & { providerName: P },
    options?: AtlasRequestOptions,
  ): AtlasPromise<OfProvider<Item, P>>;
  /** PATCH: the body holds the item's complete new settings, which is why retrying it is safe. */
  update<P extends ProviderName>(
    groupId: string,
    id: string,
    body: Request & { providerName: P },
    options?: AtlasRequestOptions,
  ): AtlasPromise<OfProvider<Item, P>>;
  /** DELETE one item. */
  delete(groupId: string, id: string, options?: AtlasRequestOptions): AtlasPromise<void>;
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
  /** The checked resource of an answer (or nothing, for delete), with the answer. */
  const answered = (outcome: Promise<UntypedOutcome>, method: string, resource = true) =>
    atlasPromise(
      outcome.then((result) => ({
        data: resource ? resourceFrom(result, method, routes.noun) : throwIfFailed(result),
        response: result.response,
      })),
    );
  const api: ProviderResourceApi<unknown, unknown> = {
    get: (groupId, id, options = {}) =>
      answered(untyped.GET(routes.item, { ...options, params: itemParams(groupId, id) }), "GET"),
    create: (groupId, body, options = {}) =>
      answered(
        untyped.POST(routes.collection, { ...options, params: { path: { groupId } }, body }),
        "POST",
      ) as never,
    update: (groupId, id, body, options = {}) =>
      answered(
        untyped.PATCH(routes.item, { ...options, params: itemParams(groupId, id), body }),
        "PATCH",
      ) as never,
    delete: (groupId, id, options = {}) =>
      answered(
        untyped.DELETE(routes.item, { ...options, params: itemParams(groupId, id) }),
        "DELETE",
        false,
      ) as AtlasPromise<void>,
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

function throwIfFailed(outcome: UntypedOutcome): undefined {
  if (outcome.error) throw outcome.error;
  return undefined;
}
