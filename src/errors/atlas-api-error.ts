import { AtlasError, nameErrorClass } from "./atlas-error.js";
import type { AtlasErrorCode } from "./error-codes.js";

/** What a caller can branch on, whatever the exact `errorCode`. */
export type AtlasApiErrorKind =
  | "bad-request" // 400
  | "unauthorized" // 401
  | "forbidden" // 403
  | "not-found" // 404
  | "conflict" // 409
  | "rate-limited" // 429
  | "version" // 406 INVALID_VERSION_DATE, 410 VERSION_GONE
  | "server" // 5xx
  | "invalid-response" // an answer that is not what the API promises: a 2xx with invalid JSON, a redirect
  | "other"; // any other status

/** What Atlas said about its rate limit in the answer's headers. */
export interface AtlasRateLimit {
  /** `RateLimit-Limit`: requests allowed in the window. */
  limit?: number;
  /** `RateLimit-Remaining`: requests left in the window. */
  remaining?: number;
  /** `Retry-After`, in milliseconds from when the answer arrived. */
  retryAfterMs?: number;
}

/** One entry of `badRequestDetail.fields`: a request field Atlas refused, and why. */
export interface AtlasFieldViolation {
  field: string;
  description: string;
}

/** What an `AtlasApiError` is made of (its constructor's argument). */
export interface AtlasApiErrorFields {
  status: number;
  errorCode: AtlasErrorCode;
  detail?: string | undefined;
  reason?: string | undefined;
  parameters?: unknown[] | undefined;
  badRequestDetail?: { fields?: AtlasFieldViolation[] } | undefined;
  method: string;
  path: string;
  requestId?: string | undefined;
  rateLimit?: AtlasRateLimit | undefined;
  retryable: boolean;
  bodyExcerpt?: string | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * An answer from Atlas that is not a success: every non-2xx status (including one that an
 * `envelope=true` answer carries inside a 200), and answers that break the API's promises (a 2xx
 * whose JSON does not parse). Its message reads
 * `PATCH /api/atlas/v2/groups/<id>/peers/<id> -> 404 PEER_NOT_FOUND: <detail>`.
 */
export class AtlasApiError extends AtlasError implements AtlasApiErrorFields {
  override name = "AtlasApiError";
  static {
    nameErrorClass(this, "AtlasApiError");
  }
  /** The HTTP status: the real one, or the one inside an envelope. */
  readonly status: number;
  /** Atlas's `errorCode`; when the body is not an Atlas error, `HTTP_<status>` (or `INVALID_RESPONSE` for a bad 2xx). */
  readonly errorCode: AtlasErrorCode;
  readonly kind: AtlasApiErrorKind;
  declare readonly detail?: string;
  declare readonly reason?: string;
  declare readonly parameters?: unknown[];
  declare readonly badRequestDetail?: { fields?: AtlasFieldViolation[] };
  readonly method: string;
  /** The request path with its ids, without query string. */
  readonly path: string;
  /** The request id the server sent back, for support tickets. */
  declare readonly requestId?: string;
  declare readonly rateLimit?: AtlasRateLimit;
  /** Whether sending the same request again may succeed (429, 502, 503, 504). */
  readonly retryable: boolean;
  /** The start of a body that was not an Atlas error (an HTML page, truncated JSON), for diagnosis. */
  declare readonly bodyExcerpt?: string;
  /**
   * The answer's headers (lower-case names), redacted like every text from an answer, without
   * `Set-Cookie`. Not enumerable: logs and JSON of the error stay short.
   */
  declare readonly headers?: Readonly<Record<string, string>>;

  constructor(fields: AtlasApiErrorFields) {
    super(describe(fields));
    this.status = fields.status;
    this.errorCode = fields.errorCode;
    this.kind = kindOf(fields.status, fields.errorCode);
    this.method = fields.method;
    this.path = fields.path;
    this.retryable = fields.retryable;
    // Optional fields are only set when present, so that logs and JSON stay short.
    if (fields.detail !== undefined) this.detail = fields.detail;
    if (fields.reason !== undefined) this.reason = fields.reason;
    if (fields.parameters !== undefined) this.parameters = fields.parameters;
    if (fields.badRequestDetail !== undefined) this.badRequestDetail = fields.badRequestDetail;
    if (fields.requestId !== undefined) this.requestId = fields.requestId;
    if (fields.rateLimit !== undefined) this.rateLimit = fields.rateLimit;
    if (fields.bodyExcerpt !== undefined) this.bodyExcerpt = fields.bodyExcerpt;
    if (fields.headers !== undefined)
      Object.defineProperty(this, "headers", { value: fields.headers, enumerable: false });
  }
}

function describe(fields: AtlasApiErrorFields): string {
  const about =
    fields.detail ??
    fields.reason ??
    (fields.bodyExcerpt !== undefined ? `unexpected body: ${JSON.stringify(fields.bodyExcerpt)}` : "");
  return `${fields.method} ${fields.path} -> ${fields.status} ${fields.errorCode}${about ? `: ${about}` : ""}`;
}

function kindOf(status: number, errorCode: string): AtlasApiErrorKind {
  if (
    errorCode === "INVALID_VERSION_DATE" ||
    errorCode === "VERSION_GONE" ||
    status === 406 ||
    status === 410
  )
    return "version";
  if (errorCode === "INVALID_RESPONSE") return "invalid-response";
  switch (status) {
    case 400:
      return "bad-request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 409:
      return "conflict";
    case 429:
      return "rate-limited";
  }
  if (status >= 500 && status <= 599) return "server";
  if (status >= 300 && status <= 399) return "invalid-response";
  return "other";
}
