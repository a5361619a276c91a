import type { UnreadableResponseCode } from "../errors/transport-errors.js";

/**
 * The most specific code in a fetch failure, such as `ECONNREFUSED` or `UND_ERR_SOCKET`: undici
 * wraps the system error (or an AggregateError of one per address tried) in `cause`. Only codes
 * that look like codes are kept (a custom fetch may throw anything).
 */
export function connectionCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof code === "string") return /^[A-Z][A-Z0-9_]{1,47}$/.test(code) ? code : "FETCH_FAILED";
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return "FETCH_FAILED";
}

/**
 * Failures that are answers, not the absence of one: the server sent something this client will not
 * read, and would send it again. `undefined` for real connection failures (refused, reset, DNS...).
 */
export function unreadableAnswerCode(code: string): UnreadableResponseCode | undefined {
  if (code === "UND_ERR_HEADERS_OVERFLOW" || code === "HPE_HEADER_OVERFLOW") return "HEADERS_TOO_LARGE";
  // zlib's (Z_DATA_ERROR...) and brotli's (ERR__ERROR_FORMAT_PADDING_2...) decoding errors.
  if (/^(?:Z_|ERR__ERROR_|ERR_BROTLI|ERR_ZLIB|ERR_ZSTD)/.test(code)) return "CONTENT_DECODING_FAILED";
  // llhttp's parse errors (HPE_*), except a connection that ended mid-answer: that is a lost answer.
  if (code.startsWith("HPE_") && code !== "HPE_INVALID_EOF_STATE") return "MALFORMED_RESPONSE";
  return undefined;
}

/**
 * Failures where fetch refused to send the request at all (an argument it does not accept):
 * nothing reached the server, and sending it again would fail the same way.
 */
export function isRefusedRequestCode(code: string): boolean {
  return (
    code === "UND_ERR_INVALID_ARG" ||
    code === "UND_ERR_NOT_SUPPORTED" ||
    code === "ERR_INVALID_ARG_TYPE" ||
    code === "ERR_INVALID_ARG_VALUE" ||
    code === "ERR_INVALID_HTTP_TOKEN" ||
    code === "ERR_INVALID_CHAR"
  );
}
