/** What one operation of the local Atlas produced: a body, a page of a listing, or an Atlas error. */
export type OperationResult =
  | { status: number; body: unknown; list?: false }
  | {
      status: 200;
      body: { results: unknown[]; totalCount?: number; links: Array<{ href: string; rel: string }> };
      list: true;
    }
  | {
      status: number;
      error: {
        errorCode: string;
        detail: string;
        parameters?: unknown[];
        badRequestDetail?: { fields: Array<{ field: string; description: string }> };
      };
    };

/** An Atlas error result. */
export function failure(
  status: number,
  errorCode: string,
  detail: string,
  extra: { parameters?: unknown[]; field?: string } = {},
): OperationResult {
  const error: Extract<OperationResult, { error: unknown }>["error"] = { errorCode, detail };
  if (extra.parameters) error.parameters = extra.parameters;
  if (extra.field) error.badRequestDetail = { fields: [{ field: extra.field, description: detail }] };
  return { status, error };
}

/** A PATCH that names another provider than the resource's: Atlas does not move a resource between clouds. */
export function providerCannotChange(what: "peer" | "container", current: string): OperationResult {
  return failure(400, "VALIDATION_ERROR", `The ${what} is ${current}; providerName cannot change.`, {
    field: "providerName",
  });
}

/**
 * One page of a listing as Atlas pages it: `itemsPerPage` (default 100) and `pageNum` (default 1)
 * from the query, `totalCount` unless `includeCount=false`, and self/previous/next links.
 */
export function pageOf(
  all: unknown[],
  query: URLSearchParams,
  hrefFor: (pageNum: number, itemsPerPage: number) => string,
): OperationResult {
  const itemsPerPage = Number(query.get("itemsPerPage") ?? 100);
  const pageNum = Number(query.get("pageNum") ?? 1);
  const includeCount = query.get("includeCount") !== "false";
  const results = all.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage);
  const links = [{ href: hrefFor(pageNum, itemsPerPage), rel: "self" }];
  if (pageNum > 1) links.push({ href: hrefFor(pageNum - 1, itemsPerPage), rel: "previous" });
  if (pageNum * itemsPerPage < all.length)
    links.push({ href: hrefFor(pageNum + 1, itemsPerPage), rel: "next" });
  return {
    status: 200,
    list: true,
    body: includeCount ? { links, results, totalCount: all.length } : { links, results },
  };
}
