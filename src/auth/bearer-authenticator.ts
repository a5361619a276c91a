import { AtlasAuthenticationError } from "../errors/transport-errors.js";
import { isHeaderValue } from "../http/header-values.js";
import type { Authenticator } from "../http/authenticator.js";

/** A token provider: called once per request, so it can rotate tokens however it likes. */
export type BearerTokenProvider = () => string | Promise<string>;

/** As many as a service account remembers: a provider that rotates per call is scrubbed of its last 64. */
const rememberedTokens = 64;

/**
 * `Authorization: Bearer <token>` from a fixed string (checked when the client is created) or a
 * provider function. A provider's promise is waited for within the call's limits (the transport
 * races it against the caller's abort, close() and the deadline); a late token is dropped.
 */
export class BearerAuthenticator implements Authenticator {
  readonly #token: string | BearerTokenProvider;
  readonly #fixed: string | undefined;
  /** The last tokens used, so that errors can be scrubbed of them. */
  readonly #seen: string[] = [];

  constructor(token: string | BearerTokenProvider) {
    this.#token = token;
    if (typeof token === "string") {
      this.#seen.push(token);
      // fetch would trim it anyway (and the redactor must know the value as sent).
      this.#fixed = `Bearer ${token.trim()}`;
    }
  }

  authorizationFor(): string | Promise<string> {
    if (this.#fixed !== undefined) return this.#fixed;
    const provider = this.#token as BearerTokenProvider;
    return new Promise<string>((resolve) => resolve(provider())).then((token) => this.#checked(token));
  }

  /** A provider may hand out a fresh token on the next call; a fixed token will not change. */
  shouldRetryUnauthorized(
    _headers: Headers,
    sentAuthorization: string | undefined,
    call: { authenticationRetries: number },
  ): boolean {
    return this.#fixed === undefined && sentAuthorization !== undefined && call.authenticationRetries === 0;
  }

  secrets(): string[] {
    return this.#seen;
  }

  async close(): Promise<void> {}

  #checked(provided: unknown): string {
    if (typeof provided !== "string" || provided.trim() === "")
      throw new AtlasAuthenticationError("auth.token: the token provider returned no token");
    // Remembered before it is judged: even a refused token must not show up in an error.
    if (!this.#seen.includes(provided)) {
      this.#seen.push(provided);
      if (this.#seen.length > rememberedTokens) this.#seen.shift();
    }
    // A token read from a file ends with a line break; fetch would trim spaces and tabs anyway.
    const token = provided.trim();
    if (!isHeaderValue(token))
      throw new AtlasAuthenticationError(
        "auth.token: the token provider returned a token that cannot be sent in an HTTP header (line breaks, control characters or characters beyond Latin-1)",
      );
    return `Bearer ${token}`;
  }
}
