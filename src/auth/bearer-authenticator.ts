import { AtlasAuthenticationError } from "../errors/transport-errors.js";
import type { Authenticator } from "./authenticator.js";

/** A token provider: called once per request, so it can rotate tokens however it likes. */
export type BearerTokenProvider = () => string | Promise<string>;

const rememberedTokens = 16;

/** `Authorization: Bearer <token>` from a fixed string or a provider function. */
export class BearerAuthenticator implements Authenticator {
  readonly #token: string | BearerTokenProvider;
  /** The last tokens used, so that errors can be scrubbed of them. */
  readonly #seen: string[] = [];

  constructor(token: string | BearerTokenProvider) {
    this.#token = token;
    if (typeof token === "string") this.#seen.push(token);
  }

  authorizationFor(): string | Promise<string> {
    if (typeof this.#token === "string") return `Bearer ${this.#token}`;
    return Promise.resolve(this.#token()).then((token) => {
      if (typeof token !== "string" || token.trim() === "") {
        throw new AtlasAuthenticationError("auth.token: the token provider returned no token");
      }
      if (!this.#seen.includes(token)) {
        this.#seen.push(token);
        if (this.#seen.length > rememberedTokens) this.#seen.shift();
      }
      return `Bearer ${token}`;
    });
  }

  /** A provider may hand out a fresh token on the next call; a fixed token will not change. */
  shouldRetryUnauthorized(
    _headers: Headers,
    sentAuthorization: string | undefined,
    retriesSoFar: number,
  ): boolean {
    return typeof this.#token === "function" && sentAuthorization !== undefined && retriesSoFar === 0;
  }

  secrets(): string[] {
    return this.#seen;
  }

  async close(): Promise<void> {}
}
