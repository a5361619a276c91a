import type { StoreKey, TokenStoreBackend } from "../backend.js";
import { replyText, type RedisCommand } from "./redis-client.js";

/** Deletes KEYS[1] if it holds ARGV[1]: compare and delete, for tokens and for locks. */
const deleteIfScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
/**
 * Takes the lock KEYS[1] for ARGV[1] for ARGV[2] ms: when nobody holds it, or when what holds it is
 * stale, a value without an expiry (a stray value, a lock set by hand) or one that would outlive
 * any lock's lifetime: waiting for it would be waiting forever. Atomic, as a script.
 */
const tryLockScript = `if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return 1 end
local ttl = redis.call("PTTL", KEYS[1])
if ttl == -1 or ttl > tonumber(ARGV[2]) then
  redis.call("SET", KEYS[1], ARGV[1], "PX", ARGV[2])
  return 1
end
return 0`;
/** Extends KEYS[1] to ARGV[2] ms if it holds ARGV[1]: only the lock's owner renews it. */
const renewIfScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Redis behind the token store. Keys are `<prefix>{<slot>}:<kind>`: the braces keep one account's
 * entries in one Redis Cluster hash slot. Values expire with what they hold (PX), so nothing is
 * left behind; the lock is `SET NX PX` (a stale one, without an expiry, taken over), renewed and
 * released only by its owner (Lua scripts).
 */
export class RedisBackend implements TokenStoreBackend {
  readonly name = "redis";
  readonly #command: RedisCommand;
  readonly #prefix: string;

  constructor(command: RedisCommand, prefix: string) {
    this.#command = command;
    this.#prefix = prefix;
  }

  async get(key: StoreKey): Promise<string | undefined> {
    return replyText(await this.#command(["GET", this.#key(key)]));
  }

  async set(key: StoreKey, value: string, ttlMs: number): Promise<void> {
    await this.#command(["SET", this.#key(key), value, "PX", String(Math.max(1, Math.ceil(ttlMs)))]);
  }

  async deleteIf(key: StoreKey, expected: string): Promise<boolean> {
    return Number(await this.#command(["EVAL", deleteIfScript, "1", this.#key(key), expected])) === 1;
  }

  async tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    return (
      Number(await this.#command(["EVAL", tryLockScript, "1", this.#key(key), owner, String(ttlMs)])) === 1
    );
  }

  async renewLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    return (
      Number(await this.#command(["EVAL", renewIfScript, "1", this.#key(key), owner, String(ttlMs)])) === 1
    );
  }

  async unlock(key: StoreKey, owner: string): Promise<void> {
    await this.#command(["EVAL", deleteIfScript, "1", this.#key(key), owner]);
  }

  #key(key: StoreKey): string {
    return `${this.#prefix}{${key.slot}}:${key.kind}`;
  }
}
