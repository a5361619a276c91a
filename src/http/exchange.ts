import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import {
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  clientClosedError,
} from "../errors/transport-errors.js";
import type { ClientLifetime } from "./client-lifetime.js";
import { connectionCode, isRefusedRequestCode, unreadableAnswerCode } from "./connection-code.js";
import { timeLimit } from "./event-loop.js";
import type { OperationScope } from "./operation-scope.js";
import { BodyTooLarge, readBody } from "./read-body.js";
import { parseRetryAfter } from "./retry-after.js";
import { isRetryable, retryDelayMs, type FailedAttempt, type ResolvedBackoff } from "./retry-policy.js";

/** What every exchange needs from the client, fixed when it is created. */
export interface ExchangeSettings {
  fetch: typeof globalThis.fetch;
  /** Longest answer body read, counted after decoding. */
  maxResponseBytes: number;
  backoff: ResolvedBackoff;
}

/** One HTTP request, the same for each attempt but for the headers set per attempt (credentials, a hook's). */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** The path without its query string, for messages. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** An answer, body read: `status` is the real one (an envelope's, for an API call that asked for one). */
export interface ExchangeAnswer {
  response: Response;
  text: string;
  status: number;
}

/**
 * What differs between the kinds of request the client sends (API calls, token requests,
 * revocations); the mechanism below does not.
 */
export interface ExchangePolicy {
  /** Retries after a 429, and after a 5xx gateway error, a lost connection or a timeout when `idempotent`. */
  maxRetries: number;
  /** Per attempt (connection, answer and body); 0: none. */
  timeoutMs: number;
  /**
   * Whether sending it twice leaves the same state as once (GET, PATCH, DELETE, a token request):
   * then a 502/503/504, a reset and a timeout are retried too. A create is not: it may have happened.
   */
  idempotent: boolean;
  /**
   * When set, an attempt on the wire is not cut short when the operation stops (a caller's abort,
   * close(), the deadline): only its own time limit or this signal end it. For a token request,
   * which others wait for and whose token must be known to be revoked. The operation's stop still
   * ends every wait and keeps any further attempt from starting.
   */
  inFlightSignal?: AbortSignal | undefined;
  /** Before each attempt: set its headers (credentials, a hook's), within the operation's limits. */
  beforeAttempt?(): void | Promise<void>;
  /** The real status of an answer (an envelope's), when it is not the HTTP status. */
  statusOf?(answer: { response: Response; text: string }): number;
  /** After an answer: whether to send the request again at once (an authentication round, not a retry). */
  again?(answer: ExchangeAnswer): boolean | Promise<boolean>;
  /** After each attempt that is not sent again at once: its status, or no answer. */
  settled?(outcome: number | "no answer"): void;
  /** A 429 was met (`retryAt`: ms since the epoch): for the token endpoint, the fleet learns of it. */
  rateLimited?(retryAt: number): void | Promise<void>;
  /** What to report about the attempts (hooks, channels, the log). */
  report?: ExchangeReport | undefined;
}

/** What an exchange reports, per kind (API attempts to hooks and the log, token requests as auth events). */
export interface ExchangeReport {
  sending(): void;
  /** An attempt ended: its status (and headers), or without an answer (`failure`). */
  ended(status: number | undefined, failure: string | undefined, headers?: Headers): void;
  retrying(reason: string, delayMs: number): void;
}

/** Why the client aborts an attempt it timed out: never seen by callers. */
const timedOut = new Error("the attempt timed out");

/**
 * The one place where requests leave the process: every API call, token request and revocation
 * goes through here, attempt after attempt. Each attempt hands fetch an AbortSignal that its time
 * limit, the operation's deadline, the caller's signal and close() abort (see
 * `ExchangePolicy.inFlightSignal` for a token request's), and reads the body once, at most
 * `maxResponseBytes` of it. Between attempts it waits for the answer's `Retry-After` or a
 * backoff, within the operation's limits; a wait that would end past the deadline is not waited
 * for. Redirects are never followed: credentials stay with their origin.
 *
 * Throws what ends the request without an answer to give: the caller's abort (its own reason),
 * close(), the deadline, a timeout or a lost connection after the retries, an answer it will not
 * read, a request fetch refuses. Every other answer is returned, whatever its status.
 */
export async function exchange(
  settings: ExchangeSettings,
  request: OutgoingRequest,
  scope: OperationScope,
  policy: ExchangePolicy,
): Promise<ExchangeAnswer> {
  const { report } = policy;
  scope.current = request;
  let retries = 0;
  for (;;) {
    scope.throwIfStopped();
    await scope.waitForNotBefore();
    await policy.beforeAttempt?.();
    scope.throwIfStopped();
    report?.sending();
    let attempt: Attempt;
    try {
      attempt = await attemptOnce(settings, request, scope, policy);
    } catch (error) {
      report?.ended(undefined, endedBy(error, scope));
      policy.settled?.("no answer");
      throw error;
    }

    if ("failure" in attempt) {
      const { failure } = attempt;
      const reason = failure.kind === "timeout" ? "timeout" : failure.code;
      report?.ended(undefined, reason);
      policy.settled?.("no answer");
      if (retries < policy.maxRetries && isRetryable(policy.idempotent, failure)) {
        const delayMs = retryDelayMs(retries, undefined, settings.backoff) ?? 0;
        if (delayMs < scope.remainingMs()) {
          report?.retrying(reason, delayMs);
          await scope.sleep(delayMs);
          retries += 1;
          continue;
        }
      }
      if (failure.kind === "timeout")
        throw new AtlasTimeoutError(request.method, request.path, policy.timeoutMs);
      throw new AtlasConnectionError(request.method, request.path, failure.code, { cause: attempt.cause });
    }

    const answer: ExchangeAnswer = {
      ...attempt,
      status: policy.statusOf?.(attempt) ?? attempt.response.status,
    };
    report?.ended(answer.status, undefined, answer.response.headers);
    if (await policy.again?.(answer)) continue;
    policy.settled?.(answer.status);

    const retryAfterMs = parseRetryAfter(answer.response.headers.get("retry-after"));
    // The operation's later requests wait for it too (the next poll of waitFor, ensure's create).
    if (retryAfterMs !== undefined && (answer.status === 429 || answer.status === 503))
      scope.notBefore = Math.max(scope.notBefore, performance.now() + retryAfterMs);
    if (answer.status === 429) await policy.rateLimited?.(Date.now() + (retryAfterMs ?? 0));
    const failed = answer.status < 200 || answer.status > 299;
    if (
      failed &&
      retries < policy.maxRetries &&
      isRetryable(policy.idempotent, { kind: "status", status: answer.status })
    ) {
      const delayMs = retryDelayMs(retries, retryAfterMs, settings.backoff);
      // A wait that would end past the deadline is not waited for: the answer goes back now.
      if (delayMs !== undefined && delayMs < scope.remainingMs()) {
        report?.retrying(String(answer.status), delayMs);
        await scope.sleep(delayMs);
        retries += 1;
        continue;
      }
    }
    return answer;
  }
}

type Attempt =
  | { response: Response; text: string }
  | { failure: Exclude<FailedAttempt, { kind: "status" }>; cause?: unknown };

/**
 * One HTTP exchange, body included, under one AbortSignal. Throws what ends the request (the
 * caller's abort, close(), the deadline, an answer it will not read); returns what may be retried
 * (a timeout, a lost connection).
 */
async function attemptOnce(
  settings: ExchangeSettings,
  request: OutgoingRequest,
  scope: OperationScope,
  policy: ExchangePolicy,
): Promise<Attempt> {
  const inFlight = policy.inFlightSignal;
  const timeoutMs = policy.timeoutMs > 0 ? policy.timeoutMs : Infinity;
  // A request let finish is bounded by its own time limit only; any other by the deadline too.
  const remainingMs = inFlight ? Infinity : scope.remainingMs();
  const limitMs = Math.min(timeoutMs, remainingMs);
  const byDeadline = remainingMs < timeoutMs;

  const controller = new AbortController();
  let expired = false;
  const stop = () => controller.abort(inFlight ? inFlight.reason : scope.stopReason());
  const stopper: { abort(): void } = { abort: stop };
  // The caller's signals (the call's own, and an operation's it runs inside), or the in-flight one.
  const sources = inFlight ? [inFlight] : scope.callerSignals();
  const lifetime: ClientLifetime | undefined = inFlight ? undefined : scope.lifetime;
  for (const source of sources) source.addEventListener("abort", stop, { once: true });
  lifetime?.track(stopper);
  const cancelLimit =
    limitMs === Infinity
      ? undefined
      : timeLimit(limitMs, () => {
          expired = true;
          controller.abort(timedOut);
        });
  try {
    if (sources.some((source) => source.aborted) || lifetime?.closed) stop();
    return await fetchAndRead(settings, request, controller.signal);
  } catch (error) {
    if (!inFlight) {
      const stopped = scope.stopReason();
      if (stopped !== undefined) throw stopped;
    } else if (inFlight.aborted) throw clientClosedError(request.method, request.path);
    if (expired) {
      if (byDeadline) throw scope.deadlineError();
      return { failure: { kind: "timeout" } };
    }
    return failureOf(error, settings, request);
  } finally {
    cancelLimit?.();
    for (const source of sources) source.removeEventListener("abort", stop);
    lifetime?.untrack(stopper);
  }
}

/** What an attempt got before it failed: the answer's status, when its headers came. */
class AnswerFailed extends Error {
  constructor(
    readonly status: number,
    readonly reason: unknown,
  ) {
    super("the answer could not be read");
  }
}

/** fetch, and the body, at most maxResponseBytes of it. */
async function fetchAndRead(
  settings: ExchangeSettings,
  { method, url, headers, body }: OutgoingRequest,
  signal: AbortSignal,
): Promise<{ response: Response; text: string }> {
  const response = await settings.fetch(url, { method, headers, body, signal, redirect: "manual" });
  try {
    return { response, text: await readBody(response, settings.maxResponseBytes) };
  } catch (error) {
    throw new AnswerFailed(response.status, error);
  }
}

/** A failed exchange: an answer the client will not read or a request fetch refused (thrown), or a lost connection (returned). */
function failureOf(caught: unknown, settings: ExchangeSettings, { method, path }: OutgoingRequest): Attempt {
  const status = caught instanceof AnswerFailed ? caught.status : undefined;
  const error = caught instanceof AnswerFailed ? caught.reason : caught;
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
  if (unreadable)
    throw new AtlasUnreadableResponseError(method, path, unreadable, { status }, { cause: error });
  return { failure: { kind: "connection", code }, cause: error };
}

/** Why an attempt ended the request without an answer, as a response event's `failure`. */
function endedBy(error: unknown, scope: OperationScope): string {
  if (scope.callerSignals().some((signal) => signal.aborted && error === signal.reason)) return "aborted";
  if (scope.lifetime?.closed) return "closed";
  if (error instanceof AtlasTimeoutError || scope.deadlinePassed()) return "deadline";
  if (error instanceof AtlasUnreadableResponseError) return error.code;
  return "failed";
}
