/** What the typed fetch passes through openapi-fetch to the request it builds. */
export interface AtlasCall {
  /** Sends the request openapi-fetch built and keeps the outcome. */
  send(request: {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string | undefined;
  }): Promise<void>;
}

/**
 * What openapi-fetch builds for each call, in place of a WHATWG `Request` (its `Request` option).
 * Constructing an undici `Request` costs more than the rest of a loopback call put together
 * (measured: bare openapi-fetch is about 1.6x a hand-written fetch, mostly for that), and our
 * transport takes the request apart again anyway. This class only holds what openapi-fetch gives.
 */
export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
  readonly signal: AbortSignal | null = null;
  /** The per-call facts the typed fetch passed through openapi-fetch's `init`. */
  readonly atlasCall: AtlasCall | undefined;

  constructor(
    url: string,
    init: { method: string; headers: Headers; body?: string | null; atlasCall?: AtlasCall },
  ) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    this.body = init.body ?? undefined;
    this.atlasCall = init.atlasCall;
  }
}
