import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  type FetchResponse,
  type ParamsOption,
  type RequestBodyOption,
} from "openapi-fetch";
import type { paths } from "../types.js";
import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { sendApiRequest, type CallOutcome } from "../http/api-call.js";
import { OperationScope, type OperationLimits } from "../http/operation-scope.js";
import type { ClientContext } from "../http/settings.js";
import { checkAtlasId } from "./atlas-id.js";
import { checkRequestOptions, type RequestOptions } from "./settings.js";

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
   * token requests and digest challenges included; for a listing, every page; for `ensure`, its
   * list and create. The earlier of this and the client's applies.
   */
  totalTimeoutMs?: number | undefined;
  /** Retries of this call, 0 to 10; replaces the client's `maxRetries` (which retries are made: see the README). */
  maxRetries?: number | undefined;
  /** Extra headers. `Accept`, `Content-Type`, `User-Agent` and `Authorization` are the client's. */
  headers?: Record<string, string> | undefined;
  /**
   * An operation of this client (`atlas.operation(...)`) this call runs inside: its deadline, its
   * signal and the Retry-After its calls were given bound this call too, as its own limits do.
   */
  operation?: AtlasOperation | undefined;
}

/** Options of `atlas.operation()`. */
export interface AtlasOperationOptions {
  /** Ends the operation, and every call in it, at once: they reject with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time limit of the whole operation, 0 to 86 400 000 ms (0: none): every call in it, waits included. */
  totalTimeoutMs?: number | undefined;
  /** What its calls reject with when its deadline passes; default an `AtlasTimeoutError` naming the request under way. */
  deadlineError?: (() => Error) | undefined;
}

/**
 * Several calls under one deadline and one signal (`atlas.operation({ totalTimeoutMs })`), each
 * given it as its `operation` option (and `peers.waitFor` too): what one call waits for (a backoff,
 * a token, a `Retry-After` Atlas asked for) counts against the same deadline as the next. `end()`
 * releases its timer; calls still in it go on within their own limits.
 */
export interface AtlasOperation {
  /** Aborts when the operation must stop: its deadline, its caller's signal, or the client's close(). */
  readonly signal: AbortSignal;
  /** Milliseconds left before its deadline: Infinity without one, 0 once passed. */
  remainingMs(): number;
  /** Releases its timer and listeners. Safe to call twice. */
  end(): void;
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

/** openapi-fetch's query serializer (form style, arrays exploded), built once. */
const querySerializer = createQuerySerializer();

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** A request's `params` and `body`, as the typed fetch and the helpers give them. */
export interface RequestParts {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> } | undefined;
  body?: unknown;
}

/**
 * What the helpers send requests with: operations under one scope each (a listing and its pages,
 * `ensure`'s list and create, every poll of `waitFor`), each request of one through the same path
 * the typed fetch takes.
 */
export interface Requester {
  /** Checks per-request options (the client's checks) before anything is sent. */
  options(options: AtlasRequestOptions | undefined): RequestOptions;
  /** Begins an operation several calls can run inside (`atlas.operation`). */
  begin(options: AtlasOperationOptions | undefined): AtlasOperation;
  /** Runs `work` under one operation scope built from the request options (and `limits`); ends the scope after. */
  operation<T>(
    options: RequestOptions,
    work: (scope: OperationScope) => Promise<T>,
    limits?: Partial<OperationLimits>,
  ): Promise<T>;
  /** A new scope for an operation that ends it itself (a listing, which ends when its consumer stops). */
  scope(options: RequestOptions, limits?: Partial<OperationLimits>): OperationScope;
  /** One request of an operation. */
  send(
    method: Method,
    path: string,
    parts: RequestParts,
    options: RequestOptions,
    scope: OperationScope,
  ): Promise<CallOutcome>;
}

/**
 * openapi-fetch's typed `GET`/`POST`/`PATCH`/`DELETE` over the generated paths, and the requester
 * the helpers share with it. openapi-fetch's own serializers build every URL, query and body (the
 * one URL builder: `createFinalURL` with its path and query serializers, and its body
 * serializer); the exchange sends the request (the one place requests leave the process) and
 * reads the answer. openapi-fetch's `createClient` is not used: it builds an undici `Request` and
 * `Headers` per call, only for the exchange to take them apart again. Each typed-fetch call is an
 * operation of its own.
 */
