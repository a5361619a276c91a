import { createHash } from "node:crypto";
import { AtlasAuthenticationError } from "../errors/transport-errors.js";
import type { RequestState, Authenticator } from "../http/authenticator.js";
import { exchange, type ExchangeAnswer, type OutgoingRequest } from "../http/exchange.js";
import { isHeaderValue } from "../http/header-values.js";
import { OperationScope } from "../http/operation-scope.js";
import type { ClientContext } from "../http/settings.js";
import { specFacts } from "../spec-facts.js";
import { maximumLifetimeMs, readTokenAnswer } from "./token-answer.js";
import type { BoundTokenStore, SharedToken, SharedTokenStore, TokenHold } from "./token-store.js";

/** What a service account needs of the client: its settings and services, all but itself. */
export type AuthContext = Pick<ClientContext, "settings" | "lifetime" | "observer">;

export interface ServiceAccountCredentials {
  clientId: string;
  clientSecret: string;
  /** Where tokens are kept: the client's memory by default, or a store shared by processes. */
  tokenStore: SharedTokenStore;
  revokeOnClose: boolean;
}

const { tokenPath, revokePath } = specFacts;
/** Renew this long before `expires_in` runs out (or half the lifetime, for short-lived tokens). */
const safetyMarginMs = 60_000;
/**
 * close() waits this long at most for a token request already sent (its own timeoutMs may end it
 * sooner; with timeoutMs 0 nothing else would): the token it brings must be known to be revoked.
 */
const closeWaitMs = 30_000;
/** Tokens remembered for revocation and for scrubbing errors. */
const rememberedTokens = 64;
/** Spread added after a noted rate limit, so that processes sharing an account do not ask in step. */
const rateLimitJitterMs = 250;
/** The longest a token endpoint's 429 holds this client and its fleet (the shared stores cap what they read the same). */
const longestRateLimitHoldMs = 5 * 60_000;

/**
 * The token budget. A token the API refuses within this long of its issue, and before it ever
 * accepted it, is not an expired one (nor one revoked since):
 * the service account's client id and secret work at the token endpoint, but its access does not
 * (its roles, the API access list). Asking again at once cannot help, and the endpoint allows 10
 * token requests a minute per service account, then refuses everyone sharing it for the rest of the
 * minute. So such a refusal is fetched again at most once per request, and only the first of a
 * streak: after the n-th refusal in a row no token request goes out for `refusalPauseMs(n)`
 * (0, 7.5 s, 15 s, 30 s, then a minute), in every process that shares the token store, which
 * records the streak. One process asks at most 5 times in the first minute, then once a minute.
 */
const freshTokenMs = 60_000;
function refusalPauseMs(refusals: number): number {
  return refusals <= 1 ? 0 : Math.min(60_000, 7_500 * 2 ** (refusals - 2));
}
/** A refusal streak is remembered this long after its pause: the next refusal continues it. */
const refusalMemoryMs = 10 * 60_000;

/** One token acquisition, shared by every request that needs a token now. */
interface Acquisition {
  promise: Promise<SharedToken>;
  /**
   * Its requests, each with the latest a rate limit may end for it to wait it out (ms since the
   * epoch: its deadline, and no later than `backoff.maxRetryAfterMs` from now, as for an API
   * call's 429) and what rejects it early.
   */
  waiters: Set<{ waitsUntil: number; fail: (error: unknown) => void }>;
  /** Ends the acquisition's waits (for the store, for a hold) when the last waiter leaves. */
  scope: OperationScope;
  stop: AbortController;
  /** A hold the acquisition met: later waiters are judged by it when they join. */
  held?: TokenHold;
}

