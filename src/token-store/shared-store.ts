import { randomBytes } from "node:crypto";
import {
  AtlasTimeoutError,
  type AtlasWarning,
  type BoundTokenStore,
  type SharedToken,
  type SharedTokenStore,
  type TokenFetchContext,
  type TokenHold,
  type TokenStoreScope,
  type TokenWait,
} from "atlas-peering-client";
import { timeLimit } from "../http/event-loop.js";
import { sleep } from "../http/sleep.js";
import type { StoreKey, TokenStoreBackend } from "./backend.js";
import { holdFromPlaintext, holdPlaintext, tokenFromPlaintext, tokenPlaintext } from "./records.js";
import { RecordSeal } from "./sealed-record.js";
import { storeSlot } from "./store-slot.js";

export interface SharedStoreSettings {
  /**
   * How long a lock lives unless its holder renews it (every third of it, while it fetches): a
   * holder that dies mid-fetch delays the others by at most this.
   */
  lockMs: number;
  /**
   * How long one command of the medium (a file operation, a Redis command) may take: one that does
   * not answer in time counts as failed (one warning) and the client goes on without the store.
   */
  commandTimeoutMs: number;
}

/** Waiters poll the store, from this interval up to the next, doubling, each with jitter. */
const firstPollMs = 10;
const longestPollMs = 100;
/** A hold in the store is honoured for at most this long (Atlas counts per minute). */
const longestHoldMs = 5 * 60_000;
/** ...and remembered (a refusal streak) at most this long. */
const longestHoldMemoryMs = 15 * 60_000;
const tokenPath = "/api/oauth/token";

/**
 * A `SharedTokenStore` over a backend: sealed records (see RecordSeal), one token request for the
 * fleet under the backend's lock, the fleet's hold on token requests (a 429, refused tokens),
 * compare-and-delete on 401. Every command of the backend is bounded (`commandTimeoutMs`, and the
 * wait's deadline); one that fails or does not answer in time is reported once (a warning), and
 * the process asks Atlas on its own until the store works again.
 */
export function createSharedTokenStore(
  backend: TokenStoreBackend,
  settings: SharedStoreSettings,
): SharedTokenStore {
  return { bind: (scope: TokenStoreScope) => new BoundStore(backend, settings, scope) };
}

type LockOutcome = "held" | "busy" | "unavailable";

class BoundStore implements BoundTokenStore {
  readonly #backend: TokenStoreBackend;
  readonly #settings: SharedStoreSettings;
  readonly #seal: RecordSeal;
  readonly #keys: Record<StoreKey["kind"], StoreKey>;
  readonly #warn: (warning: AtlasWarning) => void;
  #failing = false;
  /** After a failure, no command is sent before this (`Date.now()`). */
  #restUntil = 0;

