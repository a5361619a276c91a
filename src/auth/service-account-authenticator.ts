import type { AtlasWarning } from "../http/deprecation-notices.js";
import type { CallScope } from "../http/call-scope.js";
import type { ClientLifetime } from "../http/client-lifetime.js";
import { connectionCode, unreadableAnswerCode } from "../http/connection-code.js";
import { timerDelay } from "../http/durations.js";
import { isHeaderValue } from "../http/header-values.js";
import { BodyTooLarge, readBody } from "../http/read-body.js";
import { parseRetryAfter } from "../http/retry-after.js";
import { retryDelayMs, type ResolvedBackoff } from "../http/retry-policy.js";
import { sleep } from "../http/sleep.js";
import { SecretRedactor } from "../errors/secret-redactor.js";
import {
  AtlasAuthenticationError,
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  clientClosedError,
} from "../errors/transport-errors.js";
import type { AtlasAuthEvent } from "../observability/events.js";
import { specFacts } from "../spec-facts.js";
import type { Authenticator } from "./authenticator.js";
import type {
  BoundTokenStore,
  SharedToken,
  SharedTokenStore,
  TokenFetchContext,
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
  /** Per token request; 0: none. */
  timeoutMs: number;
  maxRetries: number;
  backoff: ResolvedBackoff;
  maxResponseBytes: number;
  warn: (warning: AtlasWarning) => void;
  observe: (event: AtlasAuthEvent) => void;
  /** Aborts at close(): no token request starts after that. */
  lifetime: ClientLifetime;
}

/** Refresh this long before `expires_in` runs out (or half the lifetime, for short-lived tokens). */
const safetyMarginMs = 60_000;
/** RFC 6749 makes `expires_in` optional; without it, keep a token for 5 minutes and rely on 401 to refresh sooner. */
const assumedLifetimeMs = 5 * 60_000;
const maximumLifetimeMs = 24 * 3600_000;
/**
 * close() waits this long at most for a token request already sent (its own timeoutMs may end it
 * sooner; with timeoutMs 0 nothing else would): the token it brings must be known to be revoked.
 */
const closeWaitMs = 30_000;
/** Tokens remembered for revocation and for scrubbing errors. */
const rememberedTokens = 64;
const { tokenPath, revokePath } = specFacts;

interface Acquisition {
  promise: Promise<CachedToken>;
  /** Calls waiting for it; when the last one leaves, `stop` aborts. */
  waiters: number;
  stop: AbortController;
}

/**
 * OAuth 2.0 client credentials for Atlas service accounts.
 *
 * One token request serves all concurrent callers (50 concurrent first calls make one token
 * request; MongoDB's own TypeScript client makes one per caller and then meets the token
 * endpoint's limit of 50 a minute). Tokens are kept in a `TokenCache` until `expires_in` minus a
 * safety margin; a 401 from the API drops the token and the call is sent again with a new one.
 *
 * Each call waits for the shared token within its own limits (its AbortSignal, its deadline,
 * close()); when no call waits any more, the acquisition starts no new request (a retry after a
 * 429, say), and the endpoint's Retry-After still holds for the next one. A request already sent
 * is never cut short by a caller: the token it brings is recorded, so that close() can revoke
 * every token this client obtained, including one that arrives while close() waits for it.
 *
 * Not built on an OAuth library: Atlas rejects the RFC 6749 §2.3.1 form of HTTP Basic client
 * authentication (client id and secret form-urlencoded before base64), which is what oauth4webapi's
 * `ClientSecretBasic` sends, and what remains once that is replaced (one form POST and a JSON
 * check) is smaller than the library, which would not fit the package's size budget.
 */
