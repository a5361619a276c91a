import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { checkPageLimit } from "../http/page-limit.js";
import { checkedResource, invalidAnswer, type UntypedOutcome } from "./answers.js";

/** Fetches page `pageNum` of `itemsPerPage` items. */
export type PageFetcher = (page: { pageNum: number; itemsPerPage: number }) => Promise<UntypedOutcome>;

/**
 * Every item of an Atlas paginated listing (`results`, `totalCount`, `pageNum`, `itemsPerPage`),
 * page after page, as one async iterable. Stops after a short page or once `totalCount` items have
 * been seen; a page without a `results` array, an item that is not a resource with an id (`noun`
 * names it), or more pages than any real listing has (a server that keeps answering full pages, or
 * ignores `pageNum`: see checkPageLimit), is an `INVALID_RESPONSE` error, never a silent stop.
 */
export async function* paginate(
  itemsPerPage: number,
  noun: string,
  fetchPage: PageFetcher,
  path: string,
): AsyncGenerator<unknown> {
  if (!Number.isInteger(itemsPerPage) || itemsPerPage < 1 || itemsPerPage > 500)
    throw new AtlasInvalidRequestError("itemsPerPage", "must be an integer from 1 to 500");
  let seen = 0;
  for (let pageNum = 1; ; pageNum += 1) {
    checkPageLimit(pageNum, path);
    const outcome = await fetchPage({ pageNum, itemsPerPage });
    if (outcome.error) throw outcome.error;
    const page = outcome.data as { results?: unknown; totalCount?: unknown } | undefined;
    const results = page?.results;
    if (!Array.isArray(results))
      throw invalidAnswer(outcome.response, "GET", "a page without a results array");
    for (const item of results) yield checkedResource(item, outcome.response, "GET", noun);
    seen += results.length;
    const { totalCount } = page!;
    if (results.length < itemsPerPage || (typeof totalCount === "number" && seen >= totalCount)) return;
  }
}
