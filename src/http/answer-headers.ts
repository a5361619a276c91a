import { clip } from "../errors/redaction.js";

/** Answer headers never shown: cookies are credentials, and an echoed Authorization would be one. */
const hidden = new Set(["set-cookie", "authorization", "proxy-authorization", "cookie"]);
/** Longer values are cut: a header is a diagnosis aid here, not a channel for megabytes. */
const maximumValueLength = 1_000;

/**
 * An answer's headers as a plain object (lower-case names), for errors and events: without the
 * ones that carry credentials, and each value redacted and bounded (a server may echo a token into
 * any header).
 */
export function answerHeaders(headers: Headers): Readonly<Record<string, string>> {
  const shown: Record<string, string> = {};
  headers.forEach((value, name) => {
    // defineProperty: a header named __proto__ is a header, not a prototype.
    if (!hidden.has(name))
      Object.defineProperty(shown, name, { value: clip(value, maximumValueLength), enumerable: true });
  });
  return Object.freeze(shown);
}
