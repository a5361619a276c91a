import type { Authenticator } from "../auth/authenticator.js";
import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { errorFromAnswer, invalidSuccessBody, notJson, type Redact } from "../errors/error-from-answer.js";
import type { SecretRedactor } from "../errors/secret-redactor.js";
import {
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  clientClosedError,
} from "../errors/transport-errors.js";
import { CallScope } from "./call-scope.js";
import type { ClientLifetime } from "./client-lifetime.js";
import { connectionCode, isRefusedRequestCode, unreadableAnswerCode } from "./connection-code.js";
import type { DeprecationNotices } from "./deprecation-notices.js";
import { unwrapEnvelope } from "./envelope.js";
import type { AttemptSignals } from "./attempt-signals.js";
import type { AttemptTimers } from "./attempt-timers.js";
import { BodyTooLarge, readBody } from "./read-body.js";
import { parseRetryAfter } from "./retry-after.js";
import { isRetryable, retryDelayMs, type ResolvedBackoff, type FailedAttempt } from "./retry-policy.js";
import type { CallObserver } from "../observability/call-observer.js";
import { answerHeaders } from "./answer-headers.js";
import { checkedHeaders } from "./header-values.js";

/** What the transport needs, fixed when the client is created. */
export interface TransportSettings {
  fetch: typeof globalThis.fetch;
  /** `https://cloud.mongodb.com` (plus a path prefix, if the base URL has one): requests elsewhere are refused. */
  baseUrl: string;
  authenticator: Authenticator;
  apiVersion: string;
  envelope: boolean;
  /** Per attempt; 0: none. */
  timeoutMs: number;
  /** Per call, everything included; 0: none. */
  totalTimeoutMs: number;
  /** Longest answer body read, counted after decoding. */
  maxResponseBytes: number;
  maxRetries: number;
  backoff: ResolvedBackoff;
  userAgent: string;
  deprecations: DeprecationNotices;
  redactor: SecretRedactor;
  lifetime: ClientLifetime;
  /** Whether attempts carry AbortSignals (see attempt-signals.ts). */
  signals: AttemptSignals;
  /** The attempts' time limits, on one timer (see attempt-timers.ts). */
  timers: AttemptTimers;
  /** Hooks, diagnostics channels and the log. */
  observer: CallObserver;
}

/** Per-call facts the typed fetch gives the transport; the transport leaves the outcome on it. */
export interface AtlasCall {
  /** The OpenAPI path, such as `/api/atlas/v2/groups/{groupId}/peers/{peerId}`: names the operation in warnings. */
  pathTemplate: string;
  apiVersion: string | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  totalTimeoutMs: number | undefined;
  /** Replaces the client's `maxRetries` for this call. */
  maxRetries: number | undefined;
  outcome: CallOutcome | undefined;
}

export type CallOutcome =
  | { data: unknown; error?: undefined; response: Response }
  | { data?: undefined; error: AtlasApiError; response: Response };

/** The request to send: built by the typed fetch, or by openapi-fetch (see light-request.ts). */
export interface OutgoingRequest {
  url: string;
  method: string;
  /** The caller's own headers, lower-case names; the client's are added. */
  headers: Record<string, string> | undefined;
  body: string | undefined | null;
}

const envelopeTrue = /[?&]envelope=true(?:&|$)/;
/** Why the transport aborts an attempt it timed out: never seen by callers, and cheaper than a DOMException each time. */
const timedOut = new Error("the attempt timed out");
const notParsed: unique symbol = Symbol("not parsed yet");
/**
 * Authentication may send a request again at most this often per call. Digest needs one for the
 * first challenge and one per stale answer (an expired nonce, or an nc a strict server saw after a
 * higher one: see digest/nonce-pool.ts for how that stays rare); a service account one per token
 * the API refuses. Each stale answer confirms the credentials; wrong credentials end at the first
 * refusal.
 */
const maximumAuthenticationRetries = 4;

/**
 * Sends one call: sets the versioned media types, the user agent and the credentials, applies the
 * per-attempt timeout and the call's deadline, retries what may be retried (see retry-policy.ts),
 * answers authentication challenges, reads the body once (at most `maxResponseBytes`), unwraps an
 * envelope, and turns the answer into data or an `AtlasApiError`. Throws only when there is no
 * answer to give: no connection, a timeout, an answer it will not read, the caller's abort (its
 * own reason), close(), an authentication that cannot be set up.
 */
