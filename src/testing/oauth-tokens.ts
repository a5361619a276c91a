import { randomBytes } from "node:crypto";

/**
 * Atlas's limit on its token endpoint, opt-in: past `requests` tokens issued within `windowMs`, a
 * token request is answered 429 `RATE_LIMITED` with `Retry-After` (seconds until a slot frees up),
 * as Atlas answers past 10 a minute.
 */
export interface TokenRateLimit {
  requests: number;
  windowMs: number;
}

/** A token endpoint's answer: status, JSON body, and extra headers. */
export type TokenAnswer = [number, Record<string, unknown>, Record<string, string>?];

/**
 * The OAuth 2.0 client-credentials side of the local Atlas: `POST /api/oauth/token` with HTTP Basic
 * client authentication over the raw (not form-urlencoded) id and secret, as Atlas wants;
 * `POST /api/oauth/revoke`; and bearer-token checks for API requests.
 */
export class OAuthTokens {
  readonly #clients: ReadonlyMap<string, string>;
  readonly #tokens = new Map<string, { clientId: string; expiresAt: number }>();
  readonly #rateLimit: TokenRateLimit | undefined;
  /** When each token still inside the rate limit's window was issued. */
  #issuedAt: number[] = [];
  lifetimeSeconds: number;
  /** Token requests answered with a token, and revocations. */
  issued = 0;
  revoked = 0;
  /** Token requests answered 429 RATE_LIMITED. */
  rateLimited = 0;

  constructor(clients: ReadonlyMap<string, string>, lifetimeSeconds: number, rateLimit?: TokenRateLimit) {
    this.#clients = clients;
    this.lifetimeSeconds = lifetimeSeconds;
    this.#rateLimit = rateLimit;
  }

  /** Answers a token request: [status, JSON body, headers]. */
  issue(authorization: string | undefined, form: URLSearchParams): TokenAnswer {
    const clientId = this.#authenticateClient(authorization);
    if (!clientId)
      return [401, { error: "invalid_client", error_description: "Client authentication failed." }];
    if (form.get("grant_type") !== "client_credentials") {
      return [
        400,
        { error: "unsupported_grant_type", error_description: "Only client_credentials is supported." },
      ];
    }
    const limited = this.#limited();
    if (limited) return limited;
    const accessToken = randomBytes(24).toString("base64url");
    this.#tokens.set(accessToken, { clientId, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    this.issued += 1;
    return [200, { access_token: accessToken, expires_in: this.lifetimeSeconds, token_type: "Bearer" }];
  }

  revoke(authorization: string | undefined, form: URLSearchParams): [number, Record<string, unknown>] {
    if (!this.#authenticateClient(authorization))
      return [401, { error: "invalid_client", error_description: "Client authentication failed." }];
    const token = form.get("token");
    if (token && this.#tokens.delete(token)) this.revoked += 1;
    return [200, {}];
  }

  /** Whether a bearer token is one we issued, unexpired and unrevoked. */
  accepts(token: string): boolean {
    const entry = this.#tokens.get(token);
    return entry !== undefined && entry.expiresAt > Date.now();
  }

  /** Makes every token issued so far expire now (a test of the client's refresh on 401). */
  expireAll(): void {
    for (const entry of this.#tokens.values()) entry.expiresAt = 0;
  }

  get active(): number {
    const now = Date.now();
    return [...this.#tokens.values()].filter((entry) => entry.expiresAt > now).length;
  }

  /** Atlas's answer past the limit, or undefined (and the request counted) within it. */
  #limited(): TokenAnswer | undefined {
    if (!this.#rateLimit) return undefined;
    const { requests, windowMs } = this.#rateLimit;
    const now = Date.now();
    this.#issuedAt = this.#issuedAt.filter((at) => at > now - windowMs);
    if (this.#issuedAt.length < requests) {
      this.#issuedAt.push(now);
      return undefined;
    }
    this.rateLimited += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((this.#issuedAt[0]! + windowMs - now) / 1000));
    const resource = "/api/oauth/token";
    return [
      429,
      {
        detail: `Resource ${resource} is limited to ${requests} requests every ${windowMs / 60_000} minutes.`,
        error: 429,
        errorCode: "RATE_LIMITED",
        parameters: [resource, requests, windowMs / 60_000],
        reason: "Too Many Requests",
      },
      { "retry-after": String(retryAfterSeconds) },
    ];
  }

  #authenticateClient(authorization: string | undefined): string | undefined {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? "");
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    if (separator === -1) return undefined;
    const clientId = decoded.slice(0, separator);
    const secret = decoded.slice(separator + 1);
    return this.#clients.get(clientId) === secret ? clientId : undefined;
  }
}
