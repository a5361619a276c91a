/**
 * A server that lives in the test's own process: a `fetch` to inject into the client, answering
 * through `handler`, recording every request. No sockets, so a test decides exactly when an answer
 * comes (a handler may return a promise the test resolves later) and, with a VirtualClock,
 * thousands of runs take seconds.
 *
 * It behaves like undici where the client depends on it: the request's AbortSignal rejects a
 * pending answer with the signal's reason and errors a body being read; header values are checked
 * as undici checks them, with undici's messages (one of which quotes the value).
 */
export interface SeenRequest {
  /** 1, 2, 3...: the order in which requests reached the server. */
  id: number;
  method: string;
  url: string;
  /** The path without the query. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** `performance.now()` when it arrived (virtual time under a VirtualClock). */
  at: number;
  signal: AbortSignal | undefined;
}

export type Handler = (request: SeenRequest) => Response | Promise<Response>;

export interface InProcessServer {
  fetch: typeof globalThis.fetch;
  requests: SeenRequest[];
  /** Changes how the next requests are answered. */
  handle(handler: Handler): void;
}

export function inProcessServer(handler: Handler): InProcessServer {
  const requests: SeenRequest[] = [];
  let current = handler;
  const fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const headers = headerRecord(init.headers);
    const url = String(input);
    const request: SeenRequest = {
      id: requests.length + 1,
      method: init.method ?? "GET",
      url,
      path: new URL(url).pathname,
      headers,
      body: typeof init.body === "string" ? init.body : undefined,
      at: performance.now(),
      signal,
    };
    requests.push(request);
    const answer = await abortable(
      Promise.resolve().then(() => current(request)),
      signal,
    );
    return signal ? withAbortableBody(answer, signal) : answer;
  }) as typeof globalThis.fetch;
  return { fetch, requests, handle: (next) => (current = next) };
}

/** Plain, lower-cased headers, refused as undici refuses them. */
function headerRecord(headers: RequestInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  const entries: Array<[string, string]> =
    headers instanceof Headers
      ? [...headers.entries()]
      : Array.isArray(headers)
        ? (headers as Array<[string, string]>)
        : Object.entries((headers ?? {}) as Record<string, string>);
  for (const [name, value] of entries) {
    if (/[\r\n\0]/.test(value)) throw new TypeError(`Headers.append: "${value}" is an invalid header value.`);
    for (let index = 0; index < value.length; index += 1)
      if (value.charCodeAt(index) > 255)
        throw new TypeError(
          `Cannot convert argument to a ByteString because the character at index ${index} has a value of ${value.charCodeAt(index)} which is greater than 255.`,
        );
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value))
      throw new TypeError("fetch failed", { cause: new Error(`invalid ${name} header`) });
    record[name.toLowerCase()] = value;
  }
  return record;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The same answer, whose body errors with the signal's reason once the signal aborts (as undici's does). */
function withAbortableBody(response: Response, signal: AbortSignal): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (signal.aborted) {
        void reader.cancel().catch(() => {});
        controller.error(signal.reason);
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/** A promise and the functions that settle it, for answers a test releases when it chooses. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
