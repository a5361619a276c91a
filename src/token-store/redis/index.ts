/**
 * `atlas-peering-client/token-store/redis`: one service-account token shared by a fleet, kept
 * encrypted in Redis through your own node-redis or ioredis client. Pass
 * {@link createRedisTokenStore}'s store as `auth.tokenStore`.
 *
 * @packageDocumentation
 * @module atlas-peering-client/token-store/redis
 */
import { AtlasConfigurationError, type SharedTokenStore } from "atlas-peering-client";
import { createSharedTokenStore } from "../shared-store.js";
import { checkCommandTimeoutMs, checkLockMs, checkOptionsObject } from "../store-options.js";
import { RedisBackend } from "./redis-backend.js";
import { redisCommand, type RedisClientLike } from "./redis-client.js";

/** Options of `createRedisTokenStore`. */
export interface RedisTokenStoreOptions {
  /**
   * Your connected client: node-redis (`createClient()`, 4 or later; not `createCluster()`) or
   * ioredis (`new Redis()`, 5 or later). Configure it to fail fast while Redis is away
   * (node-redis `disableOfflineQueue: true`, ioredis `enableOfflineQueue: false`): the client then
   * asks Atlas itself instead of waiting for Redis.
   */
  client: RedisClientLike;
  /** Prepended to every key; default `"atlas-peering-client:"`. */
  keyPrefix?: string;
  /**
   * How long the lock of the process that asks Atlas for a token lives without renewal (it renews
   * it every third of that while it waits): if that process dies, the others wait at most this
   * long before one of them takes over. Default 5000 ms.
   */
  lockMs?: number;
  /**
   * How long one command of the store (a file operation, a Redis command) may take before it
   * counts as failed: the client warns once (`ATLAS_TOKEN_STORE_UNAVAILABLE`) and goes on without
   * the store, asking Atlas on its own, until the store works again. Default 1000 ms; the call's
   * deadline bounds it too.
   */
  commandTimeoutMs?: number;
}

/**
 * A token store for a fleet (workers, containers, machines): one token for every process that
 * uses the same service account and Redis, fetched by one of them while the others wait. Entries
 * are encrypted with a key derived from the client secret and expire with the token. Takes your
 * own client, so the package depends on no Redis library. Pass it as `auth.tokenStore`.
 *
 * ```ts
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const atlas = createAtlasClient({
 *   auth: { type: "serviceAccount", clientId, clientSecret, tokenStore: createRedisTokenStore({ client: redis }) },
 * });
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): SharedTokenStore {
  const { client, keyPrefix, lockMs, commandTimeoutMs } = checkOptionsObject(options);
  return createSharedTokenStore(new RedisBackend(redisCommand(client), checkKeyPrefix(keyPrefix)), {
    lockMs: checkLockMs(lockMs),
    commandTimeoutMs: checkCommandTimeoutMs(commandTimeoutMs),
  });
}

function checkKeyPrefix(value: unknown): string {
  if (value === undefined) return "atlas-peering-client:";
  if (typeof value !== "string" || !/^[\x21-\x7e]{0,100}$/.test(value) || /[{}]/.test(value))
    throw new AtlasConfigurationError(
      "keyPrefix",
      "must be up to 100 printable characters without spaces or braces",
    );
  return value;
}

export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from "./redis-client.js";
export type { SharedTokenStore } from "atlas-peering-client";
