import { AtlasInvalidRequestError } from "../errors/atlas-error.js";

/**
 * What fetch (undici) accepts in a header: values of Latin-1 characters without control characters
 * (tab aside), names that are RFC 9110 tokens. Anything else fails inside fetch with a TypeError
 * whose message may quote the value, a token or a key among them; it is refused before that, with
 * an error that names the option and not the value.
 */
const unsendable = /[^\t\x20-\x7e\x80-\xff]/;
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isHeaderValue(value: unknown): value is string {
  return typeof value === "string" && !unsendable.test(value);
}

export function isHeaderName(name: string): boolean {
  return token.test(name);
}

/**
 * Headers fetch manages itself and refuses from callers (undici throws on each, and the failure
 * would look like a lost connection): refused before sending, for callers and hooks alike.
 */
export const fetchManagedHeaders: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);

/**
 * Headers a caller or a hook gives for a request, checked and copied once: an object of header
 * names and sendable string values (or a `Headers`), none of them fetch's own or in `reserved`.
 * The copy is what is sent, so that a getter or a Proxy cannot change a value after its check.
 * Refused with an `AtlasInvalidRequestError` naming `option`; names may be shown (they are the
 * caller's code), values never are: one may hold a credential.
 */
export function checkedHeaders(
  headers: unknown,
  option: string,
  reserved?: ReadonlySet<string>,
): Record<string, string> {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    throw new AtlasInvalidRequestError(option, "must be an object of header names and string values");
  const entries: Array<[string, unknown]> = [];
  if (headers instanceof Headers) headers.forEach((value, name) => entries.push([name, value]));
  else entries.push(...Object.entries(headers));
  const copy: Record<string, string> = {};
  for (const [name, value] of entries) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (!isHeaderName(name)) throw new AtlasInvalidRequestError(option, `${shown} is not a header name`);
    const lower = name.toLowerCase();
    if (fetchManagedHeaders.has(lower) || reserved?.has(lower))
      throw new AtlasInvalidRequestError(option, `${shown} is set by the client and cannot be set here`);
    if (!isHeaderValue(value))
      throw new AtlasInvalidRequestError(
        option,
        `the value of ${shown} cannot be sent: not a string, or it has line breaks, control characters or characters beyond Latin-1`,
      );
    Object.defineProperty(copy, lower, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