/**
 * OAuth 2.0 client credentials for Atlas service accounts.
 *
 * One token request serves all concurrent requests (50 concurrent first calls make one token
 * request), through the token store: the client's memory by default, or a store that one fleet
 * shares (one token request for all its processes). A token is renewed a minute before it
 * expires; a 401 from the API drops it, and the request is sent again with a new one, within the
 * token budget (see `freshTokenMs`). Token requests and revocations go through the one exchange
 * (http/exchange.ts), as API calls do, with the token endpoint's policy: retried after 429, 5xx,
 * lost connections and timeouts; a 429 shared with the fleet as a hold; a request already sent
 * never cut short by a caller (others wait for it, and the token it brings must be revoked at
 * close), while each caller's own abort, deadline and close() end that caller's wait at once.
 *
 * Not built on an OAuth library: Atlas rejects the RFC 6749 §2.3.1 form of HTTP Basic client
 * authentication (client id and secret form-urlencoded before base64), which is what oauth4webapi's
 * `ClientSecretBasic` sends, and what remains once that is replaced (one form POST and a JSON
 * check) is smaller than the library, which would not fit the package's size budget.
 */
export class ServiceAccountAuthenticator implements Authenticator {
  readonly #context: AuthContext;
  readonly #credentials: ServiceAccountCredentials;
  readonly #basicCredentials: string;
  readonly #store: BoundTokenStore;
  #current: { authorization: string; refreshAt: number } | undefined;
  #acquisition: Acquisition | undefined;
  /** Token requests and revocations on the wire: close() waits for them, then gives up. */
  readonly #onTheWire = new Set<Promise<unknown>>();
  readonly #giveUp = new AbortController();
  /**
   * Every token obtained, with when it was issued and expires, and whether the API ever accepted
   * it: revoked at close, scrubbed from errors, and judged when the API refuses it.
   */
  readonly #obtained = new Map<
    string,
    { obtainedAt: number | undefined; expiresAt: number; accepted: boolean }
  >();
  /** Tokens Atlas answered 401 to: never taken from the store again. */
  readonly #refused = new Set<string>();
  /** Whether this client recorded a refusal since its last accepted request: a success then lifts the hold. */
  #inRefusalStreak = false;
  /**
   * The last hold this client wrote or read: the store keeps the fleet's, but a store that fails
   * answers "no hold", and the budget must hold all the same (see #readHold).
   */
  #lastHold: TokenHold | undefined;
  /** Tokens this client fetched from the token endpoint: the first is "fetched", later ones "refreshed". */
  #fetched = 0;
  readonly answeredUnauthorized = "token-refused";

