/** A helper's data together with the HTTP answer it came from. */
export interface WithResponse<T> {
  /** What `await` on the helper's promise gives. */
  data: T;
  /** The answer as received (status, headers such as `X-Request-Id` or `RateLimit-Remaining`); its body has been read. */
  response: Response;
}

/**
 * What the resource helpers return: a promise of the data, as `await` gives it, plus
 * `withResponse()` for the raw answer beside it, as openai-node and Anthropic's SDK offer:
 * `const { data, response } = await atlas.peers.get(groupId, peerId).withResponse()`.
 * `then`, `catch` and `finally` return plain promises.
 */
export interface AtlasPromise<T> extends Promise<T> {
  /**
   * The data and the HTTP answer. Rejects as the promise itself does (an `AtlasApiError` carries
   * the answer's `status` and `headers`).
   */
  withResponse(): Promise<WithResponse<T>>;
}

/**
 * The data of `answered` as a native promise with `withResponse()` on it. Not a Promise subclass:
 * `await` takes V8's fast path only for native promises, and a subclass measured about 4% more
 * per loopback call (bench/overhead-only.ts).
 */
export function atlasPromise<T>(answered: Promise<WithResponse<T>>): AtlasPromise<T> {
  const data = answered.then((both) => both.data) as AtlasPromise<T>;
  data.withResponse = () => {
    // Whoever asks for the answer handles its failure there: the data's own promise must not
    // then be reported as an unhandled rejection.
    data.catch(() => {});
    return answered;
  };
  return data;
}