  constructor(backend: TokenStoreBackend, settings: SharedStoreSettings, scope: TokenStoreScope) {
    this.#backend = backend;
    this.#settings = settings;
    this.#seal = new RecordSeal(scope);
    this.#warn = scope.warn;
    const slot = storeSlot(scope);
    this.#keys = {
      token: { slot, kind: "token" },
      lock: { slot, kind: "lock" },
      hold: { slot, kind: "hold" },
    };
  }

  async obtain(
    fetchToken: (context: TokenFetchContext) => Promise<SharedToken>,
    options: TokenWait & { refused?: ReadonlySet<string> },
  ): Promise<SharedToken> {
    const wait: TokenWait = { signal: options.signal, deadline: options.deadline };
    const refused = options.refused ?? new Set<string>();
    const startedAt = Date.now();
    const owner = lockOwner();
    for (let pollMs = firstPollMs; ; pollMs = Math.min(longestPollMs, pollMs * 2)) {
      checkWait(wait, startedAt);
      const stored = await this.#readToken(wait);
      if (isUsable(stored, refused)) return stored;
      const lock = await this.#tryLock(owner, wait);
      if (lock !== "busy")
        return this.#fetchForFleet(fetchToken, wait, refused, lock === "held" ? owner : undefined);
      // Never past the wait's deadline: the next look finds it passed, and says so.
      const untilDeadline = wait.deadline === undefined ? Infinity : wait.deadline - Date.now();
      await sleep(Math.min(jittered(pollMs), Math.max(0, untilDeadline)), wait.signal);
    }
  }

  peek(): Promise<SharedToken | undefined> {
    return this.#readToken({});
  }

  /**
   * Compare-and-delete, under the fleet's lock like every change of the token entry. A file system
   * has no compare-and-delete: the file backend's puts the entry aside for a moment, and a token
   * written meanwhile would be missed by a process reading then, which would ask Atlas for one more.
   * Under the lock, no token is written meanwhile. When the lock is busy, its holder is fetching
   * the fleet's next token, which replaces this one: nothing to do.
   */
  async discard(accessToken: string): Promise<void> {
    if (!(await this.#holds(accessToken))) return;
    const owner = lockOwner();
    if ((await this.#tryLock(owner, {})) !== "held") return;
    try {
      const sealed = await this.#holds(accessToken);
      if (sealed !== undefined)
        await this.#command(() => this.#backend.deleteIf(this.#keys.token, sealed), false, {});
    } finally {
      await this.#release(owner);
    }
  }

  /** The sealed token entry, when it holds `accessToken`. */
  async #holds(accessToken: string): Promise<string | undefined> {
    const sealed = await this.#command(() => this.#backend.get(this.#keys.token), undefined, {});
    return tokenFromPlaintext(this.#seal.open("token", sealed))?.accessToken === accessToken
      ? sealed
      : undefined;
  }

  async hold(): Promise<TokenHold | undefined> {
    const sealed = await this.#command(() => this.#backend.get(this.#keys.hold), undefined, {});
    const hold = holdFromPlaintext(this.#seal.open("hold", sealed));
    const now = Date.now();
    if (!hold || hold.expiresAt <= now) return undefined;
    // A clock far ahead in another process must not stop this one for long.
    return {
      ...hold,
      until: Math.min(hold.until, now + longestHoldMs),
      expiresAt: Math.min(hold.expiresAt, now + longestHoldMemoryMs),
    };
  }

  async setHold(hold: TokenHold | undefined): Promise<void> {
    if (hold === undefined) {
      const sealed = await this.#command(() => this.#backend.get(this.#keys.hold), undefined, {});
      if (sealed !== undefined)
        await this.#command(() => this.#backend.deleteIf(this.#keys.hold, sealed), false, {});
      return;
    }
    const ttlMs = Math.min(hold.expiresAt - Date.now(), longestHoldMemoryMs);
    if (!(ttlMs > 0)) return;
    const sealed = this.#seal.seal("hold", holdPlaintext(hold));
    await this.#command(() => this.#backend.set(this.#keys.hold, sealed, ttlMs), undefined, {});
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
    // Renewed from the start: waiting out a hold may take longer than the lock lives.
    const renewal = owner ? this.#keepLock(owner) : undefined;
    try {
      if (owner) {
        // Another holder may have written a token between our read and our lock.
        const stored = await this.#readToken(wait);
        if (isUsable(stored, refused)) return stored;
      }
      const token = await fetchToken(wait);
      // Written under the lock only (see discard); a process without it keeps its token to itself.
      if (owner && token.refreshAt > Date.now()) {
        const sealed = this.#seal.seal("token", tokenPlaintext(token));
        await this.#command(
          () => this.#backend.set(this.#keys.token, sealed, token.expiresAt - Date.now()),
          undefined,
          {},
        );
      }
      return token;
    } finally {
      clearInterval(renewal);
      if (owner) await this.#release(owner);
    }
  }

  /**
   * Releases the lock, even while commands rest after a failure (see #command): the others would
   * otherwise wait `lockMs` for a lock nobody holds, at every renewal, while the store works for
   * them. Bounded like any command.
   */
  #release(owner: string): Promise<void | undefined> {
    return this.#command(
      () => this.#backend.unlock(this.#keys.lock, owner),
      undefined,
      {},
      { evenResting: true },
    );
  }

  #keepLock(owner: string): ReturnType<typeof setInterval> {
    const { lockMs } = this.#settings;
    const timer = setInterval(
      () => void this.#command(() => this.#backend.renewLock(this.#keys.lock, owner, lockMs), false, {}),
      lockMs / 3,
    );
    (timer as { unref?: () => void }).unref?.();
    return timer;
  }

  async #tryLock(owner: string, wait: TokenWait): Promise<LockOutcome> {
    const taken = await this.#command(
      () => this.#backend.tryLock(this.#keys.lock, owner, this.#settings.lockMs),
      "unavailable" as const,
      wait,
    );
    return taken === "unavailable" ? taken : taken ? "held" : "busy";
  }

  async #readToken(wait: TokenWait): Promise<SharedToken | undefined> {
    const sealed = await this.#command(() => this.#backend.get(this.#keys.token), undefined, wait);
    return tokenFromPlaintext(this.#seal.open("token", sealed));
  }

  /**
   * Runs one backend command, bounded by `commandTimeoutMs` and the wait's deadline (the smaller),
   * and ended by its signal. One that fails or does not answer in time warns once and gives
   * `fallback`; then, for as long again as a command may take, no command is sent at all (each
   * would cost its bound again) and the client goes on without the store, asking Atlas on its
   * own, until the store is tried again. A command left behind may still settle later; nothing waits for it.
   */
  async #command<T, F>(
    operation: () => Promise<T>,
    fallback: F,
    wait: TokenWait,
    options: { evenResting?: boolean } = {},
  ): Promise<T | F> {
    if (!options.evenResting && Date.now() < this.#restUntil) return fallback;
    const untilDeadline = wait.deadline === undefined ? Infinity : wait.deadline - Date.now();
    const deadlineFirst = untilDeadline < this.#settings.commandTimeoutMs;
    const boundMs = Math.max(0, Math.min(this.#settings.commandTimeoutMs, untilDeadline));
    let cancelLimit: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const running = Promise.resolve().then(operation);
      running.catch(() => {});
      const result = await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          cancelLimit = timeLimit(boundMs, () => reject(new StoreTimeout(boundMs)));
          onAbort = () => reject(wait.signal!.reason);
          if (wait.signal?.aborted) onAbort();
          else wait.signal?.addEventListener("abort", onAbort, { once: true });
        }),
      ]);
      this.#failing = false;
      return result;
    } catch (error) {
      if (wait.signal?.aborted && error === wait.signal.reason) throw error;
      // The caller's deadline came first: the caller is out of time, the store is not at fault.
      if (error instanceof StoreTimeout && deadlineFirst)
        throw new AtlasTimeoutError("POST", tokenPath, 0, "call");
      this.#restUntil = Date.now() + this.#settings.commandTimeoutMs;
      if (!this.#failing) {
        this.#failing = true;
        this.#warn({
          code: "ATLAS_TOKEN_STORE_UNAVAILABLE",
          message: `The shared token store (${this.#backend.name}) ${error instanceof StoreTimeout ? `did not answer within ${error.ms} ms` : `failed: ${failureName(error)}`}. This process asks Atlas for its own tokens until the store works again.`,
        });
      }
      return fallback;
    } finally {
      cancelLimit?.();
      if (onAbort) wait.signal?.removeEventListener("abort", onAbort);
    }
  }
}

class StoreTimeout extends Error {
  constructor(readonly ms: number) {
    super("the token store did not answer in time");
  }
}

/** Who holds the lock: the process, and which of its waits (several clients may share a store). */
function lockOwner(): string {
  return `${process.pid}.${randomBytes(12).toString("base64url")}`;
}

function checkWait(wait: TokenWait, startedAt: number): void {
  if (wait.signal?.aborted) throw wait.signal.reason;
  if (wait.deadline !== undefined && Date.now() >= wait.deadline)
    throw new AtlasTimeoutError("POST", tokenPath, Date.now() - startedAt);
}

function isUsable(token: SharedToken | undefined, refused: ReadonlySet<string>): token is SharedToken {
  return token !== undefined && Date.now() < token.refreshAt && !refused.has(token.accessToken);
}

/** A random wait between `ms / 2` and `ms`: processes that poll the same store drift apart. */
export function jittered(ms: number, random = Math.random): number {
  return Math.round(ms / 2 + random() * (ms / 2));
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
