import { AtlasApiError, type AtlasFieldViolation, type AtlasRateLimit } from "../errors/atlas-api-error.js";
import { clip } from "../errors/redaction.js";
import { answerHeaders } from "./answer-headers.js";
import { parseRetryAfter } from "./retry-after.js";
import { isRetryableStatus } from "./retry-policy.js";

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
}

export const notJson: unique symbol = Symbol("not JSON");

const excerptLength = 200;
const maximumCodeLength = 100;
const maximumFieldViolations = 100;

/**
 * Maps any non-success answer to an `AtlasApiError`: Atlas's `ApiError` body when there is one,
 * otherwise (an HTML page from a proxy, an empty body, truncated JSON) the status and a short
 * excerpt of what came back. Never throws, whatever the body. Every text it copies from the answer
 * is redacted and bounded by `AtlasError`; what is cut shorter here (an excerpt, a request id) is
 * redacted before it is cut, so that no cut leaves part of a secret.
 */
export function errorFromAnswer(answer: FailedAnswer): AtlasApiError {
  const apiError = asApiError(answer.body);
  const common = {
    status: answer.status,
    method: answer.method,
    path: answer.path,
    requestId: requestIdOf(answer.headers),
    rateLimit: rateLimitOf(answer.headers),
    retryable: isRetryableStatus(answer.status),
    headers: answerHeaders(answer.headers),
  };
  if (!apiError) {
    return new AtlasApiError({
      ...common,
      errorCode: `HTTP_${answer.status}`,
      bodyExcerpt: excerpt(answer.bodyText),
    });
  }
  return new AtlasApiError({
    ...common,
    errorCode: apiError.errorCode,
    detail: text(apiError.detail),
    reason: text(apiError.reason),
    parameters: Array.isArray(apiError.parameters) ? (apiError.parameters as unknown[]) : undefined,
    badRequestDetail: badRequestDetailOf(apiError.badRequestDetail),
  });
}

/** A 2xx whose body is not the JSON the API promises (an HTML page, truncated JSON). */
export function invalidSuccessBody(answer: Omit<FailedAnswer, "body">): AtlasApiError {
  return new AtlasApiError({
    status: answer.status,
    method: answer.method,
    path: answer.path,
    errorCode: "INVALID_RESPONSE",
    requestId: requestIdOf(answer.headers),
    retryable: false,
    headers: answerHeaders(answer.headers),
    bodyExcerpt: excerpt(answer.bodyText),
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

function requestIdOf(headers: Headers): string | undefined {
  const value = headers.get("x-request-id") ?? headers.get("request-id");
  return value === null ? undefined : clip(value, maximumCodeLength);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function excerpt(bodyText: string): string {
  // Whitespace is flattened first (a secret split by a line break and joined by the flattening
  // would otherwise survive), on a window: the body may be megabytes long.
  const window = bodyText.length > 4 * excerptLength ? bodyText.slice(0, 64 * 1024) : bodyText;
  return clip(window.replace(/\s+/g, " ").trim(), excerptLength);
}

function badRequestDetailOf(value: unknown): { fields?: AtlasFieldViolation[] } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return {};
  return {
    fields: fields
      .slice(0, maximumFieldViolations)
      .filter((field): field is Record<string, unknown> => typeof field === "object" && field !== null)
      .map((field) => ({ field: text(field.field) ?? "", description: text(field.description) ?? "" })),
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
