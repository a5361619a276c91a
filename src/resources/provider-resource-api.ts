import type { AtlasRequestOptions, PathsWith, Requester } from "../client/typed-fetch.js";
import type { RequestOptions } from "../client/settings.js";
import type { OperationScope } from "../http/operation-scope.js";
import type { ProviderName } from "../types.js";
import { resourceFrom, type ResourceShape, type UntypedOutcome } from "./answers.js";
import { atlasPromise, type AtlasPromise, type WithResponse } from "./atlas-promise.js";
import { paginate } from "./paginate.js";

/**
 * Where a resource lives in the API, checked against the generated paths and their methods: a
 * typo, or an operation MongoDB removes upstream, does not compile (and spec:vendor refuses types
 * that break src/).
 */
export interface ResourceRoutes extends ResourceShape {
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
 * Each call is one operation: its `totalTimeoutMs`, signal and close() bound all of it (a listing:
 * every page).
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

/**
 * A resource's requests inside an operation that is already under way (`ensure`'s list and
 * create, `waitFor`'s polls): they share its scope, deadline and Retry-After.
 */
export interface ResourceRequests {
  get(
    scope: OperationScope,
    options: RequestOptions,
    groupId: string,
    id: string,
  ): Promise<WithResponse<unknown>>;
  create(
    scope: OperationScope,
    options: RequestOptions,
    groupId: string,
    body: unknown,
  ): Promise<WithResponse<unknown>>;
  list(
    scope: OperationScope,
    options: RequestOptions,
    groupId: string,
    query: Record<string, unknown>,
    itemsPerPage: number | undefined,
  ): AsyncGenerator<unknown>;
}

/** The listing of any paginated path of a project (of `noun`s), with extra query parameters, in one scope. */
export async function* listPages(
  requester: Requester,
  scope: OperationScope,
  options: RequestOptions,
  path: PathsWith<"get">,
  shape: ResourceShape,
  groupId: string,
  query: Record<string, unknown>,
  itemsPerPage = 100,
): AsyncGenerator<unknown> {
  yield* paginate(
    itemsPerPage,
    shape,
    (page) =>
      requester.send(
        "GET",
        path,
        { params: { path: { groupId }, query: { ...query, ...page, includeCount: true } } },
        options,
        scope,
      ),
    path.replace("{groupId}", () => groupId),
  );
}

/** A listing as one operation: its scope ends when the listing does (or its consumer stops early). */
export async function* listOperation(
  requester: Requester,
  options: (AtlasRequestOptions & { itemsPerPage?: number | undefined }) | undefined,
  list: (
    scope: OperationScope,
    options: RequestOptions,
    itemsPerPage: number | undefined,
  ) => AsyncGenerator<unknown>,
): AsyncGenerator<unknown> {
  const { itemsPerPage, ...rest } = options ?? {};
  const checked = requester.options(rest);
  const scope = requester.scope(checked);
  try {
    yield* list(scope, checked, itemsPerPage);
  } finally {
    scope.end();
  }
}

/** The helpers of one resource, from its routes: the one piece peers and containers share. */
export function providerResourceApi<Item, Request>(
  requester: Requester,
  routes: ResourceRoutes,
): { api: ProviderResourceApi<Item, Request>; requests: ResourceRequests } {
  const itemParams = (groupId: string, id: string) => ({ path: { groupId, [routes.id]: id } });
  const checked = (outcome: UntypedOutcome, method: string, resource: boolean) => ({
    data: resource ? resourceFrom(outcome, method, routes) : throwIfFailed(outcome),
    response: outcome.response,
  });
  const requests: ResourceRequests = {
    get: async (scope, options, groupId, id) =>
      checked(
        await requester.send("GET", routes.item, { params: itemParams(groupId, id) }, options, scope),
        "GET",
        true,
      ),
    create: async (scope, options, groupId, body) =>
      checked(
        await requester.send(
          "POST",
          routes.collection,
          { params: { path: { groupId } }, body },
          options,
          scope,
        ),
        "POST",
        true,
      ),
    list: (scope, options, groupId, query, itemsPerPage) =>
      listPages(requester, scope, options, routes.collection, routes, groupId, query, itemsPerPage),
  };
  /** One operation of one request, as an AtlasPromise: the checked data and the answer. */
  const single = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    parts: { params: object; body?: unknown },
    options: AtlasRequestOptions | undefined,
    resource: boolean,
  ) =>
    atlasPromise(
      (async () => {
        const checkedOptions = requester.options(options);
        return requester.operation(checkedOptions, async (scope) =>
          checked(await requester.send(method, path, parts, checkedOptions, scope), method, resource),
        );
      })(),
    );
  const api: ProviderResourceApi<unknown, unknown> = {
    get: (groupId, id, options) =>
      single("GET", routes.item, { params: itemParams(groupId, id) }, options, true),
    create: (groupId, body, options) =>
      single("POST", routes.collection, { params: { path: { groupId } }, body }, options, true) as never,
    update: (groupId, id, body, options) =>
      single("PATCH", routes.item, { params: itemParams(groupId, id), body }, options, true) as never,
    delete: (groupId, id, options) =>
      single(
        "DELETE",
        routes.item,
        { params: itemParams(groupId, id) },
        options,
        false,
      ) as AtlasPromise<void>,
    list: (groupId, options) =>
      listOperation(requester, options, (scope, checkedOptions, itemsPerPage) =>
        requests.list(scope, checkedOptions, groupId, { providerName: options?.providerName }, itemsPerPage),
      ) as never,
  };
  return { api: api as ProviderResourceApi<Item, Request>, requests };
}

function throwIfFailed(outcome: UntypedOutcome): undefined {
  if (outcome.error) throw outcome.error;
  return undefined;
}
