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
export class AtlasPromise<T> extends Promise<T> {
  /** Derived promises (`then`, `catch`) are plain ones: they carry no answer. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Undefined when built by an inherited static (`AtlasPromise.resolve`, `.all`): no answer there. */
  readonly #answered: Promise<WithResponse<T>> | undefined;

  private constructor(
    executor: (resolve: (value: T) => void, reject: (reason: unknown) => void) => void,
    answered?: Promise<WithResponse<T>>,
  ) {
    super(executor);
    this.#answered = answered;
  }

  /** The data of `answered`, and `answered` itself for `withResponse()`. */
  static from<T>(answered: Promise<WithResponse<T>>): AtlasPromise<T> {
    return new AtlasPromise<T>((resolve, reject) => {
      answered.then((both) => resolve(both.data), reject);
    }, answered);
  }

  /**
   * The data and the HTTP answer. Rejects as the promise itself does (an `AtlasApiError` carries
   * the answer's `status` and `headers`).
   */
  withResponse(): Promise<WithResponse<T>> {
    if (!this.#answered)
      return Promise.reject(new TypeError("withResponse() is for the promises the helpers return"));
    // Whoever asks for the answer handles its failure there: the data's own promise must not
    // then be reported as an unhandled rejection.
    this.catch(() => {});
    return this.#answered;
  }
}
