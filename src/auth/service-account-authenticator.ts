import type { AtlasWarning } from "../http/deprecation-notices.js";
import { parseRetryAfter } from "../http/retry-after.js";
import { retryDelayMs, type BackoffOptions } from "../http/retry-policy.js";
import { sleep } from "../http/sleep.js";
import { SecretRedactor } from "../errors/secret-redactor.js";
import {
  AtlasAuthenticationError,
  AtlasConnectionError,
  AtlasTimeoutError,
} from "../errors/transport-errors.js";
import { connectionCode } from "../http/connection-code.js";
import type { Authenticator } from "./authenticator.js";
import type {
  BoundTokenStore,
  SharedToken,
  SharedTokenStore,
  TokenFetchContext,
  TokenWait,
} from "./shared-token-store.js";
import type { CachedToken, TokenCache } from "./token-cache.js";

export interface ServiceAccountSettings {
  clientId: string;
  clientSecret: string;
  /** The Atlas base URL; the token and revoke endpoints live under it. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  userAgent: string;
  tokenCache: TokenCache;
  /** Shared by processes: replaces `tokenCache`, and its tokens are revoked only by `revokeToken()`. */
  tokenStore: SharedTokenStore | undefined;
  revokeOnClose: boolean;
  timeoutMs: number;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  warn: (warning: AtlasWarning) => void;
}

/** Refresh this long before `expires_in` runs out (or half the lifetime, for short-lived tokens). */
const safetyMarginMs = 60_000;
/** RFC 6749 makes `expires_in` optional; without it, keep a token for 5 minutes and rely on 401 to refresh sooner. */
const assumedLifetimeMs = 5 * 60_000;
const tokenPath = "/api/oauth/token";
const revokePath = "/api/oauth/revoke";

/**
 * OAuth 2.0 client credentials for Atlas service accounts.
 *
 * One token request serves all concurrent callers (50 concurrent first calls make one token
 * request; MongoDB's own TypeScript client makes one per caller and then meets the token
 * endpoint's limit of 50 a minute). Tokens are kept in a `TokenCache` until `expires_in` minus a
 * safety margin; a 401 from the API drops the token and the call is sent once more with a new one.
 *
 * Not built on an OAuth library: Atlas rejects the RFC 6749 §2.3.1 form of HTTP Basic client
 * authentication (client id and secret form-urlencoded before base64), which is what oauth4webapi's
 * `ClientSecretBasic` sends, and what remains once that is replaced (one form POST and a JSON
 * check) is smaller than the library, which would not fit the package's 6 kB budget.
 */
export class ServiceAccountAuthenticator implements Authenticator {
  readonly #settings: ServiceAccountSettings;
  readonly #basicCredentials: string;
  readonly #cacheKey: string;
  #current: { token: CachedToken; refreshAt: number } | undefined;
  #pending: Promise<CachedToken> | undefined;
  /** Tokens this client obtained, for revocation at close and for scrubbing errors. */
  readonly #obtained: string[] = [];
  /** The shared store bound to this service account, when there is one. */
  readonly #shared: BoundTokenStore | undefined;
  /** Tokens Atlas answered 401 to: never taken from the shared store again. */
  readonly #refused = new Set<string>();