export class ServiceAccountAuthenticator implements Authenticator {
  readonly #settings: ServiceAccountSettings;
  readonly #basicCredentials: string;
  readonly #cacheKey: string;
  readonly #redactor = new SecretRedactor(() => this.secrets());
  #current: { authorization: string; refreshAt: number } | undefined;
  #acquisition: Acquisition | undefined;
  /** No token request starts before this (`Date.now()`): the endpoint's last Retry-After, or backoff. */
  #notBefore = 0;
  /** Token requests on the wire, and what aborts each: close() waits for them. */
  readonly #inFlight = new Set<{ done: Promise<unknown>; controller: AbortController }>();
  /** Every token obtained, with its expiry: revoked at close while unexpired, scrubbed from errors. */
  readonly #obtained = new Map<string, number>();
  /** The shared store bound to this service account, when there is one. */
  readonly #shared: BoundTokenStore | undefined;
  /** Tokens Atlas answered 401 to: never taken from the shared store again. */
  readonly #refused = new Set<string>();
  /** Tokens this client fetched from the token endpoint: the first is "fetched", later ones "refreshed". */
  #fetched = 0;
  readonly answeredUnauthorized = "token-refused";

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

  authorizationFor(_method: string, _requestTarget: string, call: CallScope): string | Promise<string> {
    const current = this.#current;
    if (current && Date.now() < current.refreshAt) return current.authorization;
    return this.#waitForToken(call).then((token) => `Bearer ${token.accessToken}`);
  }

