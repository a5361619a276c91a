import { answerHeaders } from "../http/answer-headers.js";
import { parseRetryAfter } from "../http/retry-after.js";
import { isRetryableStatus } from "../http/retry-policy.js";
import { AtlasApiError, type AtlasFieldViolation, type AtlasRateLimit } from "./atlas-api-error.js";

/** What the transport knows about an answer that is not a success. */
export interface FailedAnswer {
  /** The real HTTP status, or the one inside an envelope. */
  status: number;
  method: string;
  /** The request path with its ids, without query string. */
  path: string;
  headers: Headers;
  bodyText: string;
  /** The JSON body (unwrapped from its envelope), or `notJson` when the body does not parse. */
  body: unknown;
  /** Removes any secret a server may have echoed back. */
  redact: Redact;
}

/** The secret redactor with this call's secrets, for everything built from an answer. */
export interface Redact {
  (text: string): string;
  /** The first `maximum` characters, redacted (see SecretRedactor.clip). */
  clip(text: string, maximum: number): string;
  json(value: unknown): unknown;
}

export const notJson: unique symbol = Symbol("not JSON");

const excerptLength = 200;
const maximumTextLength = 2_000;
const maximumCodeLength = 100;
const maximumFieldViolations = 100;

/**
 * Maps any non-success answer to an `AtlasApiError`: Atlas's `ApiError` body when there is one,
 * otherwise (an HTML page from a proxy, an empty body, truncated JSON) the status and a short
 * excerpt of what came back. Never throws, whatever the body. Every text it copies from the answer
 * (code, request id, detail, excerpt...) goes through `redact` and is bounded.
 */
export function errorFromAnswer(answer: FailedAnswer): AtlasApiError {
  const apiError = asApiError(answer.body);
  const common = {
    status: answer.status,
    method: answer.method,
    path: answer.path,
    requestId: requestIdOf(answer.headers, answer.redact),
    rateLimit: rateLimitOf(answer.headers),
    retryable: isRetryableStatus(answer.status),
    headers: answerHeaders(answer.headers, answer.redact.clip),
  };
  if (!apiError) {
    return new AtlasApiError({
      ...common,
      errorCode: `HTTP_${answer.status}`,
      bodyExcerpt: excerpt(answer.bodyText, answer.redact),
    });
  }
  return new AtlasApiError({
    ...common,
    // An identifier: a server's code is compared, switched on and logged, never a place for text.
    errorCode: answer.redact.clip(apiError.errorCode, maximumCodeLength).replace(/[^\w.-]/g, "_"),
    detail: cleanText(apiError.detail, answer.redact),
    reason: cleanText(apiError.reason, answer.redact),
    parameters: parametersOf(apiError.parameters, answer.redact),
    badRequestDetail: badRequestDetailOf(apiError.badRequestDetail, answer.redact),
  });
}

/** A 2xx whose body is not the JSON the API promises (an HTML page, truncated JSON). */
export function invalidSuccessBody(answer: Omit<FailedAnswer, "body">): AtlasApiError {
  return new AtlasApiError({
    status: answer.status,
    method: answer.method,
    path: answer.path,
    errorCode: "INVALID_RESPONSE",
    requestId: requestIdOf(answer.headers, answer.redact),
    retryable: false,
    headers: answerHeaders(answer.headers, answer.redact.clip),
    bodyExcerpt: excerpt(answer.bodyText, answer.redact),
  });
}

interface ApiErrorBody {
  errorCode: string;
  detail?: unknown;
  reason?: unknown;
  parameters?: unknown;
  badRequestDetail?: unknown;
}

function asApiError(body: unknown): ApiErrorBody | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const candidate = body as Record<string, unknown>;
  return typeof candidate.errorCode === "string" && candidate.errorCode !== ""
    ? (candidate as unknown as ApiErrorBody)
    : undefined;
}

function requestIdOf(headers: Headers, redact: Redact): string | undefined {
  const value = headers.get("x-request-id") ?? headers.get("request-id");
  return value === null ? undefined : redact.clip(value, maximumCodeLength);
}

function cleanText(value: unknown, redact: Redact): string | undefined {
  return typeof value === "string" ? redact.clip(value, maximumTextLength) : undefined;
}

function excerpt(bodyText: string, redact: Redact): string {
  // Whitespace is flattened first (a secret split by a line break and joined by the flattening
  // would otherwise survive), on a window: the body may be megabytes long.
  const window = bodyText.length > 4 * excerptLength ? bodyText.slice(0, 64 * 1024) : bodyText;
  return redact.clip(window.replace(/\s+/g, " ").trim(), excerptLength);
}

function parametersOf(value: unknown, redact: Redact): unknown[] | undefined {
  return Array.isArray(value) ? (redact.json(value) as unknown[]) : undefined;
}

function badRequestDetailOf(value: unknown, redact: Redact): { fields?: AtlasFieldViolation[] } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return {};
  return {
    fields: fields
      .slice(0, maximumFieldViolations)
      .filter((field): field is Record<string, unknown> => typeof field === "object" && field !== null)
      .map((field) => ({
        field: cleanText(field.field, redact) ?? "",
        description: cleanText(field.description, redact) ?? "",
      })),
  };
}

function rateLimitOf(headers: Headers): AtlasRateLimit | undefined {
  const limit = integerHeader(headers.get("ratelimit-limit"));
  const remaining = integerHeader(headers.get("ratelimit-remaining"));
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  if (limit === undefined && remaining === undefined && retryAfterMs === undefined) return undefined;
  const rateLimit: AtlasRateLimit = {};
  if (limit !== undefined) rateLimit.limit = limit;
  if (remaining !== undefined) rateLimit.remaining = remaining;
  if (retryAfterMs !== undefined) rateLimit.retryAfterMs = retryAfterMs;
  return rateLimit;
}

function integerHeader(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : undefined;
}