  constructor(context: AuthContext, credentials: ServiceAccountCredentials) {
    this.#context = context;
    this.#credentials = credentials;
    // Atlas wants base64("id:secret") of the raw values, not of their form-urlencoded forms.
    this.#basicCredentials = Buffer.from(
      `${credentials.clientId}:${credentials.clientSecret}`,
      "utf8",
    ).toString("base64");
    this.#store = credentials.tokenStore.bind({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      baseUrl: context.settings.baseUrl,
      warn: (warning) => context.observer.warn(warning),
    });
  }

  authorizationFor(_method: string, _requestTarget: string, request: RequestState): string | Promise<string> {
    const current = this.#current;
    if (current && Date.now() < current.refreshAt) return current.authorization;
    return this.#tokenFor(request).then((token) => `Bearer ${token.accessToken}`);
  }

  async shouldRetryUnauthorized(
    _headers: Headers,
    sentAuthorization: string | undefined,
    request: RequestState,
  ): Promise<boolean> {
    if (sentAuthorization === undefined) return false;
    const state = (request.authState ??= { refused: new Set<string>(), refetched: false }) as {
      refused: Set<string>;
      refetched: boolean;
    };
    const token = tokenOf(sentAuthorization);
    if (this.#current?.authorization === sentAuthorization) this.#current = undefined;
    this.#refuse(token);
    // Forgotten by the store only if it still holds that one: the process that met the 401 first
    // has already put a new one there, and the fleet keeps it.
    await request.wait(this.#storeCall(() => this.#store.discard(token), undefined));
    const known = this.#obtained.get(token);
    const obtainedAt = known?.obtainedAt;
    // Refused after the API accepted it, or long after its issue: expired or revoked, not a
    // credential without access.
    if (obtainedAt === undefined || known!.accepted || Date.now() - obtainedAt >= freshTokenMs) {
      // Expired or revoked at Atlas: a new token, never the same refused one twice in a request.
      const again = !state.refused.has(token);
      state.refused.add(token);
      return again;
    }
    const hold = await request.wait(this.#recordRefusal(token));
    if (!state.refetched && hold.until <= Date.now()) {
      state.refetched = true;
      return true;
    }
    throw refusedError(hold, obtainedAt);
  }

  settled(
    _request: RequestState,
    answer: number | "no answer" | "request ended",
    sentAuthorization: string | undefined,
  ): void {
    if (typeof answer !== "number" || answer === 401 || sentAuthorization === undefined) return;
    // The API accepted this token: a later refusal of it means it expired or was revoked.
    const known = this.#obtained.get(tokenOf(sentAuthorization));
    const firstAcceptance = known !== undefined && !known.accepted;
    if (known) known.accepted = true;
    // A token of this account works: a refusal streak is over, for the fleet too, whoever
    // recorded it. Looked for at each token's first acceptance (once a token, not once a call):
    // another process's refusal of a token Atlas expired before that process could use it must
    // not add up with the next one into a pause for every process (a revocation as CI jobs start).
    if (this.#lastHold?.reason === "refused") this.#lastHold = undefined;
    if (this.#inRefusalStreak || firstAcceptance) {
      this.#inRefusalStreak = false;
      void this.#storeCall(async () => {
        if ((await this.#store.hold())?.reason === "refused") await this.#store.setHold(undefined);
      }, undefined);
    }
  }

  secrets(): string[] {
    return [this.#credentials.clientSecret, this.#basicCredentials, ...this.#obtained.keys()];
  }

  /**
   * Revokes the token in use now and the store's, and forgets both (see AtlasClient.revokeToken).
   * Rejects with AtlasAuthenticationError when Atlas refuses.
   */
  async revokeToken(): Promise<void> {
    const inUse = this.#current ? tokenOf(this.#current.authorization) : undefined;
    const stored = await this.#storeCall(() => this.#store.peek(), undefined);
    this.#current = undefined;
    for (const token of new Set([inUse, stored?.accessToken])) {
      if (!token) continue;
      this.#remember(token, undefined, Date.now() + maximumLifetimeMs);
      this.#refuse(token);
      await this.#storeCall(() => this.#store.discard(token), undefined);
      await this.#revoke(token, this.#context.lifetime);
    }
  }

  /**
   * Called once the client's lifetime is closed (no acquisition starts a new request): waits for
   * the token requests on the wire (at most `closeWaitMs`), then revokes every unexpired token this
   * client obtained, unless processes share them.
   */
  async close(): Promise<void> {
    this.#current = undefined;
    const giveUp = setTimeout(() => this.#giveUp.abort(), closeWaitMs);
    await Promise.allSettled([...this.#onTheWire]);
    clearTimeout(giveUp);
    if (!this.#credentials.revokeOnClose) return;
    const now = Date.now();
    const tokens = [...this.#obtained].filter(([, { expiresAt }]) => expiresAt > now).map(([token]) => token);
    for (const token of tokens) await this.#storeCall(() => this.#store.discard(token), undefined);
    await Promise.all(tokens.map((token) => this.#revokeAtClose(token)));
  }

  /**
   * The token for one request: from the one acquisition every request that needs a token now
   * shares. Each waits within its own limits; a hold the acquisition meets rejects at once the
   * requests whose deadline comes first (a 429's Retry-After) or all of them (refused tokens).
   * When the last one stops waiting, the acquisition sends nothing more.
   */
  #tokenFor(request: RequestState): Promise<SharedToken> {
    const acquisition = (this.#acquisition ??= this.#startAcquisition());
    return new Promise<SharedToken>((resolve, reject) => {
      let done = false;
      const finish = () => {
        if (done) return false;
        done = true;
        acquisition.waiters.delete(waiter);
        if (acquisition.waiters.size === 0 && this.#acquisition === acquisition) {
          this.#acquisition = undefined;
          acquisition.stop.abort(new Error("no request waits for the token any more"));
        }
        return true;
      };
      const waiter = {
        waitsUntil: Math.min(
          request.scope.deadlineEpochMs() ?? Infinity,
          Date.now() + this.#context.settings.backoff.maxRetryAfterMs,
        ),
        fail: (error: unknown) => finish() && reject(error),
      };
      acquisition.waiters.add(waiter);
      const held = acquisition.held && holdError(acquisition.held, waiter.waitsUntil);
      if (held) return waiter.fail(held);
      request.wait(acquisition.promise).then(
        (token) => finish() && resolve(token),
        (error: unknown) => waiter.fail(error),
      );
    });
  }

  #startAcquisition(): Acquisition {
    const stop = new AbortController();
    const scope = new OperationScope({
      signal: stop.signal,
      totalTimeoutMs: 0,
      lifetime: this.#context.lifetime,
    });
    const acquisition: Acquisition = { waiters: new Set(), scope, stop, promise: undefined as never };
    acquisition.promise = this.#acquire(acquisition).finally(() => {
      scope.end();
      if (this.#acquisition === acquisition) this.#acquisition = undefined;
    });
    // Its waiters may all be gone by the time it fails.
    acquisition.promise.catch(() => {});
    return acquisition;
  }

  /**
   * A token for the acquisition's waiters: the store's, or one fetched by one process of the fleet.
   * A hold the store records is honoured first: refused tokens end every wait at once, a rate
   * limit is waited out by the waiters whose deadlines allow it.
   */
  async #acquire(acquisition: Acquisition): Promise<SharedToken> {
    const { scope } = acquisition;
    await this.#honourHold(acquisition);
    const fetchedBefore = this.#fetched;
    const obtaining = this.#store.obtain(
      async () => {
        // The lock holder's part: another process may have met a 429, or a refusal, meanwhile.
        await this.#honourHold(acquisition);
        return this.#requestToken(acquisition);
      },
      // No deadline: each waiter keeps its own, and the acquisition stops when the last one leaves.
      { signal: scope.signal, refused: this.#refused },
    );
    // The store's work outlives the waits for it (a token request let finish, then its write and
    // the lock's release): close() waits for it, so that nothing reaches the store after close
    // resolved (a Redis client the caller quits then, a lock the fleet would wait out).
    this.#onTheWire.add(obtaining);
    const forget = () => void this.#onTheWire.delete(obtaining);
    obtaining.then(forget, forget);
    const token = await scope.wait(obtaining);
    if (this.#fetched === fetchedBefore)
      this.#context.observer.auth({ type: "token-shared", expiresInMs: token.expiresAt - Date.now() });
    this.#remember(token.accessToken, token.obtainedAt, token.expiresAt);
    // The store is outside this client: what it holds must still be sendable.
    if (!isHeaderValue(token.accessToken) || token.accessToken === "") {
      this.#refuse(token.accessToken);
      await this.#storeCall(() => this.#store.discard(token.accessToken), undefined);
      throw new AtlasAuthenticationError(
        "the token store holds a token that cannot be sent in an HTTP header",
      );
    }
    if (Date.now() < token.refreshAt && !this.#context.lifetime.closed)
      this.#current = { authorization: `Bearer ${token.accessToken}`, refreshAt: token.refreshAt };
    return token;
  }

  /** Reads the store's hold; rejects the waiters it rules out, and waits out a rate limit for the others. */
  async #honourHold(acquisition: Acquisition): Promise<void> {
    const hold = await acquisition.scope.wait(this.#readHold());
    if (!hold || hold.until <= Date.now()) return;
    this.#learnHold(acquisition, hold);
    if (hold.reason === "refused") throw refusedError(hold, undefined);
    await acquisition.scope.sleep(hold.until - Date.now() + Math.random() * rateLimitJitterMs);
  }

  #learnHold(acquisition: Acquisition, hold: TokenHold): void {
    acquisition.held = hold;
    for (const waiter of [...acquisition.waiters]) {
      const error = holdError(hold, waiter.waitsUntil);
      if (error) waiter.fail(error);
    }
  }

  /** One token from the token endpoint, through the exchange, under the acquisition's scope. */
  async #requestToken(acquisition: Acquisition): Promise<SharedToken> {
    const obtainedAt = Date.now();
    const answer = await this.#post(tokenPath, "grant_type=client_credentials", acquisition.scope, {
      inFlight: true,
      rateLimited: async (retryAt) => {
        // Never longer than the stores honour a hold they read (5 minutes): a Retry-After of 99999999
        // s must not leave every later call of this process failing for years.
        const until = Math.min(retryAt, Date.now() + longestRateLimitHoldMs);
        const hold: TokenHold = { reason: "rate-limited", until, refusals: 0, expiresAt: until };
        this.#learnHold(acquisition, hold);
        await this.#writeHold(hold);
      },
    });
    const { accessToken, lifetimeMs } = readTokenAnswer(answer.status, answer.text, (token, lifetime) =>
      this.#remember(token, obtainedAt, obtainedAt + lifetime),
    );
    this.#fetched += 1;
    this.#context.observer.auth({
      type: this.#fetched === 1 ? "token-fetched" : "token-refreshed",
      expiresInMs: lifetimeMs,
    });
    const expiresAt = obtainedAt + lifetimeMs;
    // A token with no lifetime left (expires_in: 0) serves the requests waiting for it, and is not kept.
    return {
      accessToken,
      expiresAt,
      refreshAt: expiresAt - Math.min(safetyMarginMs, lifetimeMs / 2),
      obtainedAt,
    };
  }

  /**
   * A token issued moments ago was refused: the streak grows by one per token (however many
   * requests, in however many processes, met the same refusal), and so does the fleet's pause.
   */
  async #recordRefusal(token: string): Promise<TokenHold> {
    const fingerprint = createHash("sha256").update(token).digest("base64url").slice(0, 22);
    const known = await this.#readHold();
    const counted = known?.reason === "refused" ? known : undefined;
    this.#inRefusalStreak = true;
    if (counted?.lastRefused === fingerprint) return counted;
    const refusals = (counted?.refusals ?? 0) + 1;
    const until = Date.now() + refusalPauseMs(refusals);
    const hold: TokenHold = {
      reason: "refused",
      until,
      refusals,
      expiresAt: until + refusalMemoryMs,
      lastRefused: fingerprint,
    };
    await this.#writeHold(hold);
    return hold;
  }

  /**
   * The hold in force: the store's (the fleet's), or this client's own when that one lasts longer.
   * A store that fails or does not answer reads as "no hold": the client's own copy keeps the
   * budget (and a 429's pause) all the same, for this process at least, until the store is back.
   */
  async #readHold(): Promise<TokenHold | undefined> {
    const stored = await this.#storeCall(() => this.#store.hold(), undefined);
    const own = this.#lastHold && this.#lastHold.expiresAt > Date.now() ? this.#lastHold : undefined;
    const hold = !own ? stored : !stored ? own : stored.until >= own.until ? stored : own;
    if (hold) this.#lastHold = hold;
    return hold;
  }

  /** Records a hold for the fleet (the store) and in this client. */
  async #writeHold(hold: TokenHold): Promise<void> {
    this.#lastHold = hold;
    await this.#storeCall(() => this.#store.setHold(hold), undefined);
  }

  /**
   * POSTs a form to an OAuth endpoint through the exchange. A token request (`inFlight`) is let
   * finish when its scope stops, and close() waits for it (then gives up, see closeWaitMs).
   */
  async #post(
    path: string,
    form: string,
    scope: OperationScope,
    options: { inFlight: boolean; rateLimited?: (retryAt: number) => Promise<void> },
  ): Promise<ExchangeAnswer> {
    const { settings, observer } = this.#context;
    const request: OutgoingRequest = {
      method: "POST",
      url: `${settings.baseUrl}${path}`,
      path,
      headers: {
        authorization: `Basic ${this.#basicCredentials}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        "user-agent": settings.userAgent,
      },
      body: form,
    };
    const sent = exchange(settings, request, scope, {
      maxRetries: settings.maxRetries,
      timeoutMs: settings.timeoutMs,
      // Asking for a token (or revoking one) twice leaves the same state as once.
      idempotent: true,
      inFlightSignal: options.inFlight ? this.#giveUp.signal : undefined,
      rateLimited: options.rateLimited,
      report: {
        sending: () => {},
        ended: () => {},
        retrying: (reason, delayMs) => observer.auth({ type: "token-request-retried", reason, delayMs }),
      },
    });
    this.#onTheWire.add(sent);
    try {
      return await sent;
    } finally {
      this.#onTheWire.delete(sent);
    }
  }

  /** Revokes one token at Atlas; rejects with AtlasAuthenticationError when Atlas refuses. */
  async #revoke(token: string, lifetime: AuthContext["lifetime"] | undefined): Promise<void> {
    const scope = new OperationScope({ totalTimeoutMs: 0, lifetime });
    try {
      const { status } = await this.#post(
        revokePath,
        `token=${encodeURIComponent(token)}&token_type_hint=access_token`,
        scope,
        { inFlight: false },
      );
      if (status < 200 || status > 299)
        throw new AtlasAuthenticationError(`the revoke endpoint answered HTTP ${status}`, { status });
      this.#context.observer.auth({ type: "token-revoked" });
    } finally {
      scope.end();
    }
  }

  /** At close, a failed revocation is a warning: close() itself does not fail. */
  async #revokeAtClose(token: string): Promise<void> {
    try {
      // After close: this request must still go out, so it is not bound to the client's lifetime.
      await this.#revoke(token, undefined);
    } catch (error) {
      // Our own errors' messages are safe; anything else is named by its class only.
      const why =
        error instanceof Error && error.name.startsWith("Atlas") ? error.message : "HTTP or network failure";
      this.#context.observer.warn({
        code: "ATLAS_TOKEN_REVOKE_FAILED",
        message: `Could not revoke the service account's access token at close: ${why}.`,
      });
    }
  }

  /** A store operation; the store bounds and reports its own failures (then `fallback`). */
  async #storeCall<T, F>(operation: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await operation();
    } catch {
      return fallback;
    }
  }

  /** Marks a token Atlas refused, never to be taken from the store again. */
  #refuse(token: string): void {
    if (this.#refused.size > rememberedTokens) this.#refused.clear();
    this.#refused.add(token);
  }

  #remember(token: string, obtainedAt: number | undefined, expiresAt: number): void {
    const known = this.#obtained.get(token);
    this.#obtained.delete(token);
    this.#obtained.set(token, {
      obtainedAt: obtainedAt ?? known?.obtainedAt,
      expiresAt,
      accepted: known?.accepted ?? false,
    });
    if (this.#obtained.size > rememberedTokens) this.#obtained.delete(this.#obtained.keys().next().value!);
  }
}

