import { AtlasApiError } from "../errors/atlas-api-error.js";

/** 10 000 pages (of up to 500 items) is far past any project's limits; a listing that long does not end. */
export const maximumPages = 10_000;

/**
 * Refuses to fetch page `pageNum` of a listing past `maximumPages`: a server still answering full
 * pages by then is broken or hostile, and stopping quietly would hand the caller part of a list
 * as if it were the whole of it. For every paged listing (`pageNum` counts from 1).
 */
export function checkPageLimit(pageNum: number, path: string): void {
  if (pageNum <= maximumPages) return;
  throw new AtlasApiError({
    status: 200,
    errorCode: "INVALID_RESPONSE",
    method: "GET",
    path,
    retryable: false,
    bodyExcerpt: `still full pages after ${maximumPages} pages: the listing does not end`,
  });
}