  async shouldRetryUnauthorized(
    _headers: Headers,
    sentAuthorization: string | undefined,
    call: CallScope,
  ): Promise<boolean> {
    if (sentAuthorization === undefined) return false;
    // The API refused this token (expired early, revoked): forget it, and try again with another.
    if (this.#current?.authorization === sentAuthorization) {
      this.#current = undefined;
      // A shared token is forgotten only if the store still holds that one: the process that
      // met the 401 first has already put a new one there, and the fleet keeps it.
      if (this.#shared) await this.#shared.discard(this.#refuse(tokenOf(sentAuthorization)));
      else await this.#settings.tokenCache.delete(this.#cacheKey);
    }
    // Never the same refused token twice in one call. A new one each time otherwise (within the
    // transport's four authentication retries): tokens can expire at Atlas again and again while
    // a call runs, and valid credentials must not end in 401. The cost, when Atlas refuses every
    // token, is at most five token requests for that call.
    const refusedBefore = call.authState;
    call.authState = sentAuthorization;
    return refusedBefore !== sentAuthorization;
  }

  secrets(): string[] {
    return [this.#settings.clientSecret, this.#basicCredentials, ...this.#obtained.keys()];
  }

  /**
   * Revokes the token in use now and the shared store's, and forgets both (see
   * AtlasClient.revokeToken). Rejects with AtlasAuthenticationError when Atlas refuses.
   */
  async revokeToken(): Promise<void> {
    const inUse = this.#current ? tokenOf(this.#current.authorization) : undefined;
    const tokens = new Set([inUse, (await this.#shared?.peek())?.accessToken]);
    this.#current = undefined;
    await this.#settings.tokenCache.delete(this.#cacheKey);
    for (const token of tokens) {
      if (!token) continue;
      this.#remember(token, Date.now() + maximumLifetimeMs);
      await this.#shared?.discard(this.#refuse(token));
      await this.#revoke(token);
    }
  }

  /**
   * Called once the client's lifetime is closed (no acquisition starts a new request): waits for
   * the token requests on the wire, then revokes every unexpired token this client obtained.
   */
  async close(): Promise<void> {
    this.#current = undefined;
    const onTheWire = [...this.#inFlight];
    const giveUp = setTimeout(() => onTheWire.forEach(({ controller }) => controller.abort()), closeWaitMs);
    await Promise.allSettled(onTheWire.map(({ done }) => done));
    clearTimeout(giveUp);
    const now = Date.now();
    const tokens = this.#settings.revokeOnClose
      ? [...this.#obtained].filter(([, expiresAt]) => expiresAt > now).map(([token]) => token)
      : [];
    if (tokens.length === 0) return;
    await this.#settings.tokenCache.delete(this.#cacheKey);
    await Promise.all(tokens.map((token) => this.#revokeAtClose(token)));
  }

  /**
   * One shared acquisition for every call that needs a token now; each call waits within its own
   * limits. When the last one stops waiting, the acquisition sends nothing more, and the next call
   * starts a new one.
   */
  async #waitForToken(call: CallScope): Promise<CachedToken> {
    let acquisition = this.#acquisition;
    if (!acquisition) {
      const stop = new AbortController();
      const started = this.#acquireToken(AbortSignal.any([stop.signal, this.#settings.lifetime.signal]));
      const current: Acquisition = { waiters: 0, stop, promise: started };
      current.promise = started.finally(() => {
        if (this.#acquisition === current) this.#acquisition = undefined;
      });
      // Its waiters may all be gone by the time it fails.
      current.promise.catch(() => {});
      this.#acquisition = acquisition = current;
    }
    acquisition.waiters += 1;
    try {
      return await call.wait(acquisition.promise);
    } finally {
      acquisition.waiters -= 1;
      if (acquisition.waiters === 0 && this.#acquisition === acquisition) {
        this.#acquisition = undefined;
        acquisition.stop.abort(new Error("no call waits for the token any more"));
      }
    }
  }

  /**
   * Gets a token for this client: a fresh one from the token cache, or one from the token
   * endpoint. `signal` aborts when nobody waits for the token any more, or when the client closes:
   * no token request starts after that, while one already sent is let finish, so that the token
   * it brings is known, and can be revoked.
   */
  async #acquireToken(signal: AbortSignal): Promise<CachedToken> {
    if (this.#shared) return this.#acquireShared(this.#shared, signal);
    const shared = await this.#settings.tokenCache.get(this.#cacheKey);
    if (
      shared &&
      Date.now() < shared.expiresAt - safetyMarginMs &&
      // A shared cache is outside this process: what it holds must still be sendable.
      isHeaderValue(shared.accessToken) &&
      shared.accessToken !== ""
    ) {
      this.#use(shared, shared.expiresAt - safetyMarginMs);
      this.#settings.observe({ type: "token-shared", expiresInMs: shared.expiresAt - Date.now() });
      return shared;
    }
    const obtainedAt = Date.now();
    const { accessToken, lifetimeMs } = await this.#requestToken(signal);
    this.#fetchedOne(lifetimeMs);
    const token: CachedToken = { accessToken, expiresAt: obtainedAt + lifetimeMs };
    // A token with no lifetime left (expires_in: 0) serves the callers waiting for it, and is not kept.
    if (lifetimeMs > 0 && !this.#settings.lifetime.closed) {
      this.#use(token, token.expiresAt - Math.min(safetyMarginMs, lifetimeMs / 2));
      await this.#settings.tokenCache.set(this.#cacheKey, token);
    }
    return token;
  }

  /**
   * With a shared store: the fleet's token, or one token request for the whole fleet (the store's
   * lock). `signal` ends the store's waits too (for another process's request, for a rate limit)
   * when no call waits for the token any more, or at close(); each call's own deadline and abort
   * end its own wait (see #waitForToken). The renewal time is computed here, where the lifetime is known.
   */
  async #acquireShared(store: BoundTokenStore, signal: AbortSignal): Promise<CachedToken> {
    const fetchToken = async (context: TokenFetchContext): Promise<SharedToken> => {
      const obtainedAt = Date.now();
      const { accessToken, lifetimeMs } = await this.#requestToken(signal, context);
      this.#fetchedOne(lifetimeMs);
      const expiresAt = obtainedAt + lifetimeMs;
      return { accessToken, expiresAt, refreshAt: expiresAt - Math.min(safetyMarginMs, lifetimeMs / 2) };
    };
    const fetchedBefore = this.#fetched;
    const token = await store.obtain(fetchToken, { signal, refused: this.#refused });
    if (this.#fetched === fetchedBefore)
      this.#settings.observe({ type: "token-shared", expiresInMs: token.expiresAt - Date.now() });
    this.#remember(token.accessToken, token.expiresAt);
    // The store is outside this process: what it holds must still be sendable.
    if (!isHeaderValue(token.accessToken) || token.accessToken === "") {
      await store.discard(this.#refuse(token.accessToken));
      throw new AtlasAuthenticationError(
        "the shared token store holds a token that cannot be sent in an HTTP header",
      );
    }
    if (Date.now() < token.refreshAt) this.#use(token, token.refreshAt);
    return token;
  }

  #fetchedOne(lifetimeMs: number): void {
    this.#fetched += 1;
    this.#settings.observe({
      type: this.#fetched === 1 ? "token-fetched" : "token-refreshed",
      expiresInMs: lifetimeMs,
    });
  }

  /** Marks a token Atlas refused, never to be taken from the shared store again; returns it. */
  #refuse(token: string): string {
    if (this.#refused.size > rememberedTokens) this.#refused.clear();
    this.#refused.add(token);
    return token;
  }

  #use(token: CachedToken, refreshAt: number): void {
    if (!this.#settings.lifetime.closed)
      this.#current = { authorization: `Bearer ${token.accessToken}`, refreshAt };
  }

  async #requestToken(
    signal: AbortSignal,
    context?: TokenFetchContext,
  ): Promise<{ accessToken: string; lifetimeMs: number }> {
    const { maxRetries, backoff } = this.#settings;
    for (let retry = 0; ; retry += 1) {
      const wait = this.#notBefore - Date.now();
      if (wait > 0) await sleep(wait, signal);
      else if (signal.aborted) throw signal.reason;
      let answer: { status: number; headers: Headers; text: string };
      try {
        answer = await this.#send(tokenPath, "grant_type=client_credentials");
      } catch (error) {
        const retryable = error instanceof AtlasConnectionError || error instanceof AtlasTimeoutError;
        if (!retryable || retry >= maxRetries) throw error;
        const delayMs = retryDelayMs(retry, undefined, backoff) ?? 0;
        this.#notBefore = Date.now() + delayMs;
        this.#settings.observe({
          type: "token-request-retried",
          reason: error instanceof AtlasConnectionError ? error.code : "timeout",
          delayMs,
        });
        continue;
      }
      const retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"));
      // With a shared store, the fleet learns of the 429 and none of it asks before Retry-After.
      if (answer.status === 429) await context?.rateLimited(Date.now() + (retryAfterMs ?? 0));
      if ((answer.status === 429 || answer.status >= 500) && retry < maxRetries) {
        const delay = retryDelayMs(retry, retryAfterMs, backoff);
        if (delay !== undefined) {
          this.#notBefore = Date.now() + delay;
          this.#settings.observe({
            type: "token-request-retried",
            reason: String(answer.status),
            delayMs: delay,
          });
          continue;
        }
      }
      return this.#readTokenAnswer(answer.status, answer.text);
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
      // Everything shown comes from the answer: redacted (a token endpoint knows the secret) and bounded.
      const oauthError = typeof body?.error === "string" ? this.#redactor.clip(body.error, 100) : undefined;
      const description =
        typeof body?.error_description === "string"
          ? this.#redactor.clip(body.error_description, 500)
          : undefined;
      const details: { status: number; oauthError?: string; description?: string } = { status };
      if (oauthError !== undefined) details.oauthError = oauthError;
      if (description !== undefined) details.description = description;
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
    const expiresIn = body?.expires_in;
    // At most a day: Atlas issues tokens for an hour, and a boundless one would never be renewed.
    const lifetimeMs =
      typeof expiresIn === "number" && Number.isFinite(expiresIn)
        ? Math.min(Math.max(0, expiresIn * 1000), maximumLifetimeMs)
        : assumedLifetimeMs;
    // Obtained, whatever is judged below: it is revoked at close and scrubbed from errors.
    this.#remember(accessToken, Date.now() + lifetimeMs);
    if (!isHeaderValue(accessToken)) {
      throw new AtlasAuthenticationError(
        "the token endpoint issued an access_token that cannot be sent in an HTTP header (line breaks, control characters or characters beyond Latin-1)",
        { status },
      );
    }
    const tokenType = body?.token_type;
    if (tokenType !== undefined && (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")) {
      const shown = typeof tokenType === "string" ? this.#redactor.clip(tokenType, 20) : "";
      throw new AtlasAuthenticationError(
        `the token endpoint issued a token of type ${/^[\w.-]+$/.test(shown) ? shown : "(unreadable)"}, not Bearer`,
        { status },
      );
    }
    return { accessToken, lifetimeMs };
  }

  #remember(token: string, expiresAt: number): void {
    this.#obtained.delete(token);
    this.#obtained.set(token, expiresAt);
    if (this.#obtained.size > rememberedTokens) this.#obtained.delete(this.#obtained.keys().next().value!);
  }

  /** Revokes one token at Atlas; rejects with AtlasAuthenticationError when Atlas refuses. */
  async #revoke(token: string): Promise<void> {
    const { status } = await this.#send(
      revokePath,
      `token=${encodeURIComponent(token)}&token_type_hint=access_token`,
    );
    if (status < 200 || status > 299)
      throw new AtlasAuthenticationError(`the revoke endpoint answered HTTP ${status}`, { status });
    this.#settings.observe({ type: "token-revoked" });
  }

  /** At close, a failed revocation is a warning: close() itself does not fail. */
  async #revokeAtClose(token: string): Promise<void> {
    try {
      await this.#revoke(token);
    } catch (error) {
      // Our own errors' messages hold no secret; anything else is not quoted.
      const why =
        error instanceof Error && error.name.startsWith("Atlas") ? error.message : "HTTP or network failure";
      this.#settings.warn({
        code: "ATLAS_TOKEN_REVOKE_FAILED",
        message: `Could not revoke the service account's access token at close: ${/^HTTP \d+$/.test(why) ? why : this.#redactor.clip(why, 300)}.`,
      });
    }
  }

  /**
   * POSTs a form and reads the answer (at most maxResponseBytes) within `timeoutMs`. Not aborted by
   * callers: close() waits for it (see closeWaitMs).
   */
  async #send(path: string, form: string): Promise<{ status: number; headers: Headers; text: string }> {
    const { fetch, baseUrl, timeoutMs, userAgent, maxResponseBytes } = this.#settings;
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timerDelay(timeoutMs))
        : undefined;
    const exchange = (async () => {
      let status: number | undefined;
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
        status = response.status;
        return { status, headers: response.headers, text: await readBody(response, maxResponseBytes) };
      } catch (error) {
        if (timedOut) throw new AtlasTimeoutError("POST", path, timeoutMs);
        if (controller.signal.aborted) throw clientClosedError("POST", path);
        if (error instanceof BodyTooLarge)
          throw new AtlasUnreadableResponseError("POST", path, "RESPONSE_TOO_LARGE", {
            status,
            limitBytes: maxResponseBytes,
          });
        const code = connectionCode(error);
        const cause = this.#redactor.cause(error);
        const unreadable = unreadableAnswerCode(code);
        if (unreadable)
          throw new AtlasUnreadableResponseError("POST", path, unreadable, { status }, { cause });
        throw new AtlasConnectionError("POST", path, code, { cause });
      } finally {
        clearTimeout(timer);
      }
    })();
    const entry = { done: exchange, controller };
    this.#inFlight.add(entry);
    try {
      return await exchange;
    } finally {
      this.#inFlight.delete(entry);
    }
  }
}

/** The token of a `Bearer <token>` Authorization value. */
function tokenOf(authorization: string): string {
  return authorization.slice("Bearer ".length);
}
