import { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { checkedResource, invalidAnswer, type ResourceShape, type UntypedOutcome } from "./answers.js";
import { checkPageLimit } from "./page-limit.js";

/** Fetches page `pageNum` of `itemsPerPage` items. */
export type PageFetcher = (page: { pageNum: number; itemsPerPage: number }) => Promise<UntypedOutcome>;

/**
 * Every item of an Atlas paginated listing (`results`, `totalCount`, `pageNum`, `itemsPerPage`),
 * page after page, as one async iterable, each item once. It never stops while the server says
 * more remain (see below), so no item is dropped silently. A listing it cannot trust ends with an
 * `INVALID_RESPONSE` error naming the page, never with duplicates: a page without a `results`
 * array, an item that is not the resource `shape` describes, a page that repeats an id
 * already yielded (a server that ignores `pageNum`, a `totalCount` its pages never reach, a
 * listing that changed under it), or more pages than any real listing has.
 */
export async function* paginate(
  itemsPerPage: number,
  shape: ResourceShape,
  fetchPage: PageFetcher,
  path: string,
): AsyncGenerator<unknown> {
  if (!Number.isInteger(itemsPerPage) || itemsPerPage < 1 || itemsPerPage > 500)
    throw new AtlasInvalidRequestError("itemsPerPage", "must be an integer from 1 to 500");
  const { noun } = shape;
  const seen = new Set<string>();
  for (let pageNum = 1; ; pageNum += 1) {
    checkPageLimit(pageNum, path);
    const outcome = await fetchPage({ pageNum, itemsPerPage });
    if (outcome.error) throw outcome.error;
    const page = outcome.data as { results?: unknown; totalCount?: unknown } | undefined;
    const results = page?.results;
    if (!Array.isArray(results))
      throw invalidAnswer(outcome.response, "GET", `page ${pageNum}: a page without a results array`);
    for (const item of results) {
      const { id } = checkedResource(item, outcome.response, "GET", shape) as { id: string };
      if (seen.has(id))
        throw untrusted(
          path,
          `page ${pageNum} repeats ${noun} ${id.slice(0, 40)}, already listed: the server ignores pageNum, or the listing changed while it was read; list again`,
        );
      seen.add(id);
      yield item;
    }
    // The pages are the truth: the spec calls `totalCount` an estimate ("may not be exact"). A
    // full page, or a short one while the count says more remain (a server that caps its page
    // size), is followed by the next; an empty page, or a short one at the count, ends the
    // listing. A server that keeps answering meets the repeat check or the page limit.
    const totalCount = typeof page!.totalCount === "number" ? page!.totalCount : undefined;
    const more =
      results.length === itemsPerPage ||
      (results.length > 0 && totalCount !== undefined && seen.size < totalCount);
    if (!more) return;
  }
}

function untrusted(path: string, why: string): AtlasApiError {
  return new AtlasApiError({
    status: 200,
    errorCode: "INVALID_RESPONSE",
    method: "GET",
    path,
    retryable: false,
    bodyExcerpt: why,
  });
}