export async function sendCall(
  settings: TransportSettings,
  request: OutgoingRequest,
  call: AtlasCall,
): Promise<CallOutcome> {
  const prepared = prepare(settings, request, call);
  const { method, path, requestTarget, headers } = prepared;
  const scope = new CallScope(method, path, call.signal, totalTimeoutOf(settings, call), settings.lifetime);
  const { authenticator } = settings;

  const maxRetries = call.maxRetries ?? settings.maxRetries;
  // Decided once per call: with no hook, log or subscriber, no event is built.
  const watch = settings.observer.watching()
    ? new AttemptWatch(settings.observer, prepared, call)
    : undefined;
  let retries = 0;
  try {
    for (;;) {
      scope.throwIfStopped();
      if (watch) await watch.starting(scope);
      let authorization = authenticator.authorizationFor(method, requestTarget, scope);
      if (typeof authorization === "object") {
        authorization = await scope.wait(authorization);
        scope.throwIfStopped();
      }
      if (authorization === undefined) delete headers.authorization;
      else headers.authorization = authorization;

      let attempt: Attempt;
      if (watch) {
        watch.sending();
        attempt = await attemptOnce(settings, prepared, scope).catch((error: unknown) => {
          // Every request event gets its response event, also when the attempt ends the call.
          watch.ended(undefined, endedBy(error, scope));
          throw error;
        });
      } else attempt = await attemptOnce(settings, prepared, scope);
      if ("failure" in attempt) {
        authenticator.settled?.(scope, "no answer");
        const { failure } = attempt;
        const reason = failure.kind === "timeout" ? "timeout" : failure.code;
        watch?.ended(undefined, reason);
        if (retries < maxRetries && isRetryable(method, failure)) {
          const delay = retryDelayMs(retries, undefined, settings.backoff) ?? 0;
          if (delay < scope.remainingMs()) {
            watch?.retrying(reason, delay);
            await scope.sleep(delay);
            retries += 1;
            continue;
          }
        }
        if (failure.kind === "timeout") throw new AtlasTimeoutError(method, path, prepared.timeoutMs);
        throw new AtlasConnectionError(method, path, failure.code, {
          cause: settings.redactor.cause(attempt.cause, sentSecret(authorization)),
        });
      }

      const answer = read(attempt, prepared.enveloped);
      watch?.ended(answer.status, undefined, attempt.response.headers, (text, maximum) =>
        settings.redactor.clip(text, maximum, sentSecret(authorization)),
      );
      if (answer.status === 401 && scope.authenticationRetries < maximumAuthenticationRetries) {
        let retry = authenticator.shouldRetryUnauthorized(attempt.response.headers, authorization, scope);
        if (typeof retry === "object") retry = await scope.wait(retry);
        if (retry) {
          scope.authenticationRetries += 1;
          if (authenticator.answeredUnauthorized)
            settings.observer.auth({ type: authenticator.answeredUnauthorized });
          watch?.retrying("authentication", 0);
          continue;
        }
      }
      authenticator.settled?.(scope, answer.status);

      const failed = answer.status < 200 || answer.status > 299;
      if (failed && retries < maxRetries && isRetryable(method, { kind: "status", status: answer.status })) {
        const retryAfterMs = parseRetryAfter(attempt.response.headers.get("retry-after"));
        const delay = retryDelayMs(retries, retryAfterMs, settings.backoff);
        // A wait that would end past the deadline is not waited for: the answer goes to the caller now.
        if (delay !== undefined && delay < scope.remainingMs()) {
          watch?.retrying(String(answer.status), delay);
          await scope.sleep(delay);
          retries += 1;
          continue;
        }
      }

      settings.deprecations.observe(
        attempt.response.headers,
        `${method} ${call.pathTemplate}`,
        prepared.apiVersion,
      );
      return outcome(answer, attempt, prepared, () => redactorFor(settings.redactor, authorization));
    }
  } finally {
    // Whatever ended this call, it holds nothing others wait for (a first challenge, a nonce).
    authenticator.settled?.(scope, "call ended");
  }
}

/**
 * The events of one watched call (see CallObserver): an `onRequest` hook's headers are added to
 * the attempt it was asked for, and taken off before the next one asks again.
 */
