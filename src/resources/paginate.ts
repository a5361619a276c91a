import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { checkedResource, invalidAnswer, type UntypedOutcome } from "./answers.js";

/**
 * A server that keeps answering full pages (or ignores `pageNum`) would make a listing endless:
 * 10 000 pages of 500 is far past any project's limits, so a listing that reaches it fails
 * instead of stopping silently with a partial result.
 */
export const maximumPages = 10_000;

/** Fetches page `pageNum` of `itemsPerPage` items. */
export type PageFetcher = (page: { pageNum: number; itemsPerPage: number }) => Promise<UntypedOutcome>;

/**
 * Every item of an Atlas paginated listing (`results`, `totalCount`, `pageNum`, `itemsPerPage`),
 * page after page, as one async iterable. Stops after a short page or once `totalCount` items have
 * been seen; a page without a `results` array, an item that is not a resource with an id (`noun`
 * names it), or more pages than any real listing has, is an `INVALID_RESPONSE` error.
 */
export async function* paginate(
  itemsPerPage: number,
  noun: string,
  fetchPage: PageFetcher,
): AsyncGenerator<unknown> {
  if (!Number.isInteger(itemsPerPage) || itemsPerPage < 1 || itemsPerPage > 500)
    throw new AtlasInvalidRequestError("itemsPerPage", "must be an integer from 1 to 500");
  let seen = 0;
  for (let pageNum = 1; ; pageNum += 1) {
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
    if (pageNum >= maximumPages)
      throw invalidAnswer(outcome.response, "GET", `more than ${maximumPages} full pages`);
  }
}
