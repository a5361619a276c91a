import { AtlasError, nameErrorClass } from "./atlas-error.js";
import { redact } from "./redaction.js";
import type { AtlasErrorCode } from "./error-codes.js";

/**
 * What a caller can branch on, whatever the exact `errorCode`: {@link AtlasApiError.kind}. It
 * follows from the answer's HTTP status (the real one, or the one inside an envelope) and, for a few
 * codes, from its `errorCode`. The first row that matches gives the kind:
 *
 * | status | errorCode | kind | what it means |
 * | --- | --- | --- | --- |
 * | any | `INVALID_VERSION_DATE`, `VERSION_GONE` | `version` | Atlas does not serve the requested API version date: set another `apiVersion` |
 * | 406, 410 | any | `version` | the same, said with the status alone |
 * | any | `INVALID_RESPONSE` | `invalid-response` | a 2xx answer whose body is not the JSON the API promises (an HTML page, truncated JSON) |
 * | 400 | any | `bad-request` | Atlas refused the request as written: see `detail` and `badRequestDetail.fields` |
 * | 401 | any | `unauthorized` | the credentials were refused, after the client's own authentication round (digest challenge, one fresh token) |
 * | 403 | any | `forbidden` | the credentials may not do this (a role missing, an IP address not on the API access list) |
 * | 404 | any | `not-found` | no such project, peer or container (`PEER_NOT_FOUND`, `CLOUD_PROVIDER_CONTAINER_NOT_FOUND`, ...) |
 * | 409 | any | `conflict` | the current state forbids it (`CONTAINERS_IN_USE`, `CONTAINER_ALREADY_EXISTS`, ...) |
 * | 429 | any | `rate-limited` | too many requests, still after the client's retries: `rateLimit` holds what Atlas said of its limit |
 * | 500-599 | any | `server` | Atlas, or a proxy in front of it, failed (502, 503 and 504 are `retryable`) |
 * | 300-399 | any | `invalid-response` | a redirect, which the client never follows (credentials stay with their origin) |
 * | any other | any | `other` | any other status, such as 405 or 413 |
 */
export type AtlasApiErrorKind =
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "rate-limited"
  | "version"
  | "server"
  | "invalid-response"
  | "other";

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
  /** The path of the refused field in the request body, as Atlas names it (such as `vpcId`). */
  field: string;
  /** Why Atlas refused it, in Atlas's words. */
  description: string;
}

