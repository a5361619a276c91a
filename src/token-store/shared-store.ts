import { randomBytes } from "node:crypto";
import {
  AtlasAuthenticationError,
  AtlasTimeoutError,
  type AtlasWarning,
  type BoundTokenStore,
  type SharedToken,
  type SharedTokenStore,
  type TokenFetchContext,
  type TokenStoreScope,
  type TokenWait,
} from "atlas-peering-client";
import type { StoreKey, TokenStoreBackend } from "./backend.js";
import { jittered, pause } from "./pause.js";
import { rateLimitFromPlaintext, rateLimitPlaintext, tokenFromPlaintext, tokenPlaintext } from "./records.js";
import { RecordSeal } from "./sealed-record.js";
import { storeSlot } from "./store-slot.js";

export interface SharedStoreSettings {
  /**
   * How long a lock lives unless its holder renews it (every third of it, while it fetches): a
   * holder that dies mid-fetch delays the others by at most this.
   */
  lockMs: number;
}

/** Waiters poll the store, from this interval up to the next, doubling, each with jitter. */
const firstPollMs = 10;
const longestPollMs = 100;
/** A rate limit the fleet noted is honoured for at most this long (Atlas counts per minute). */
const longestRateLimitMs = 5 * 60_000;
/** Spread added after a noted rate limit, so that fleets sharing an account do not ask in step. */
const rateLimitJitterMs = 250;
const tokenPath = "/api/oauth/token";

/**
 * A `SharedTokenStore` over a backend: sealed records (see RecordSeal), one token request for the
 * fleet under the backend's lock, rate limits shared, compare-and-delete on 401. A backend that
 * fails is reported once (a warning) and the process asks Atlas on its own until it works again.
 */
export function createSharedTokenStore(
  backend: TokenStoreBackend,
  settings: SharedStoreSettings,
): SharedTokenStore {
  return { bind: (scope) => new BoundStore(backend, settings, scope) };
}

type LockOutcome = "held" | "busy" | "unavailable";

class BoundStore implements BoundTokenStore {
  readonly #backend: TokenStoreBackend;
  readonly #lockMs: number;
  readonly #seal: RecordSeal;
  readonly #keys: Record<StoreKey["kind"], StoreKey>;
  readonly #warn: (warning: AtlasWarning) => void;
  #failing = false;

