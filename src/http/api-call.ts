import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { clip } from "../errors/redaction.js";
import type { Observer } from "../observability/observer.js";
import { answerHeaders } from "./answer-headers.js";
import { errorFromAnswer, invalidSuccessBody, notJson } from "./answer-errors.js";
import { RequestState } from "./authenticator.js";
import { unwrapEnvelope } from "./envelope.js";
import { exchange, type ExchangeAnswer, type ExchangeReport, type OutgoingRequest } from "./exchange.js";
import { checkedHeaders } from "./header-values.js";
import type { OperationScope } from "./operation-scope.js";
import { isIdempotent } from "./retry-policy.js";
import type { ClientContext } from "./settings.js";

/** One API request, as the typed fetch builds it, with the per-request options that apply to it. */
export interface ApiRequest {
  method: string;
  /** The full URL, query included (openapi-fetch builds it). */
  url: string;
  /** The caller's own headers, checked, lower-case names; the client's are added. */
  headers: Record<string, string> | undefined;
  body: string | undefined;
  /** The OpenAPI path, such as `/api/atlas/v2/groups/{groupId}/peers/{peerId}`: names the operation in warnings and events. */
  operation: string;
  /** Replace the client's for this request. */
  apiVersion?: string | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

/** Data for a 2xx, an `AtlasApiError` for any other answer; `response` is the answer as received. */
export type CallOutcome =
  | { data: unknown; error?: undefined; response: Response }
  | { data?: undefined; error: AtlasApiError; response: Response };

const envelopeTrue = /[?&]envelope=true(?:&|$)/;
/**
 * Authentication may send a request again at most this often. Digest needs one for the first
 * challenge and one per stale answer (an expired nonce, or an nc a strict server saw after a
 * higher one: see digest/nonce-pool.ts for how that stays rare); a service account one per token
 * the API refuses (see the token budget in service-account-authenticator.ts). Each stale answer
 * confirms the credentials; wrong credentials end at the first refusal.
 */
const maximumAuthenticationRounds = 4;

/**
 * Sends one API request through the exchange, within its operation's scope: the versioned media
 * types, the user agent, the credentials and the caller's headers, authentication rounds (a
 * challenge, a stale nonce, a refused token), an envelope unwrapped, deprecation notices, and the
 * answer turned into data or an `AtlasApiError`. Throws only when there is no answer to give (see
 * `exchange`), or when authentication cannot be set up.
 */
export async function sendApiRequest(
  context: ClientContext,
  request: ApiRequest,
  scope: OperationScope,
): Promise<CallOutcome> {
  const { settings, authenticator, observer } = context;
  const prepared = prepare(context, request);
  const state = new RequestState(scope);
  const watch = observer.watching()
    ? new AttemptWatch(observer, prepared, request.operation, scope)
    : undefined;
  let authorization: string | undefined;
  let parsed: { text: string; value: unknown } | undefined;
  const parse = (text: string) => {
    if (parsed?.text !== text) parsed = { text, value: parseJson(text) };
    return parsed.value;
  };

  try {
    const answer = await exchange(settings, prepared, scope, {
      maxRetries: request.maxRetries ?? settings.maxRetries,
      timeoutMs: request.timeoutMs ?? settings.timeoutMs,
      idempotent: isIdempotent(prepared.method),
      report: watch,
      async beforeAttempt() {
        if (watch) await watch.starting();
        let value = authenticator.authorizationFor(prepared.method, prepared.requestTarget, state);
        if (typeof value === "object") value = await state.wait(value);
        authorization = value;
        if (value === undefined) delete prepared.headers.authorization;
        else prepared.headers.authorization = value;
      },
      statusOf: ({ response, text }) => {
        if (!prepared.enveloped || text === "") return response.status;
        return unwrapEnvelope(parse(text))?.status ?? response.status;
      },
      async again(answer) {
        if (answer.status !== 401 || state.authenticationRetries >= maximumAuthenticationRounds) return false;
        let retry = authenticator.shouldRetryUnauthorized(answer.response.headers, authorization, state);
        if (typeof retry === "object") retry = await state.wait(retry);
        if (!retry) return false;
        state.authenticationRetries += 1;
        if (authenticator.answeredUnauthorized) observer.auth({ type: authenticator.answeredUnauthorized });
        watch?.retrying("authentication", 0);
        return true;
      },
      settled: (outcome) => authenticator.settled?.(state, outcome, authorization),
    });
    context.deprecations.observe(
      answer.response.headers,
      `${prepared.method} ${request.operation}`,
      prepared.apiVersion,
    );
    return outcome(answer, prepared, parse);
  } finally {
    // Whatever ended it, the request holds nothing others wait for (a first challenge, a nonce).
    authenticator.settled?.(state, "request ended", authorization);
  }
}

interface PreparedRequest extends OutgoingRequest {
  /** Path and query, as a digest `uri`. */
  requestTarget: string;
  enveloped: boolean;
  apiVersion: string;
}

/** Everything about the request that stays the same from one attempt to the next. */
function prepare({ settings }: ClientContext, request: ApiRequest): PreparedRequest {
  let { url } = request;
  if (!url.startsWith(`${settings.baseUrl}/`)) {
    throw new AtlasInvalidRequestError(
      "baseUrl",
      `requests go to ${settings.baseUrl} only: the client's credentials are bound to it`,
    );
  }
  const asked = url.includes("envelope=") && envelopeTrue.test(url);
  if (settings.envelope && !asked) url += url.includes("?") ? "&envelope=true" : "?envelope=true";
  const requestTarget = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  const queryAt = requestTarget.indexOf("?");
  const apiVersion = request.apiVersion ?? settings.apiVersion;
  const mediaType = `application/vnd.atlas.${apiVersion}+json`;

  // The caller's own headers, then the client's, which win.
  const headers: Record<string, string> = request.headers ? { ...request.headers } : {};
  headers.accept = mediaType;
  headers["user-agent"] = settings.userAgent;
  if (request.body === undefined) delete headers["content-type"];
  else headers["content-type"] = mediaType;

  return {
    method: request.method,
    url,
    requestTarget,
    path: queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt),
    enveloped: settings.envelope || asked,
    apiVersion,
    headers,
    body: request.body,
  };
}

