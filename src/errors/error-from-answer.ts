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

export interface Redact {
  (text: string): string;
  json(value: unknown): unknown;
}

export const notJson: unique symbol = Symbol("not JSON");

const excerptLength = 200;
const maximumTextLength = 2_000;

/**
 * Maps any non-success answer to an `AtlasApiError`: Atlas's `ApiError` body when there is one,
 * otherwise (an HTML page from a proxy, an empty body, truncated JSON) the status and a short
 * excerpt of what came back. Never throws, whatever the body.
 */
export function errorFromAnswer(answer: FailedAnswer): AtlasApiError {
  const apiError = asApiError(answer.body);
  const common = {
    status: answer.status,
    method: answer.method,
    path: answer.path,
    requestId: answer.headers.get("x-request-id") ?? answer.headers.get("request-id") ?? undefined,
    rateLimit: rateLimitOf(answer.headers),
    retryable: isRetryableStatus(answer.status),
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
    errorCode: apiError.errorCode.slice(0, 100),
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
    requestId: answer.headers.get("x-request-id") ?? undefined,
    retryable: false,
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

function cleanText(value: unknown, redact: (text: string) => string): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = redact(value);
  return text.length > maximumTextLength ? `${text.slice(0, maximumTextLength)}…` : text;
}

function excerpt(bodyText: string, redact: (text: string) => string): string {
  // Redact the whole body before cutting it: a cut could leave half a secret that no longer matches.
  const flattened = redact(bodyText).replace(/\s+/g, " ").trim();
  return flattened.length > excerptLength ? `${flattened.slice(0, excerptLength)}…` : flattened;
}

function parametersOf(value: unknown, redact: Redact): unknown[] | undefined {
  return Array.isArray(value) ? (redact.json(value) as unknown[]) : undefined;
}

function badRequestDetailOf(
  value: unknown,
  redact: (text: string) => string,
): { fields?: AtlasFieldViolation[] } | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return {};
  return {
    fields: fields
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
