import createClient from "openapi-fetch";
import type { FetchResponse, ParamsOption, RequestBodyOption } from "openapi-fetch";
import type { paths } from "../types.js";
import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
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
  /** Time limit of each attempt of this request (0: none). */
  timeoutMs?: number | undefined;
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
      data: NonNullable<FetchResponse<Operation, {}, `${string}/${string}`>["data"]> | undefined;
      error?: undefined;
      response: Response;
    }
  | { data?: undefined; error: AtlasApiError; response: Response };

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
  GET: AtlasTypedMethod<"get">;
  POST: AtlasTypedMethod<"post">;
  PATCH: AtlasTypedMethod<"patch">;
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
      call.outcome = await sendCall(settings, request, call);
      return alreadyRead;
    }) as unknown as (input: Request) => Promise<Response>,
  });
  const pathParameters = new Map<string, string[]>();

  const method = <M extends HttpMethod>(name: "GET" | "POST" | "PATCH" | "DELETE"): AtlasTypedMethod<M> =>
    (async (path: string, init: UntypedInit) => {
      let names = pathParameters.get(path);
      if (!names)
        pathParameters.set(path, (names = [...path.matchAll(placeholder)].map((match) => match[1]!)));
      checkBeforeSending(name, path, names, init);
      const call: AtlasCall = {
        pathTemplate: path,
        apiVersion: init.apiVersion,
        signal: init.signal,
        timeoutMs: init.timeoutMs,
        outcome: undefined,
      };
      await (openapiFetch[name] as (path: string, init: object) => Promise<unknown>)(path, {
        params: init.params,
        body: init.body,
        headers: init.headers,
        atlasCall: call,
      });
      return call.outcome!;
    }) as unknown as AtlasTypedMethod<M>;

  return { GET: method("GET"), POST: method("POST"), PATCH: method("PATCH"), DELETE: method("DELETE") };
}

type UntypedInit = AtlasRequestOptions & {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
};

/**
 * What must hold before anything is sent: ids that build the URL are Atlas ids (nothing else may
 * end up in the path), create and update carry an object body, per-request options are sane.
 */
function checkBeforeSending(
  method: string,
  path: string,
  pathParameterNames: string[],
  init: UntypedInit,
): void {
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
  if (init.timeoutMs !== undefined && !(Number.isFinite(init.timeoutMs) && init.timeoutMs >= 0)) {
    throw new AtlasInvalidRequestError("timeoutMs", "must be a number of milliseconds, 0 or more");
  }
}
