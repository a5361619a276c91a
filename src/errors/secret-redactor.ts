const redacted = "[REDACTED]";

/**
 * Removes secrets from text that comes from outside (an error body a server wrote, a token
 * endpoint's description): a hostile or buggy server may echo the Authorization header or the
 * token it was sent. Used on error paths only, so its cost does not touch successful calls.
 */
export class SecretRedactor {
  readonly #sources: Array<() => Iterable<string>>;

  constructor(...sources: Array<() => Iterable<string>>) {
    this.#sources = sources;
  }

  redact(text: string, extraSecrets: Iterable<string | undefined> = []): string {
    let result = text;
    // Longest first, so that a whole `Authorization` value goes before the token inside it.
    const secrets = [...extraSecrets, ...this.#secrets()].filter(
      (secret): secret is string => typeof secret === "string",
    );
    for (const secret of secrets.sort((a, b) => b.length - a.length)) {
      // Very short values would redact ordinary words; no real key, secret or token is that short.
      if (secret.length >= 6 && result.includes(secret)) result = result.split(secret).join(redacted);
    }
    return result;
  }

  /**
   * The same for a JSON value from a server (an error's `parameters`): every string in it, at any
   * depth up to a limit; deeper than that, `undefined` (the value is dropped, not copied unchecked).
   */
  redactJson(value: unknown, extraSecrets: Iterable<string | undefined> = [], depth = 0): unknown {
    if (depth > 32) return undefined;
    if (typeof value === "string") return this.redact(value, extraSecrets);
    if (Array.isArray(value)) return value.map((item) => this.redactJson(item, extraSecrets, depth + 1));
    if (typeof value !== "object" || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty, not assignment: a `__proto__` key from a server stays an ordinary key.
      Object.defineProperty(copy, this.redact(key, extraSecrets), {
        value: this.redactJson(item, extraSecrets, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }

  *#secrets(): Iterable<string> {
    for (const source of this.#sources) yield* source();
  }
}