  constructor(settings: ServiceAccountSettings) {
    this.#settings = settings;
    // Atlas wants base64("id:secret") of the raw values, not of their form-urlencoded forms.
    this.#basicCredentials = Buffer.from(`${settings.clientId}:${settings.clientSecret}`, "utf8").toString(
      "base64",
    );
    this.#cacheKey = `atlas-peering-client:${settings.baseUrl}:${settings.clientId}`;
    // The settings hold the scope's fields (client id and secret, base URL, warn).
    this.#shared = settings.tokenStore?.bind(settings);
  }

  authorizationFor(): string | Promise<string> {
    const current = this.#current;
    if (current && Date.now() < current.refreshAt) return `Bearer ${current.token.accessToken}`;
    return this.#token().then((token) => `Bearer ${token.accessToken}`);
  }

  async shouldRetryUnauthorized(
    _headers: Headers,
    sentAuthorization: string | undefined,
    retriesSoFar: number,
  ): Promise<boolean> {
    if (sentAuthorization === undefined || retriesSoFar > 0) return false;
    if (this.#current && sentAuthorization === `Bearer ${this.#current.token.accessToken}`) {
      const refused = this.#current.token.accessToken;
      this.#current = undefined;
      // A shared token is forgotten only if the store still holds that one: the process that
      // met the 401 first has already put a new one there, and the fleet keeps it.
      if (this.#shared) await this.#shared.discard(this.#refuse(refused));
      else await this.#settings.tokenCache.delete(this.#cacheKey);
    }
    return true;
  }

  secrets(): string[] {
    return [this.#settings.clientSecret, this.#basicCredentials, ...this.#obtained];
  }

  /** Revokes the token in use now and the shared store's, and forgets both; see AtlasClient.revokeToken. */
  async revokeToken(): Promise<void> {
    const tokens = new Set([this.#current?.token.accessToken, (await this.#shared?.peek())?.accessToken]);
    this.#current = undefined;
    await this.#settings.tokenCache.delete(this.#cacheKey);
    for (const token of tokens) {
      if (!token) continue;
      this.#remember(token);
      await this.#shared?.discard(this.#refuse(token));
      await this.#revoke(token);
    }
  }

  async close(): Promise<void> {
    const tokens = this.#settings.revokeOnClose ? [...new Set(this.#obtained)] : [];
    this.#current = undefined;
    if (tokens.length === 0) return;
    await this.#settings.tokenCache.delete(this.#cacheKey);
    for (const token of tokens) {
      try {
        await this.#revoke(token);
      } catch (error) {
        const why = error instanceof Error ? error.message : "unknown failure";
        this.#settings.warn({
          code: "ATLAS_TOKEN_REVOKE_FAILED",
          message: `Could not revoke the service account's access token at close: ${why}.`,
        });
      }
    }
  }

  async #revoke(token: string): Promise<void> {
    const { status } = await this.#post(
      revokePath,
      `token=${encodeURIComponent(token)}&token_type_hint=access_token`,
    );
    if (status < 200 || status > 299)
      throw new AtlasAuthenticationError(`the revoke endpoint answered HTTP ${status}`, { status });
  }

  /** The cached token, or one shared token request for every caller that needs one now. */
  #token(): Promise<CachedToken> {
    this.#pending ??= this.#obtain().finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #obtain(wait: TokenWait = {}): Promise<CachedToken> {
    if (this.#shared) return this.#obtainShared(this.#shared, wait);
    const shared = await this.#settings.tokenCache.get(this.#cacheKey);
    if (shared && Date.now() < shared.expiresAt - safetyMarginMs) {
      this.#current = { token: shared, refreshAt: shared.expiresAt - safetyMarginMs };
      return shared;
    }
    const obtainedAt = Date.now();
    const { accessToken, lifetimeMs } = await this.#requestToken();
    const token: CachedToken = { accessToken, expiresAt: obtainedAt + lifetimeMs };
    this.#remember(accessToken);
    // A token with no lifetime left (expires_in: 0) serves the callers waiting for it, and is not kept.
    if (lifetimeMs > 0) {
      this.#current = { token, refreshAt: token.expiresAt - Math.min(safetyMarginMs, lifetimeMs / 2) };
      await this.#settings.tokenCache.set(this.#cacheKey, token);
    }
    return token;
  }

  /**
   * With a shared store: the fleet's token, or one token request for the whole fleet (the store's
   * lock); the renewal time is computed here, where the lifetime is known.
   */
  async #obtainShared(store: BoundTokenStore, wait: TokenWait): Promise<CachedToken> {
    const fetchToken = async (context: TokenFetchContext): Promise<SharedToken> => {
      const obtainedAt = Date.now();
      const { accessToken, lifetimeMs } = await this.#requestToken(context);
      const expiresAt = obtainedAt + lifetimeMs;
      return { accessToken, expiresAt, refreshAt: expiresAt - Math.min(safetyMarginMs, lifetimeMs / 2) };
    };
    const token = await store.obtain(fetchToken, { ...wait, refused: this.#refused });
    this.#remember(token.accessToken);
    if (Date.now() < token.refreshAt) this.#current = { token, refreshAt: token.refreshAt };
    return token;
  }

  /** Keeps a token for revocation at close and for scrubbing errors (the newest 16). */
  #remember(token: string): void {
    this.#obtained.push(token);
    if (this.#obtained.length > 16) this.#obtained.shift();
  }

  /** Marks a token Atlas refused, never to be taken from the shared store again; returns it. */
  #refuse(token: string): string {
    if (this.#refused.size > 16) this.#refused.clear();
    this.#refused.add(token);
    return token;
  }

  async #requestToken(context?: TokenFetchContext): Promise<{ accessToken: string; lifetimeMs: number }> {
    const { maxRetries, backoff } = this.#settings;
    for (let retry = 0; ; retry += 1) {
      let response: { status: number; headers: Headers; text: string };
      try {
        response = await this.#post(tokenPath, "grant_type=client_credentials");
      } catch (error) {
        if (retry < maxRetries) {
          await sleep(retryDelayMs(retry, undefined, backoff) ?? 0, undefined);
          continue;
        }
        throw error;
      }
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      // With a shared store, the fleet learns of the 429 and none of it asks before Retry-After.
      if (response.status === 429) await context?.rateLimited(Date.now() + (retryAfterMs ?? 0));
      if ((response.status === 429 || response.status >= 500) && retry < maxRetries) {
        const delay = retryDelayMs(retry, retryAfterMs, backoff);
        if (delay !== undefined) {
          await sleep(delay, undefined);
          continue;
        }
      }
      return this.#readTokenAnswer(response.status, response.text);
    }
  }

  #readTokenAnswer(status: number, text: string): { accessToken: string; lifetimeMs: number } {
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    if (status < 200 || status > 299) {
      const oauthError = typeof body?.error === "string" ? body.error : undefined;
      const description =
        typeof body?.error_description === "string"
          ? new SecretRedactor(() => this.secrets()).redact(body.error_description)
          : undefined;
      const details: { status: number; oauthError?: string; description?: string } = { status };
      if (oauthError !== undefined) details.oauthError = oauthError.slice(0, 100);
      if (description !== undefined) details.description = description.slice(0, 500);
      const why = [oauthError, description].filter(Boolean).join(": ") || "no OAuth error in the answer";
      throw new AtlasAuthenticationError(
        `the token endpoint refused the service account credentials: ${status} ${why}`,
        details,
      );
    }
    const accessToken = body?.access_token;
    if (typeof accessToken !== "string" || accessToken === "") {
      throw new AtlasAuthenticationError(`the token endpoint answered ${status} without an access_token`, {
        status,
      });
    }
    const tokenType = body?.token_type;
    if (tokenType !== undefined && (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")) {
      throw new AtlasAuthenticationError(
        `the token endpoint issued a token of type ${JSON.stringify(tokenType).slice(0, 40)}, not Bearer`,
        { status },
      );
    }
    const expiresIn = body?.expires_in;
    const lifetimeMs =
      typeof expiresIn === "number" && Number.isFinite(expiresIn)
        ? Math.max(0, expiresIn * 1000)
        : assumedLifetimeMs;
    return { accessToken, lifetimeMs };
  }

  /** POSTs a form and reads the answer's body within `timeoutMs` (a timer cleared at once, not left behind). */
  async #post(path: string, form: string): Promise<{ status: number; headers: Headers; text: string }> {
    const { fetch, baseUrl, timeoutMs, userAgent } = this.#settings;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method: "POST",
        headers: {
          authorization: `Basic ${this.#basicCredentials}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
          "user-agent": userAgent,
        },
        body: form,
        redirect: "manual",
        signal: controller.signal,
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (controller.signal.aborted) throw new AtlasTimeoutError("POST", path, timeoutMs);
      throw new AtlasConnectionError("POST", path, connectionCode(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