export function createTypedFetch(context: ClientContext): {
  typedFetch: AtlasTypedFetch;
  requester: Requester;
} {
  const { baseUrl } = context.settings;

  /** The scopes behind this client's `AtlasOperation`s: a call names one by its handle. */
  const operations = new WeakMap<object, OperationScope>();
  const scope = (options: RequestOptions, limits: Partial<OperationLimits> = {}) =>
    new OperationScope({
      signal: options.signal,
      totalTimeoutMs: earliest(context.settings.totalTimeoutMs, options.totalTimeoutMs ?? 0),
      lifetime: context.lifetime,
      parent: options.operation === undefined ? undefined : operations.get(options.operation),
      ...limits,
    });

  const requester: Requester = {
    options(options) {
      const checked = checkRequestOptions(options ?? {});
      if (checked.operation !== undefined && !operations.has(checked.operation))
        throw new AtlasInvalidRequestError(
          "operation",
          "must be an operation of this client (atlas.operation())",
        );
      return checked;
    },
    begin(options = {}) {
      const checked = checkRequestOptions({ signal: options.signal, totalTimeoutMs: options.totalTimeoutMs });
      if (options.deadlineError !== undefined && typeof options.deadlineError !== "function")
        throw new AtlasInvalidRequestError("deadlineError", "must be a function that returns an Error");
      // Not bound by the client's totalTimeoutMs: that bounds each call in it.
      const operationScope = new OperationScope({
        signal: checked.signal,
        totalTimeoutMs: checked.totalTimeoutMs ?? 0,
        lifetime: context.lifetime,
        deadlineError: options.deadlineError,
      });
      const handle: AtlasOperation = {
        get signal() {
          return operationScope.signal;
        },
        remainingMs: () => (operationScope.stopReason() === undefined ? operationScope.remainingMs() : 0),
        end: () => operationScope.end(),
      };
      operations.set(handle, operationScope);
      return handle;
    },
    scope,
    async operation(options, work, limits) {
      const operationScope = scope(options, limits);
      try {
        return await work(operationScope);
      } finally {
        operationScope.end();
      }
    },
    async send(method, path, parts, options, operationScope) {
      checkParts(method, path, parts);
      const params = parts.params ?? {};
      const url = createFinalURL(path, {
        baseUrl,
        params,
        querySerializer,
        pathSerializer: defaultPathSerializer,
      });
      let body: string | undefined;
      if (parts.body !== undefined) {
        try {
          body = defaultBodySerializer(parts.body);
        } catch {
          // A body JSON cannot hold (a BigInt, a cycle): nothing is sent.
          throw new AtlasInvalidRequestError(
            "body",
            "cannot be sent as JSON (a BigInt, a cycle?); nothing was sent",
          );
        }
      }
      return sendApiRequest(
        context,
        {
          method,
          url,
          headers: options.headers,
          body,
          operation: path,
          apiVersion: options.apiVersion,
          timeoutMs: options.timeoutMs,
          maxRetries: options.maxRetries,
        },
        operationScope,
      );
    },
  };

  const method = <M extends HttpMethod>(name: Method): AtlasTypedMethod<M> =>
    ((path: string, init: AtlasRequestOptions & RequestParts) => {
      if (typeof init !== "object" || init === null)
        return Promise.reject(new AtlasInvalidRequestError("init", "must be an object with params"));
      let options: RequestOptions;
      try {
        options = requester.options(init);
      } catch (error) {
        return Promise.reject(error);
      }
      return requester.operation(options, (operationScope) =>
        requester.send(name, path, init, options, operationScope),
      );
    }) as unknown as AtlasTypedMethod<M>;

  return {
    typedFetch: {
      GET: method("GET"),
      POST: method("POST"),
      PATCH: method("PATCH"),
      DELETE: method("DELETE"),
    },
    requester,
  };
}

/** The earlier of two limits, 0 meaning none. */
function earliest(a: number, b: number): number {
  return a === 0 ? b : b === 0 ? a : Math.min(a, b);
}

const placeholder = /\{([^}]+)\}/g;

/**
 * What must hold before anything is sent: ids that build the URL are Atlas ids (nothing else may
 * end up in the path), create and update carry an object body.
 */
function checkParts(method: string, path: string, parts: RequestParts): void {
  for (const [, name] of path.matchAll(placeholder)) checkAtlasId(parts.params?.path?.[name!], name!);
  if (
    (method === "POST" || method === "PATCH") &&
    (typeof parts.body !== "object" || parts.body === null || Array.isArray(parts.body))
  ) {
    throw new AtlasInvalidRequestError("body", `${method} ${path} needs a JSON object body`);
  }
}
