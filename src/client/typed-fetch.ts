import createClient from "openapi-fetch";
import type { FetchResponse, ParamsOption, RequestBodyOption } from "openapi-fetch";
import type { paths } from "../types.js";
import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { isDuration, maximumDurationMs } from "../http/durations.js";
import { checkedHeaders } from "../http/header-values.js";
import { LightRequest } from "../http/light-request.js";
import { sendCall, type AtlasCall, type TransportSettings } from "../http/transport.js";
import { checkAtlasId } from "../resources/atlas-id.js";
import { isApiVersionDate } from "./resolve-options.js";

/** The HTTP methods the peers endpoints use, as the generated paths name them. */
export type HttpMethod = "get" | "post" | "patch" | "delete";

/** The paths that have an operation for `method`. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: NonNullable<paths[P][M]> extends never ? never : P;
}[keyof paths];

/** Per-request options of the typed fetch, besides the operation's `params` and `body`. */
export interface AtlasRequestOptions {
  /** Atlas API version date for this request's `Accept` header, e.g. `"2023-01-01"`. */
  apiVersion?: string | undefined;
  /** Ends the call at once, retries included; the promise rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time limit of each attempt of this request, 0 to 86 400 000 ms (0: none); replaces the client's. */
  timeoutMs?: number | undefined;
  /**
   * Time limit of this whole call, 0 to 86 400 000 ms (0: none): attempts, waits between them,
   * token requests and digest challenges included. The earlier of this and the client's applies.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries of this call, 0 to 10; replaces the client's `maxRetries` (which retries are made: see the README). */
  maxRetries?: number | undefined;
  /** Extra headers. `Accept`, `Content-Type`, `User-Agent` and `Authorization` are the client's. */
  headers?: Record<string, string> | undefined;
}

/** The second argument of a typed-fetch call: the operation's `params` and `body`, plus `AtlasRequestOptions`. */
export type AtlasFetchInit<Operation> = ParamsOption<Operation> &
  RequestBodyOption<Operation> &
  AtlasRequestOptions;

/**
 * The result of a typed-fetch call: `data` for a 2xx answer, otherwise `error`, an
 * `AtlasApiError` (also for a 200 whose envelope carries an error). `response` is the HTTP
 * response as received; its body has already been read.
 */
export type AtlasFetchResult<Operation extends Record<string | number, any>> =
  | {
      /** The answer's body as the operation's 2xx schema types it; `undefined` for a 204 (a deleted container). */
      data: NonNullable<FetchResponse<Operation, {}, `${string}/${string}`>["data"]> | undefined;
      /** Absent on success: check `error` first, and `data` is narrowed. */
      error?: undefined;
      /** The HTTP response as received (status, headers such as `X-Request-Id`); its body is already read. */
      response: Response;
    }
  | {
      /** Absent on failure. */
      data?: undefined;
      /** What went wrong, as Atlas said it: the same `AtlasApiError` the helpers throw. */
      error: AtlasApiError;
      /** The HTTP response as received (for an envelope, the 200 that carried the error); its body is already read. */
      response: Response;
    };

/** One method of the typed fetch (`GET`, `POST`, `PATCH`, `DELETE`). */
export type AtlasTypedMethod<M extends HttpMethod> = <P extends PathsWith<M>>(
  path: P,
  init: AtlasFetchInit<paths[P][M]>,
) => Promise<AtlasFetchResult<NonNullable<paths[P][M]>>>;

/**
 * openapi-fetch's typed `GET`/`POST`/`PATCH`/`DELETE` over the generated paths. openapi-fetch builds
 * the URL and serializes the query and the body; the transport does the rest. Answers from Atlas
 * come back as `{ data }` or `{ error }`; the promise rejects only when there is no answer
 * (`AtlasConnectionError`, `AtlasTimeoutError`, the caller's abort), when authentication cannot be
 * set up (`AtlasAuthenticationError`), or when the request is refused before sending
 * (`AtlasInvalidRequestError`).
 */
export interface AtlasTypedFetch {
  /**
   * Reads one peer or container, or a page of a listing. Retried (up to `maxRetries`) after a 429,
   * 502, 503 or 504, a lost or refused connection, or a timed-out attempt.
   */
  GET: AtlasTypedMethod<"get">;
  /**
   * Creates a peer or a container. Retried only after a 429, a refused connection or a failed DNS
   * lookup, when nothing reached Atlas or Atlas executed nothing: after a 5xx, a reset or a timeout,
   * Atlas may have created it.
   */
  POST: AtlasTypedMethod<"post">;
  /** Updates a peer or a container with its complete new settings; retried like `GET`, which is safe for such a body. */
  PATCH: AtlasTypedMethod<"patch">;
  /** Deletes a peer or a container; retried like `GET`. */
  DELETE: AtlasTypedMethod<"delete">;
}

/**
 * openapi-fetch reads no body of this answer: the transport has read the real one already, and
 * leaves its outcome on the call. Status 204 is openapi-fetch's cue to return without reading.
 */
const alreadyRead = { status: 204, ok: true, headers: new Headers() } as unknown as Response;
const placeholder = /\{([^}]+)\}/g;