  constructor(backend: TokenStoreBackend, settings: SharedStoreSettings, scope: TokenStoreScope) {
    this.#backend = backend;
    this.#lockMs = settings.lockMs;
    this.#seal = new RecordSeal(scope);
    this.#warn = scope.warn;
    const slot = storeSlot(scope);
    this.#keys = {
      token: { slot, kind: "token" },
      lock: { slot, kind: "lock" },
      "rate-limit": { slot, kind: "rate-limit" },
    };
  }

  async obtain(
    fetchToken: (context: TokenFetchContext) => Promise<SharedToken>,
    options: TokenWait & { refused?: ReadonlySet<string> },
  ): Promise<SharedToken> {
    const wait: TokenWait = { signal: options.signal, deadline: options.deadline };
    const refused = options.refused ?? new Set<string>();
    const startedAt = Date.now();
    const owner = `${process.pid}.${randomBytes(12).toString("base64url")}`;
    for (let pollMs = firstPollMs; ; pollMs = Math.min(longestPollMs, pollMs * 2)) {
      await this.#checkWait(wait, startedAt);
      const stored = await this.#readToken();
      if (isUsable(stored, refused)) return stored;
      const lock = await this.#tryLock(owner);
      if (lock !== "busy")
        return this.#fetchForFleet(fetchToken, wait, refused, lock === "held" ? owner : undefined);
      await pause(jittered(pollMs), wait);
    }
  }

  peek(): Promise<SharedToken | undefined> {
    return this.#readToken();
  }

  async discard(accessToken: string): Promise<void> {
    const sealed = await this.#attempt(() => this.#backend.get(this.#keys.token), undefined);
    const stored = tokenFromPlaintext(this.#seal.open("token", sealed));
    if (sealed !== undefined && stored?.accessToken === accessToken)
      await this.#attempt(() => this.#backend.deleteIf(this.#keys.token, sealed), false);
  }

  /**
   * The holder's part (or, without a working store, every process's: `owner` undefined): ask
   * Atlas, then share the answer.
   */
  async #fetchForFleet(
    fetchToken: (context: TokenFetchContext) => Promise<SharedToken>,
    wait: TokenWait,
    refused: ReadonlySet<string>,
    owner: string | undefined,
  ): Promise<SharedToken> {
    // Renewed from the start: waiting out a rate limit may take longer than the lock lives.
    const renewal = owner ? this.#keepLock(owner) : undefined;
    try {
      if (owner) {
        // Another holder may have written a token between our read and our lock.
        const stored = await this.#readToken();
        if (isUsable(stored, refused)) return stored;
      }
      await this.#waitOutRateLimit(wait);
      const token = await fetchToken({ ...wait, rateLimited: (retryAt) => this.#noteRateLimit(retryAt) });
      if (token.refreshAt > Date.now()) {
        const sealed = this.#seal.seal("token", tokenPlaintext(token));
        await this.#attempt(
          () => this.#backend.set(this.#keys.token, sealed, token.expiresAt - Date.now()),
          undefined,
        );
      }
      return token;
    } finally {
      clearInterval(renewal);
      if (owner) await this.#attempt(() => this.#backend.unlock(this.#keys.lock, owner), undefined);
    }
  }

  async #checkWait(wait: TokenWait, startedAt: number): Promise<void> {
    if (wait.signal?.aborted) throw wait.signal.reason;
    if (wait.deadline === undefined || Date.now() < wait.deadline) return;
    const retryAt = await this.#readRateLimit();
    if (retryAt !== undefined) throw rateLimitedError(retryAt);
    throw new AtlasTimeoutError("POST", tokenPath, Date.now() - startedAt);
  }

  /** Before asking, the holder waits out a 429 that any process of the fleet met, if its deadline allows. */
  async #waitOutRateLimit(wait: TokenWait): Promise<void> {
    const retryAt = await this.#readRateLimit();
    if (retryAt === undefined) return;
    const until = retryAt + Math.random() * rateLimitJitterMs;
    if (wait.deadline !== undefined && until > wait.deadline) throw rateLimitedError(retryAt);
    await pause(until - Date.now(), wait);
  }

  async #noteRateLimit(retryAt: number): Promise<void> {
    const ttlMs = Math.min(retryAt - Date.now(), longestRateLimitMs);
    if (!(ttlMs > 0)) return;
    const sealed = this.#seal.seal("rate-limit", rateLimitPlaintext(Date.now() + ttlMs));
    await this.#attempt(() => this.#backend.set(this.#keys["rate-limit"], sealed, ttlMs), undefined);
  }

  #keepLock(owner: string): NodeJS.Timeout {
    const timer = setInterval(
      () => void this.#attempt(() => this.#backend.renewLock(this.#keys.lock, owner, this.#lockMs), false),
      this.#lockMs / 3,
    );
    timer.unref();
    return timer;
  }

  async #tryLock(owner: string): Promise<LockOutcome> {
    const taken = await this.#attempt(
      () => this.#backend.tryLock(this.#keys.lock, owner, this.#lockMs),
      "unavailable" as const,
    );
    return taken === "unavailable" ? taken : taken ? "held" : "busy";
  }

  async #readToken(): Promise<SharedToken | undefined> {
    const sealed = await this.#attempt(() => this.#backend.get(this.#keys.token), undefined);
    return tokenFromPlaintext(this.#seal.open("token", sealed));
  }

  async #readRateLimit(): Promise<number | undefined> {
    const sealed = await this.#attempt(() => this.#backend.get(this.#keys["rate-limit"]), undefined);
    const retryAt = rateLimitFromPlaintext(this.#seal.open("rate-limit", sealed));
    if (retryAt === undefined || retryAt <= Date.now()) return undefined;
    return Math.min(retryAt, Date.now() + longestRateLimitMs);
  }

  /** Runs a backend operation; when it fails, warns once (until one succeeds again) and returns `fallback`. */
  async #attempt<T, F>(operation: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      const result = await operation();
      this.#failing = false;
      return result;
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true;
        this.#warn({
          code: "ATLAS_TOKEN_STORE_UNAVAILABLE",
          message: `The shared token store (${this.#backend.name}) failed: ${failureName(error)}. This process asks Atlas for its own tokens until the store works again.`,
        });
      }
      return fallback;
    }
  }
}

function isUsable(token: SharedToken | undefined, refused: ReadonlySet<string>): token is SharedToken {
  return token !== undefined && Date.now() < token.refreshAt && !refused.has(token.accessToken);
}

function rateLimitedError(retryAt: number): AtlasAuthenticationError {
  const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  return new AtlasAuthenticationError(
    `the token endpoint is rate limited for another ${seconds} s (a 429 that a process sharing the token store met); the call's deadline comes first`,
    { status: 429 },
  );
}

/**
 * What a failure is called, never what it says: a medium's message may quote a key, a value or a
 * path. A system code (`ECONNREFUSED`, `EACCES`) or the error's class name.
 */
function failureName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  const name = error instanceof Error ? error.constructor.name : "";
  return /^[A-Za-z][A-Za-z0-9]{1,40}$/.test(name) ? name : "unknown error";
}
