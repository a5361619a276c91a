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
    for (const secret of [...this.#secrets(), ...extraSecrets]) {
      // Very short values would redact ordinary words; no real key, secret or token is that short.
      if (secret && secret.length >= 6 && result.includes(secret)) result = result.split(secret).join(redacted);
    }
    return result;
  }

  *#secrets(): Iterable<string> {
    for (const source of this.#sources) yield* source();
  }
}