export function createTypedFetch(settings: TransportSettings): AtlasTypedFetch {
  const openapiFetch = createClient<paths>({
    baseUrl: settings.baseUrl,
    Request: LightRequest as unknown as typeof Request,
    fetch: (async (request: LightRequest) => {
      const call = request.atlasCall!;
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const { url, method, body } = request;
      call.outcome = await sendCall(settings, { url, method, headers, body }, call);
      return alreadyRead;
    }) as unknown as (input: Request) => Promise<Response>,
  });
  const templates = new Map<string, PathTemplate>();

  // Not an async function: the common path hands back the transport's own promise, one promise
  // fewer per call (each costs a little on a loopback call); a refused request still rejects.
  const method = <M extends HttpMethod>(name: "GET" | "POST" | "PATCH" | "DELETE"): AtlasTypedMethod<M> =>
    ((path: string, init: UntypedInit) => {
      try {
        return send(name, path, init);
      } catch (error) {
        return Promise.reject(error);
      }
    }) as unknown as AtlasTypedMethod<M>;

  const send = (name: "GET" | "POST" | "PATCH" | "DELETE", path: string, init: UntypedInit) => {
    let template = templates.get(path);
    if (!template) templates.set(path, (template = pathTemplate(path)));
    const headers = checkBeforeSending(name, path, template.names, init);
    const call: AtlasCall = {
      pathTemplate: path,
      apiVersion: init.apiVersion,
      signal: init.signal,
      timeoutMs: init.timeoutMs,
      totalTimeoutMs: init.totalTimeoutMs,
      maxRetries: init.maxRetries,
      outcome: undefined,
    };
    if (init.params?.query === undefined && headers === undefined) {
      // Path parameters only (get, update, delete): the URL is the template with the checked
      // ids (24 hex digits, nothing to encode) and the body its JSON, exactly what openapi-fetch
      // builds, without the Headers objects and serializers it builds per call (measured: a
      // third of this client's own cost per call).
      const url = settings.baseUrl + template.expand(init.params?.path);
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      return sendCall(settings, { url, method: name, headers: undefined, body }, call);
    }
    return (openapiFetch[name] as (path: string, init: object) => Promise<unknown>)(path, {
      params: init.params,
      body: init.body,
      headers,
      atlasCall: call,
    }).then(() => call.outcome!);
  };

  return { GET: method("GET"), POST: method("POST"), PATCH: method("PATCH"), DELETE: method("DELETE") };
}

type UntypedInit = AtlasRequestOptions & {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
};

/** An OpenAPI path split at its `{placeholders}`, and the names of those. */
interface PathTemplate {
  names: string[];
  expand(values: Record<string, unknown> | undefined): string;
}

function pathTemplate(path: string): PathTemplate {
  const names = [...path.matchAll(placeholder)].map((match) => match[1]!);
  const parts = path.split(placeholder).filter((_, index) => index % 2 === 0);
  return {
    names,
    expand(values) {
      let url = parts[0]!;
      for (let index = 0; index < names.length; index += 1)
        url += String(values![names[index]!]) + parts[index + 1]!;
      return url;
    },
  };
}

/**
 * What must hold before anything is sent: ids that build the URL are Atlas ids (nothing else may
 * end up in the path), create and update carry an object body, per-request options are checked as
 * the client's are (a value that would become a 1 ms timer, a header fetch would refuse with a
 * message quoting it).
 */
function checkBeforeSending(
  method: string,
  path: string,
  pathParameterNames: string[],
  init: UntypedInit,
): Record<string, string> | undefined {
  if (typeof init !== "object" || init === null)
    throw new AtlasInvalidRequestError("init", "must be an object with params");
  for (const name of pathParameterNames) checkAtlasId(init.params?.path?.[name], name);
  if (
    (method === "POST" || method === "PATCH") &&
    (typeof init.body !== "object" || init.body === null || Array.isArray(init.body))
  ) {
    throw new AtlasInvalidRequestError("body", `${method} ${path} needs a JSON object body`);
  }
  if (init.apiVersion !== undefined && !isApiVersionDate(init.apiVersion)) {
    throw new AtlasInvalidRequestError(
      "apiVersion",
      'must be an Atlas API version date such as "2023-01-01"',
    );
  }
  for (const option of ["timeoutMs", "totalTimeoutMs"] as const) {
    if (init[option] !== undefined && !isDuration(init[option]))
      throw new AtlasInvalidRequestError(
        option,
        `must be a number from 0 to ${maximumDurationMs} (milliseconds)`,
      );
  }
  if (
    init.maxRetries !== undefined &&
    (!Number.isInteger(init.maxRetries) || init.maxRetries < 0 || init.maxRetries > 10)
  )
    throw new AtlasInvalidRequestError("maxRetries", "must be an integer from 0 to 10");
  // What fetch (undici) accepts, polyfilled signals included.
  const signal = init.signal as { aborted?: unknown; addEventListener?: unknown } | undefined;
  if (
    signal !== undefined &&
    (typeof signal?.aborted !== "boolean" || typeof signal.addEventListener !== "function")
  )
    throw new AtlasInvalidRequestError("signal", "must be an AbortSignal");
  // The checked copy is what is sent (see checkedHeaders).
  return init.headers === undefined ? undefined : checkedHeaders(init.headers, "headers");
}