/** The error a hold gives a request that waits until `waitsUntil` at most, or undefined when it may wait it out. */
function holdError(hold: TokenHold, waitsUntil: number): AtlasAuthenticationError | undefined {
  if (hold.until <= Date.now()) return undefined;
  if (hold.reason === "refused") return refusedError(hold, undefined);
  if (hold.until <= waitsUntil) return undefined;
  const seconds = Math.max(1, Math.ceil((hold.until - Date.now()) / 1000));
  return new AtlasAuthenticationError(
    `the token endpoint is rate limited for another ${seconds} s (a 429 this client or a process sharing its token store met); longer than the call waits (its deadline, or backoff.maxRetryAfterMs)`,
    { status: 429 },
  );
}

function refusedError(hold: TokenHold, obtainedAt: number | undefined): AtlasAuthenticationError {
  const issued =
    obtainedAt === undefined
      ? "moments after they were issued"
      : `${Math.round((Date.now() - obtainedAt) / 1000)} s after it was issued`;
  const next =
    hold.until > Date.now() ? `; no token is asked for before ${new Date(hold.until).toISOString()}` : "";
  return new AtlasAuthenticationError(
    `the API refused the service account's tokens ${issued} (${hold.refusals} in a row): its client id and secret are valid, but its access is not (its project roles, or the API access list), not an expired token${next}`,
    { status: 401 },
  );
}

/** The token of a `Bearer <token>` Authorization value. */
function tokenOf(authorization: string): string {
  return authorization.slice("Bearer ".length);
}