class AttemptWatch {
  #attempt = 0;
  #startedAt = 0;
  /** The headers before any hook added to them: each attempt starts from these. */
  readonly #base: Readonly<Record<string, string>>;
  #added: string[] = [];

  constructor(
    readonly observer: CallObserver,
    readonly prepared: PreparedRequest,
    readonly call: AtlasCall,
  ) {
    this.#base = { ...prepared.headers };
  }

  /**
   * Before an attempt: the request event, and the headers `onRequest` returns for it. Ends with
   * the call's stop check: the hook may have aborted the call's signal or closed the client.
   */
  async starting(scope: CallScope): Promise<void> {
    const { headers } = this.prepared;
    for (const name of this.#added)
      if (name in this.#base) headers[name] = this.#base[name]!;
      else delete headers[name];
    this.#added = [];
    this.#attempt += 1;
    const shown: Record<string, string> = { ...headers };
    delete shown.authorization;
    let extra: unknown = this.observer.request({ ...this.#facts(), url: this.prepared.url, headers: shown });
    if (typeof (extra as { then?: unknown } | null)?.then === "function")
      extra = await scope.wait(Promise.resolve(extra));
    if (extra !== undefined && extra !== null) {
      const checked = checkedHeaders(extra, "hooks.onRequest", reservedHeaders);
      for (const [name, value] of Object.entries(checked)) {
        headers[name] = value;
        this.#added.push(name);
      }
    }
    scope.throwIfStopped();
  }

  sending(): void {
    this.#startedAt = performance.now();
  }

  ended(
    status: number | undefined,
    failure: string | undefined,
    answer?: Headers,
    clip?: (text: string, maximum: number) => string,
  ): void {
    const requestId = answer?.get("x-request-id") ?? answer?.get("request-id") ?? undefined;
    this.observer.response({
      ...this.#facts(),
      url: this.prepared.url,
      status,
      failure,
      durationMs: performance.now() - this.#startedAt,
      requestId: requestId === undefined ? undefined : clip!(requestId, 100),
      headers: answer && answerHeaders(answer, clip!),
    });
  }

  retrying(reason: string, delayMs: number): void {
    this.observer.retry({ ...this.#facts(), reason, delayMs });
  }

  #facts() {
    const { method, path } = this.prepared;
    return { method, path, operation: this.call.pathTemplate, attempt: this.#attempt };
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

/** Why an attempt ended the call without an answer, as a response event's `failure`. */
function endedBy(error: unknown, scope: CallScope): string {
  if (scope.signal?.aborted && error === scope.signal.reason) return "aborted";
  if (scope.lifetime.closed) return "closed";
  if (error instanceof AtlasTimeoutError) return "deadline";
  if (error instanceof AtlasUnreadableResponseError) return error.code;
  return "failed";
}

interface PreparedRequest {
  method: string;
  /** With `envelope=true` added when the client asks for envelopes. */
  url: string;
  /** Path and query, as a digest `uri`. */
  requestTarget: string;
  /** The path alone, for error messages. */
  path: string;
  enveloped: boolean;
  apiVersion: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Per attempt; 0: none. */
  timeoutMs: number;
}

/** Everything about the request that stays the same from one attempt to the next. */
function prepare(settings: TransportSettings, request: OutgoingRequest, call: AtlasCall): PreparedRequest {
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
  const apiVersion = call.apiVersion ?? settings.apiVersion;
  const mediaType = `application/vnd.atlas.${apiVersion}+json`;
  const body = request.body ?? undefined;

  // The caller's own headers, then the client's, which win.
  const headers: Record<string, string> = request.headers ? { ...request.headers } : {};
  headers.accept = mediaType;
  headers["user-agent"] = settings.userAgent;
  if (body === undefined) delete headers["content-type"];
  else headers["content-type"] = mediaType;

  return {
    method: request.method,
    url,
    requestTarget,
    path: queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt),
    enveloped: settings.envelope || asked,
    apiVersion,
    headers,
    body,
    timeoutMs: call.timeoutMs ?? settings.timeoutMs,
  };
}

/** The call's deadline: the earlier of the client's and the request's `totalTimeoutMs` (0: none). */
function totalTimeoutOf(settings: TransportSettings, call: AtlasCall): number {
  const client = settings.totalTimeoutMs;
  const own = call.totalTimeoutMs ?? 0;
  return client === 0 ? own : own === 0 ? client : Math.min(client, own);
}

/** The real status and, when an envelope had to be opened, its parsed contents. */
function read(
  attempt: { response: Response; text: string },
  enveloped: boolean,
): { status: number; parsed: unknown } {
  if (enveloped && attempt.text !== "") {
    const parsed = parseJson(attempt.text);
    const envelope = unwrapEnvelope(parsed);
    if (envelope) return { status: envelope.status, parsed: envelope.body };
    return { status: attempt.response.status, parsed };
  }
  return { status: attempt.response.status, parsed: notParsed };
}

/**
 * Data for a 2xx with a JSON body (or none); an `AtlasApiError` for everything else. The redactor
 * is only built for an error, so a successful call pays nothing for it.
 */
function outcome(
  answer: { status: number; parsed: unknown },
  { response, text }: { response: Response; text: string },
  { method, path }: PreparedRequest,
  redactor: () => Redact,
): CallOutcome {
  const { status } = answer;
  const facts = () => ({
    status,
    method,
    path,
    headers: response.headers,
    bodyText: text,
    redact: redactor(),
  });
  if (status >= 200 && status <= 299) {
    const data = answer.parsed === notParsed ? (text === "" ? undefined : parseJson(text)) : answer.parsed;
    return data === notJson ? { error: invalidSuccessBody(facts()), response } : { data, response };
  }
  const body = answer.parsed === notParsed ? (text === "" ? notJson : parseJson(text)) : answer.parsed;
  return { error: errorFromAnswer({ ...facts(), body }), response };
}

type Attempt =
  | { response: Response; text: string }
  | { failure: Exclude<FailedAttempt, { kind: "status" }>; cause?: unknown };

/**
 * One HTTP exchange, body included, bounded by the per-attempt timeout, the call's deadline, the
 * caller's signal and close(). Throws what ends the call (the caller's abort, close, the deadline,
 * an answer it will not read); returns what may be retried (a timeout, a lost connection).
 */
function attemptOnce(
  settings: TransportSettings,
  prepared: PreparedRequest,
  scope: CallScope,
): Promise<Attempt> {
  const { timeoutMs } = prepared;
  const remainingMs = scope.remainingMs();
  const limitMs = timeoutMs > 0 && timeoutMs < remainingMs ? timeoutMs : remainingMs;
  // See attempt-signals.ts for when an attempt carries an AbortSignal of its own, and why not always.
  if (
    limitMs === Infinity ||
    (scope.signal === undefined && remainingMs === Infinity && !settings.signals.next())
  )
    return attemptByTimer(settings, prepared, scope, limitMs);
  return attemptWithSignal(settings, prepared, scope, limitMs, limitMs === timeoutMs ? "attempt" : "call");
}

/**
 * The attempt hands fetch a signal that its time limit, the caller's signal and close() abort: the
 * request is cancelled on the wire.
 */
async function attemptWithSignal(
  settings: TransportSettings,
  prepared: PreparedRequest,
  scope: CallScope,
  limitMs: number,
  limit: "attempt" | "call",
): Promise<Attempt> {
  const callerSignal = scope.signal;
  const controller = new AbortController();
  let expired = false;
  const onCallerAbort = () => controller.abort(callerSignal!.reason);
  settings.lifetime.track(controller);
  const timer = settings.timers.start(limitMs, () => {
    expired = true;
    controller.abort(timedOut);
  });
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const reading: Reading = {};
  try {
    return await exchange(settings, prepared, controller.signal, reading);
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (settings.lifetime.closed) throw clientClosedError(prepared.method, prepared.path);
    if (expired && limit === "call") throw scope.deadlineError();
    if (expired) {
      settings.signals.timedOut();
      return { failure: { kind: "timeout" } };
    }
    return failureOf(error, settings, prepared, reading.response?.status);
  } finally {
    settings.timers.cancel(timer);
    settings.lifetime.untrack(controller);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}

/**
 * The attempt's time limit ends the wait for the answer, and fetch gets no signal (or the caller's,
 * when there is no limit): the common case, and the cheapest. When the time limit or close() comes
 * first, the call goes on at once, and the request is abandoned: its body is cancelled unread when
 * it comes. One promise, settled by whichever comes first.
 */
function attemptByTimer(
  settings: TransportSettings,
  prepared: PreparedRequest,
  scope: CallScope,
  limitMs: number,
): Promise<Attempt> {
  return new Promise<Attempt>((resolve, reject) => {
    const reading: Reading = {};
    let settled = false;
    /** Whichever comes first settles the attempt; the others find it settled and do nothing. */
    const first = () => {
      if (settled) return false;
      settled = true;
      if (timer) settings.timers.cancel(timer);
      settings.lifetime.untrack(attempt);
      return true;
    };
    const attempt = {
      abort: () => {
        if (!first()) return;
        abandon(answer, reading);
        reject(clientClosedError(prepared.method, prepared.path));
      },
    };
    settings.lifetime.track(attempt);
    const timer =
      limitMs === Infinity
        ? undefined
        : settings.timers.start(limitMs, () => {
            if (!first()) return;
            abandon(answer, reading);
            settings.signals.timedOut();
            resolve({ failure: { kind: "timeout" } });
          });
    const answer = exchange(settings, prepared, scope.signal, reading);
    answer.then(
      (value) => {
        if (first()) resolve(value);
      },
      (error: unknown) => {
        if (!first()) return;
        if (scope.signal?.aborted) return reject(scope.signal.reason);
        try {
          resolve(failureOf(error, settings, prepared, reading.response?.status));
        } catch (unreadable) {
          reject(unreadable);
        }
      },
    );
  });
}

/** What an exchange has got so far: the answer's headers, the body's reader. */
interface Reading {
  response?: Response;
  reader?: ReadableStreamDefaultReader<Uint8Array>;
  abandoned?: boolean;
}

/** fetch and the body, at most maxResponseBytes of it. */
async function exchange(
  settings: TransportSettings,
  { method, url, headers, body }: PreparedRequest,
  signal: AbortSignal | undefined,
  reading: Reading,
): Promise<{ response: Response; text: string }> {
  // Redirects are not followed: credentials must never go to another origin, and Atlas's API does not redirect.
  const response = await settings.fetch(url, {
    method,
    headers,
    body,
    signal: signal ?? null,
    redirect: "manual",
  });
  reading.response = response;
  if (reading.abandoned) {
    void response.body?.cancel().catch(() => {});
    throw timedOut;
  }
  return { response, text: await readBody(response, settings.maxResponseBytes, reading) };
}

/** Nobody waits for this exchange any more: its body is not read (now, or when the answer comes). */
function abandon(answer: Promise<unknown>, reading: Reading): void {
  reading.abandoned = true;
  answer.catch(() => {});
  void reading.reader?.cancel().catch(() => {});
}

/** A failed exchange: an answer the client will not read (thrown), or a lost connection (returned). */
function failureOf(
  error: unknown,
  settings: TransportSettings,
  { method, path, headers }: PreparedRequest,
  status: number | undefined,
): Attempt {
  if (error instanceof BodyTooLarge) {
    throw new AtlasUnreadableResponseError(method, path, "RESPONSE_TOO_LARGE", {
      status,
      limitBytes: settings.maxResponseBytes,
    });
  }
  const code = connectionCode(error);
  // Its message may quote the refused value (a header, a token): only the code is shown.
  if (isRefusedRequestCode(code))
    throw new AtlasInvalidRequestError("request", `fetch refused to send it (${code}); nothing was sent`);
  const unreadable = unreadableAnswerCode(code);
  if (unreadable) {
    throw new AtlasUnreadableResponseError(
      method,
      path,
      unreadable,
      { status },
      { cause: settings.redactor.cause(error, sentSecret(headers.authorization)) },
    );
  }
  return { failure: { kind: "connection", code }, cause: error };
}

function redactorFor(redactor: SecretRedactor, authorization: string | undefined): Redact {
  const extra = sentSecret(authorization);
  const redact = (text: string) => redactor.redact(text, extra);
  redact.clip = (text: string, maximum: number) => redactor.clip(text, maximum, extra);
  redact.json = (value: unknown) => redactor.redactJson(value, extra);
  return redact;
}

/** The Authorization value sent, as a secret to redact besides the authenticator's own: the whole header goes. */
function sentSecret(authorization: string | undefined): string[] {
  return authorization === undefined ? [] : [authorization];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return notJson;
  }
}