/** What an `AtlasApiError` is made of (its constructor's argument). */
export interface AtlasApiErrorFields {
  /** The HTTP status: the real one, or the one inside an envelope. `kind` is derived from it. */
  status: number;
  /** Atlas's `errorCode`, or `HTTP_<status>` when the body is not an Atlas error. */
  errorCode: AtlasErrorCode;
  /** Atlas's `detail`: the error explained in words. */
  detail?: string | undefined;
  /** Atlas's `reason`: the HTTP reason phrase, such as `Not Found`. */
  reason?: string | undefined;
  /** Atlas's `parameters`: the values `detail` was built from. */
  parameters?: unknown[] | undefined;
  /** Atlas's `badRequestDetail`: the request fields it refused. */
  badRequestDetail?:
    | {
        /** One entry per refused field. */
        fields?: AtlasFieldViolation[];
      }
    | undefined;
  /** The request's HTTP method, such as `PATCH`. */
  method: string;
  /** The request path with its ids, without query string. */
  path: string;
  /** The answer's `X-Request-Id` (or `Request-Id`) header. */
  requestId?: string | undefined;
  /** What the answer's `RateLimit-*` and `Retry-After` headers said. */
  rateLimit?: AtlasRateLimit | undefined;
  /** Whether the same request may succeed if sent again (429, 502, 503, 504). */
  retryable: boolean;
  /** The start of a body that is not an Atlas error (an HTML page, truncated JSON). */
  bodyExcerpt?: string | undefined;
  /** See `AtlasApiError.headers`. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * An answer from Atlas that is not a success: every non-2xx status (including one that an
 * `envelope=true` answer carries inside a 200), and answers that break the API's promises (a 2xx
 * whose JSON does not parse). Its message reads
 * `PATCH /api/atlas/v2/groups/<id>/peers/<id> -> 404 PEER_NOT_FOUND: <detail>`.
 */
export class AtlasApiError extends AtlasError implements AtlasApiErrorFields {
  /**
   * Always `"AtlasApiError"`, whichever copy of the package made the error (the ESM or the
   * CommonJS build): what `isAtlasErrorCode` checks, and what logs show.
   */
  override name = "AtlasApiError";
  static {
    nameErrorClass(this, "AtlasApiError");
  }
  /** The HTTP status: the real one, or the one inside an envelope. */
  declare readonly status: number;
  /** Atlas's `errorCode`; when the body is not an Atlas error, `HTTP_<status>` (or `INVALID_RESPONSE` for a bad 2xx). */
  declare readonly errorCode: AtlasErrorCode;
  /**
   * What kind of failure this is, for code that branches on it ({@link AtlasApiErrorKind}). It
   * follows from `status` and, for a few codes, from `errorCode`; the first row that matches gives
   * the kind:
   *
   * | status | errorCode | kind | what it means |
   * | --- | --- | --- | --- |
   * | any | `INVALID_VERSION_DATE`, `VERSION_GONE` | `version` | Atlas does not serve the requested API version date: set another `apiVersion` |
   * | 406, 410 | any | `version` | the same, said with the status alone |
   * | any | `INVALID_RESPONSE` | `invalid-response` | a 2xx answer whose body is not the JSON the API promises (an HTML page, truncated JSON) |
   * | 400 | any | `bad-request` | Atlas refused the request as written: see `detail` and `badRequestDetail.fields` |
   * | 401 | any | `unauthorized` | the credentials were refused, after the client's own authentication round (digest challenge, one fresh token) |
   * | 403 | any | `forbidden` | the credentials may not do this (a role missing, an IP address not on the API access list) |
   * | 404 | any | `not-found` | no such project, peer or container (`PEER_NOT_FOUND`, `CLOUD_PROVIDER_CONTAINER_NOT_FOUND`, ...) |
   * | 409 | any | `conflict` | the current state forbids it (`CONTAINERS_IN_USE`, `CONTAINER_ALREADY_EXISTS`, ...) |
   * | 429 | any | `rate-limited` | too many requests, still after the client's retries: `rateLimit` holds what Atlas said of its limit |
   * | 500-599 | any | `server` | Atlas, or a proxy in front of it, failed (502, 503 and 504 are `retryable`) |
   * | 300-399 | any | `invalid-response` | a redirect, which the client never follows (credentials stay with their origin) |
   * | any other | any | `other` | any other status, such as 405 or 413 |
   */
  declare readonly kind: AtlasApiErrorKind;
  /**
   * Atlas's explanation of this error in words (the error body's `detail`), such as
   * `No network peering connection with ID … exists in this project.` Absent when the body had
   * none or was not an Atlas error (see `bodyExcerpt`). Scrubbed of secrets and cut at 2 000
   * characters; the message ends with it.
   */
  declare readonly detail?: string;
  /**
   * The HTTP reason phrase Atlas puts in its error body (`reason`), such as `Not Found` or
   * `Conflict`; absent when the body had none. The message shows it only when `detail` is absent.
   */
  declare readonly reason?: string;
  /**
   * The values Atlas filled into `detail` (the error body's `parameters`), such as the ids a
   * `PEER_NOT_FOUND` names, for code that needs them without parsing the text. Absent when Atlas
   * sent none; any secret in them is scrubbed.
   */
  declare readonly parameters?: unknown[];
  /**
   * For a refused request body (a 400 such as `VALIDATION_ERROR`): which fields Atlas refused and
   * why, from the error body's `badRequestDetail`. Absent when Atlas sent none; `fields` is absent
   * when Atlas sent no list, and holds at most 100 entries.
   */
  declare readonly badRequestDetail?: {
    /** One entry per refused field: its path in the body and Atlas's reason. */
    fields?: AtlasFieldViolation[];
  };
  /** The HTTP method of the request that got this answer, such as `PATCH`. */
  declare readonly method: string;
  /** The request path with its ids, without query string. */
  declare readonly path: string;
  /** The request id the server sent back, for support tickets. */
  declare readonly requestId?: string;
  /**
   * What the answer's `RateLimit-Limit`, `RateLimit-Remaining` and `Retry-After` headers said,
   * whatever the status (Atlas sends them with a 429 `RATE_LIMITED_TOKEN_BUCKET`); absent when
   * the answer had none of them. A 429 whose `Retry-After` is longer than
   * `backoff.maxRetryAfterMs` comes back at once, its `retryAfterMs` saying how long Atlas asked
   * to wait.
   */
  declare readonly rateLimit?: AtlasRateLimit;
  /** Whether sending the same request again may succeed (429, 502, 503, 504). */
  declare readonly retryable: boolean;
  /** The start of a body that was not an Atlas error (an HTML page, truncated JSON), for diagnosis. */
  declare readonly bodyExcerpt?: string;
  /**
   * The answer's headers (lower-case names), redacted like every text from an answer, without
   * `Set-Cookie`. Not enumerable: logs and JSON of the error stay short.
   */
  declare readonly headers?: Readonly<Record<string, string>>;

  /**
   * The client builds these from Atlas's answers. Build one yourself to stand in for Atlas in a
   * test of your own error handling: the message and `kind` are derived from `fields`.
   */
  constructor(fields: AtlasApiErrorFields) {
    const { headers, ...shown } = fields;
    // An identifier: a code is compared, switched on and logged, never a place for text.
    const errorCode = redact(String(fields.errorCode))
      .slice(0, 100)
      .replace(/[^\w.-]/g, "_");
    super(describe({ ...fields, errorCode }), {
      fields: { ...shown, errorCode, kind: kindOf(fields.status, errorCode) },
      hidden: { headers },
    });
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
