import type { Authenticator } from "../auth/authenticator.js";
import type { AtlasApiError } from "../errors/atlas-api-error.js";
import { AtlasError, AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { errorFromAnswer, invalidSuccessBody, notJson, type Redact } from "../errors/error-from-answer.js";
import type { SecretRedactor } from "../errors/secret-redactor.js";
import { AtlasConnectionError, AtlasTimeoutError } from "../errors/transport-errors.js";
import type { DeprecationNotices } from "./deprecation-notices.js";
import { connectionCode } from "./connection-code.js";
import { unwrapEnvelope } from "./envelope.js";
import { parseRetryAfter } from "./retry-after.js";
import { isRetryable, retryDelayMs, type BackoffOptions, type FailedAttempt } from "./retry-policy.js";
import { sleep } from "./sleep.js";

/** What the transport needs, fixed when the client is created. */
export interface TransportSettings {
  fetch: typeof globalThis.fetch;
  /** `https://cloud.mongodb.com` (plus a path prefix, if the base URL has one): requests elsewhere are refused. */
  baseUrl: string;
  authenticator: Authenticator;
  apiVersion: string;
  envelope: boolean;
  timeoutMs: number;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  userAgent: string;
  deprecations: DeprecationNotices;
  redactor: SecretRedactor;
  isClosed: () => boolean;
}

/** Per-call facts the typed fetch gives the transport; the transport leaves the outcome on it. */
export interface AtlasCall {
  /** The OpenAPI path, such as `/api/atlas/v2/groups/{groupId}/peers/{peerId}`: names the operation in warnings. */
  pathTemplate: string;
  apiVersion: string | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  outcome: CallOutcome | undefined;
}

export type CallOutcome =
  | { data: unknown; error?: undefined; response: Response }
  | { data?: undefined; error: AtlasApiError; response: Response };

/** The request as openapi-fetch built it (see light-request.ts). */
export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined | null;
}

const envelopeTrue = /[?&]envelope=true(?:&|$)/;
const notParsed: unique symbol = Symbol("not parsed yet");
/**
 * Authentication may send a request again at most this often per call. Digest needs one for the
 * first challenge and one per nonce the server calls stale; under concurrency a strict server
 * (http-auth refuses any nc lower than one it has seen) calls an answer stale when it overtakes
 * another on the way, which can happen more than once to the same call. Each stale answer confirms
 * the credentials; wrong credentials end at the first refusal. Service accounts and bearer
 * providers allow themselves one.
 */
const maximumAuthenticationRetries = 4;

/**
 * Sends one call: sets the versioned media types, the user agent and the credentials, applies the
 * per-attempt timeout, retries what may be retried (see retry-policy.ts), answers authentication
 * challenges, reads the body once, unwraps an envelope, and turns the answer into data or an
 * `AtlasApiError`. Throws only when there is no answer to give: no connection, a timeout, the
 * caller's abort (its own reason), an authentication that cannot be set up.
 */
export async function sendCall(
  settings: TransportSettings,
  request: OutgoingRequest,
  call: AtlasCall,
): Promise<CallOutcome> {
  const prepared = prepare(settings, request, call);
  const { method, url, path, requestTarget, headers, body, timeoutMs } = prepared;

  let retries = 0;
  let authenticationRetries = 0;
  try {
    for (;;) {
      if (settings.isClosed()) throw new AtlasError(`${method} ${path}: the client is closed`);
      if (call.signal?.aborted) throw call.signal.reason;

      let authorization = settings.authenticator.authorizationFor(method, requestTarget);
      if (typeof authorization === "object") authorization = await authorization;
      if (authorization === undefined) delete headers.authorization;
      else headers.authorization = authorization;

      const attempt = await attemptOnce(
        settings.fetch,
        url,
        { method, headers, body },
        timeoutMs,
        call.signal,
      );
      if ("failure" in attempt) {
        settings.authenticator.settled?.();
        if (retries < settings.maxRetries && isRetryable(method, attempt.failure)) {
          await sleep(retryDelayMs(retries, undefined, settings.backoff) ?? 0, call.signal);
          retries += 1;
          continue;
        }
        if (attempt.failure.kind === "timeout") throw new AtlasTimeoutError(method, path, timeoutMs);
        throw new AtlasConnectionError(method, path, attempt.failure.code, { cause: attempt.cause });
      }

      const answer = read(attempt, prepared.enveloped);
      if (answer.status === 401 && authenticationRetries < maximumAuthenticationRetries) {
        const headersOf401 = attempt.response.headers;
        if (
          await settings.authenticator.shouldRetryUnauthorized(
            headersOf401,
            authorization,
            authenticationRetries,
          )
        ) {
          authenticationRetries += 1;
          continue;
        }
      } else settings.authenticator.settled?.();

      const failed = answer.status < 200 || answer.status > 299;
      if (
        failed &&
        retries < settings.maxRetries &&
        isRetryable(method, { kind: "status", status: answer.status })
      ) {
        const retryAfterMs = parseRetryAfter(attempt.response.headers.get("retry-after"));
        const delay = retryDelayMs(retries, retryAfterMs, settings.backoff);
        if (delay !== undefined) {
          await sleep(delay, call.signal);
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
    // Whatever ended this call, nobody may be left waiting on it for a first digest challenge.
    settings.authenticator.settled?.();
  }
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
  const asked = envelopeTrue.test(url);
  if (settings.envelope && !asked) url += url.includes("?") ? "&envelope=true" : "?envelope=true";
  const requestTarget = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  const queryAt = requestTarget.indexOf("?");
  const apiVersion = call.apiVersion ?? settings.apiVersion;
  const mediaType = `application/vnd.atlas.${apiVersion}+json`;
  const body = request.body ?? undefined;

  // The caller's own headers, then the client's, which win.
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
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

/** One HTTP exchange, body included, bounded by `timeoutMs` and the caller's signal. */
async function attemptOnce(
  fetchImplementation: typeof globalThis.fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | undefined },
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
): Promise<Attempt> {
  // An AbortSignal is what enforces the time limit, and undici's handling of one costs a few percent
  // of a loopback call (npm run bench). timeoutMs 0 turns the limit off, and with it the signal,
  // unless the caller gave one.
  const controller = timeoutMs > 0 ? new AbortController() : undefined;
  let timedOut = false;
  const timer = controller
    ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs)
    : undefined;
  const onCallerAbort = () => controller!.abort(callerSignal!.reason);
  if (controller) callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    // Redirects are not followed: credentials must never go to another origin, and Atlas's API does not redirect.
    const response = await fetchImplementation(url, {
      ...init,
      signal: controller?.signal ?? callerSignal ?? null,
      redirect: "manual",
    });
    return { response, text: await response.text() };
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (timedOut) return { failure: { kind: "timeout" } };
    return { failure: { kind: "connection", code: connectionCode(error) }, cause: error };
  } finally {
    clearTimeout(timer);
    if (controller) callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}

function redactorFor(redactor: SecretRedactor, authorization: string | undefined): Redact {
  const redact = (text: string) => redactor.redact(text, [authorization]);
  redact.json = (value: unknown) => redactor.redactJson(value, [authorization]);
  return redact;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return notJson;
  }
}