/** Data for a 2xx with a JSON body (or none); an `AtlasApiError` for everything else. */
function outcome(
  answer: ExchangeAnswer,
  prepared: PreparedRequest,
  parse: (text: string) => unknown,
): CallOutcome {
  const { status, response, text } = answer;
  const body = (): unknown => {
    if (text === "") return status >= 200 && status <= 299 ? undefined : notJson;
    const value = parse(text);
    if (!prepared.enveloped || value === notJson) return value;
    return unwrapEnvelope(value)?.body ?? value;
  };
  const facts = {
    status,
    method: prepared.method,
    path: prepared.path,
    headers: response.headers,
    bodyText: text,
  };
  if (status >= 200 && status <= 299) {
    const data = body();
    return data === notJson ? { error: invalidSuccessBody(facts), response } : { data, response };
  }
  return { error: errorFromAnswer({ ...facts, body: body() }), response };
}

/**
 * The events of one watched request (see Observer): an `onRequest` hook's headers are added to
 * the attempt it was asked for, and taken off before the next one asks again.
 */
class AttemptWatch implements ExchangeReport {
  #attempt = 0;
  #startedAt = 0;
  /** The headers before any hook added to them: each attempt starts from these. */
  readonly #base: Readonly<Record<string, string>>;
  #added: string[] = [];

  constructor(
    readonly observer: Observer,
    readonly prepared: PreparedRequest,
    readonly operation: string,
    readonly scope: OperationScope,
  ) {
    this.#base = { ...prepared.headers };
  }

  /**
   * Before an attempt: the request event, and the headers `onRequest` returns for it, waited for
   * within the operation's limits. Ends with the stop check: the hook may have aborted the
   * caller's signal or closed the client.
   */
  async starting(): Promise<void> {
    const { headers } = this.prepared;
    for (const name of this.#added)
      if (Object.prototype.hasOwnProperty.call(this.#base, name)) headers[name] = this.#base[name]!;
      else delete headers[name];
    this.#added = [];
    this.#attempt += 1;
    const shown: Record<string, string> = { ...headers };
    delete shown.authorization;
    let extra: unknown = this.observer.request({ ...this.#facts(), url: this.prepared.url, headers: shown });
    if (typeof (extra as { then?: unknown } | null)?.then === "function")
      extra = await this.scope.wait(extra as PromiseLike<unknown>);
    if (extra !== undefined && extra !== null) {
      const checked = checkedHeaders(extra, "hooks.onRequest", reservedHeaders);
      for (const [name, value] of Object.entries(checked)) {
        headers[name] = value;
        this.#added.push(name);
      }
    }
    this.scope.throwIfStopped();
  }

  sending(): void {
    this.#startedAt = performance.now();
  }

  ended(status: number | undefined, failure: string | undefined, answer?: Headers): void {
    const requestId = answer?.get("x-request-id") ?? answer?.get("request-id") ?? undefined;
    this.observer.response({
      ...this.#facts(),
      url: this.prepared.url,
      status,
      failure,
      durationMs: performance.now() - this.#startedAt,
      requestId: requestId === undefined ? undefined : clip(requestId, 100),
      headers: answer && answerHeaders(answer),
    });
  }

  retrying(reason: string, delayMs: number): void {
    this.observer.retry({ ...this.#facts(), reason, delayMs });
  }

  #facts() {
    const { method, path } = this.prepared;
    return { method, path, operation: this.operation, attempt: this.#attempt };
  }
}

/**
 * Headers an `onRequest` hook may not set, besides fetch's own (see fetchManagedHeaders):
 * authentication and the media types stay the client's.
 */
const reservedHeaders = new Set([
  "authorization",
  "proxy-authorization",
  "accept",
  "content-type",
  "user-agent",
  "cookie",
]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return notJson;
  }
}
