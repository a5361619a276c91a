import { randomBytes } from "node:crypto";

/**
 * The OAuth 2.0 client-credentials side of the local Atlas: `POST /api/oauth/token` with HTTP Basic
 * client authentication over the raw (not form-urlencoded) id and secret, as Atlas wants;
 * `POST /api/oauth/revoke`; and bearer-token checks for API requests.
 */
export class OAuthTokens {
  readonly #clients: ReadonlyMap<string, string>;
  readonly #tokens = new Map<string, { clientId: string; expiresAt: number }>();
  lifetimeSeconds: number;
  /** Token requests answered with a token, and revocations. */
  issued = 0;
  revoked = 0;

  constructor(clients: ReadonlyMap<string, string>, lifetimeSeconds: number) {
    this.#clients = clients;
    this.lifetimeSeconds = lifetimeSeconds;
  }

  /** Answers a token request: [status, JSON body]. */
  issue(authorization: string | undefined, form: URLSearchParams): [number, Record<string, unknown>] {
    const clientId = this.#authenticateClient(authorization);
    if (!clientId)
      return [401, { error: "invalid_client", error_description: "Client authentication failed." }];
    if (form.get("grant_type") !== "client_credentials") {
      return [
        400,
        { error: "unsupported_grant_type", error_description: "Only client_credentials is supported." },
      ];
    }
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
