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
