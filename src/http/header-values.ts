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
 * Headers a caller or a hook gives for a request: an object of header names and sendable string
 * values, none of them in `reserved`. Refused with an `AtlasInvalidRequestError` naming `option`;
 * names may be shown (they are the caller's code), values never are: one may hold a credential.
 */
export function checkHeaderRecord(headers: unknown, option: string, reserved?: ReadonlySet<string>): void {
  if (typeof headers !== "object" || headers === null || Array.isArray(headers))
    throw new AtlasInvalidRequestError(option, "must be an object of header names and string values");
  for (const [name, value] of Object.entries(headers)) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (!isHeaderName(name)) throw new AtlasInvalidRequestError(option, `${shown} is not a header name`);
    if (reserved?.has(name.toLowerCase()))
      throw new AtlasInvalidRequestError(option, `${shown} is the client's own header and cannot be set`);
    if (!isHeaderValue(value))
      throw new AtlasInvalidRequestError(
        option,
        `the value of ${shown} cannot be sent: not a string, or it has line breaks, control characters or characters beyond Latin-1`,
      );
  }
}
