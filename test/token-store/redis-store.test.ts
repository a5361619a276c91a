import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { AtlasConfigurationError, type AtlasWarning } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { RedisBackend } from "../../src/token-store/redis/redis-backend.js";
import { redisCommand, type RedisClientLike } from "../../src/token-store/redis/redis-client.js";
import { createRedisTokenStore } from "../../src/token-store/redis/index.js";
import { RecordSeal } from "../../src/token-store/sealed-record.js";
import { storeSlot } from "../../src/token-store/store-slot.js";
import { clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { redisAvailable, startRedis, type RedisServer } from "../helpers/redis-server.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { auditRedis } from "./store-audit.js";

const runs = redisAvailable();

interface ClientKind {
  name: string;
  connect(url: string): Promise<{ client: RedisClientLike; close(): Promise<void> }>;
}

const clientKinds: ClientKind[] = [
  {
    name: "node-redis 5",
    connect: async (url) => {
      const client = createClient({ url });
      await client.connect();
      return { client, close: async () => void (await client.quit()) };
    },
  },
  {
    name: "ioredis 6",
    connect: async (url) => {
      const client = new Redis(url, { lazyConnect: true });
      await client.connect();
      return { client, close: async () => void (await client.quit()) };
    },
  },
];

let server: RedisServer;
let atlas: MockAtlas | undefined;
beforeAll(async () => {
  if (runs) server = await startRedis();
});
afterAll(async () => {
  await server?.close();
});

describe.runIf(runs).each(clientKinds)("the Redis token store with $name", (kind) => {
  let redis: Awaited<ReturnType<ClientKind["connect"]>>;
  let command: (args: string[]) => Promise<unknown>;
  beforeAll(async () => {
    redis = await kind.connect(server.url);
    command = redisCommand(redis.client);
  });
  afterAll(async () => {
    await redis.close();
  });
  afterEach(async () => {
    // Every value the store left in Redis goes to the secret audit; then a clean database.
    await auditRedis(command);
    await command(["FLUSHDB"]);
    await atlas?.close();
    atlas = undefined;
  });

  function storeClient(warnings: AtlasWarning[] = [], client: RedisClientLike = redis.client) {
    const { clientId, clientSecret } = atlas!.credentials;
    return clientFor(atlas!, "serviceAccount", {
      auth: { type: "serviceAccount", clientId, clientSecret, tokenStore: createRedisTokenStore({ client }) },
      onWarning: (warning) => void warnings.push(recordProduced(warning)),
    });
  }

  function key(kind: string): string {
    return `atlas-peering-client:{${storeSlot({ baseUrl: atlas!.url, clientId: atlas!.credentials.clientId })}}:${kind}`;
  }

  async function storedToken(): Promise<string | undefined> {
    const { clientId, clientSecret } = atlas!.credentials;
    const store = createRedisTokenStore({ client: redis.client });
    const token = await store.bind({ clientId, clientSecret, baseUrl: atlas!.url, warn: () => {} }).peek();
    registerSecrets(token?.accessToken);
    return token?.accessToken;
  }

  test("two processes share one token; Redis holds it sealed, expiring with the token", async () => {
    atlas = await startTestAtlas({ tokenLifetimeSeconds: 600 });
    await storeClient().peers.list(atlas.credentials.groupId).next();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    const token = await storedToken();
    const sealed = String(await command(["GET", key("token")]));
    expect(sealed).toMatch(/^apc1\./);
    expect(sealed).not.toContain(token!);
    const ttl = Number(await command(["PTTL", key("token")]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await command(["KEYS", "*"])).toEqual([key("token")]);
  });

  test("a 401 with the old token: compare and delete, and the fleet fetches one more, not one each", async () => {
    atlas = await startTestAtlas();
    const clients = [storeClient(), storeClient(), storeClient()];
    for (const client of clients) await client.peers.list(atlas.credentials.groupId).next();
    atlas.state.oauth.expireAll();
    await Promise.all(clients.map((client) => client.peers.list(atlas!.credentials.groupId).next()));
    expect(atlas.state.oauth.issued).toBe(2);
    expect(await storedToken()).toBeDefined();
  });

  test("a corrupt or foreign value is ignored and replaced", async () => {
    atlas = await startTestAtlas();
    await storeClient().peers.list(atlas.credentials.groupId).next();
    const foreign = new RecordSeal({
      ...atlas.credentials,
      baseUrl: atlas.url,
      clientSecret: "a-rotated-secret-123456",
    });
    for (const value of ["garbage", foreign.seal("token", '{"t":"old-secret-token-1","e":9e12,"r":9e12}')]) {
      await command(["SET", key("token"), value]);
      await storeClient().peers.list(atlas.credentials.groupId).next();
      expect(String(await command(["GET", key("token")]))).not.toBe(value);
    }
    expect(atlas.state.oauth.issued).toBe(3);
  });

  test("close() leaves the fleet's token; revokeToken() revokes it and removes it from Redis", async () => {
    atlas = await startTestAtlas();
    const [first, second] = [storeClient(), storeClient()];
    await first.peers.list(atlas.credentials.groupId).next();
    await first.close();
    expect(atlas.state.oauth.revoked).toBe(0);
    await second.revokeToken();
    expect(atlas.state.oauth.revoked).toBe(1);
    expect(await command(["EXISTS", key("token")])).toBe(0);
  });

  test("the lock: SET NX PX, renewed and released only by its owner, lapsing when nobody renews it", async () => {
    const backend = new RedisBackend(command, "atlas-peering-client:");
    const lock = { slot: "lock-test", kind: "lock" } as const;
    expect(await backend.tryLock(lock, "owner-a", 400)).toBe(true);
    expect(await backend.tryLock(lock, "owner-b", 400)).toBe(false);
    expect(await backend.renewLock(lock, "owner-b", 60_000)).toBe(false);
    await backend.unlock(lock, "owner-b");
    expect(await command(["GET", "atlas-peering-client:{lock-test}:lock"])).toBe("owner-a");
    expect(await backend.renewLock(lock, "owner-a", 500)).toBe(true);
    expect(Number(await command(["PTTL", "atlas-peering-client:{lock-test}:lock"]))).toBeGreaterThan(400);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await backend.tryLock(lock, "owner-b", 400)).toBe(true);
    await backend.unlock(lock, "owner-a");
    expect(await command(["GET", "atlas-peering-client:{lock-test}:lock"])).toBe("owner-b");
    await backend.unlock(lock, "owner-b");
    expect(await command(["EXISTS", "atlas-peering-client:{lock-test}:lock"])).toBe(0);
    expect(await backend.deleteIf({ slot: "s", kind: "token" }, "absent")).toBe(false);
  });

  test("a lock without an expiry (a stray value, or one set by hand) is stale: the next process takes it over", async () => {
    atlas = await startTestAtlas();
    await command(["SET", key("lock"), "left-by-hand"]);
    expect(Number(await command(["PTTL", key("lock")]))).toBe(-1);
    await storeClient().peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    expect(await command(["EXISTS", key("lock")])).toBe(0);
    expect(await storedToken()).toBeDefined();
  });

  test("Redis paused (CLIENT PAUSE): a call goes on without the store after its command timeout, with one warning, long before the pause ends", async () => {
    atlas = await startTestAtlas();
    const { clientId, clientSecret } = atlas.credentials;
    const warnings: AtlasWarning[] = [];
    const client = clientFor(atlas, "serviceAccount", {
      auth: {
        type: "serviceAccount",
        clientId,
        clientSecret,
        tokenStore: createRedisTokenStore({ client: redis.client, commandTimeoutMs: 300 }),
      },
      timeoutMs: 1_000,
      onWarning: (warning) => void warnings.push(recordProduced(warning)),
    });
    const pauseMs = 4_000;
    await command(["CLIENT", "PAUSE", String(pauseMs), "ALL"]);
    const pausedAt = Date.now();
    try {
      await client.peers.list(atlas.credentials.groupId).next();
      // The invariant itself, not a speed budget: the call did not wait for the paused store.
      expect(Date.now() - pausedAt).toBeLessThan(pauseMs);
      expect(warnings.map((warning) => warning.code)).toEqual(["ATLAS_TOKEN_STORE_UNAVAILABLE"]);
      expect(warnings[0]!.message).toMatch(/did not answer within 300 ms/);
      expect(atlas.state.oauth.issued).toBe(1);
    } finally {
      // Commands sent meanwhile run when the pause ends; the next test starts after that.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, pausedAt + pauseMs + 100 - Date.now())));
      await client.close();
    }
  });

  test("a closed client is a warning naming the failure, and the client asks Atlas itself", async () => {
    atlas = await startTestAtlas();
    const closed = await kind.connect(server.url);
    await closed.close();
    const warnings: AtlasWarning[] = [];
    const client = storeClient(warnings, closed.client);
    await client.peers.list(atlas.credentials.groupId).next();
    await client.peers.list(atlas.credentials.groupId).next();
    expect(atlas.state.oauth.issued).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: "ATLAS_TOKEN_STORE_UNAVAILABLE" });
    expect(warnings[0]!.message).toMatch(
      /^The shared token store \(redis\) failed: \w+\. This process asks Atlas for its own tokens until the store works again\.$/,
    );
  });
});

describe("the Redis token store's options", () => {
  test("a missing or wrong client, key prefix or lockMs is an AtlasConfigurationError naming it", () => {
    const client = { sendCommand: async () => null };
    const attempts: Array<[unknown, string]> = [
      [{}, "client: must be a connected Redis client from node-redis (createClient) or ioredis (new Redis)"],
      [{ client: { get: () => null } }, "client: must be a connected Redis client"],
      [
        { client, keyPrefix: "a {b}" },
        "keyPrefix: must be up to 100 printable characters without spaces or braces",
      ],
      [{ client, keyPrefix: 7 }, "keyPrefix: must be up to 100 printable characters"],
      [{ client, lockMs: 600_001 }, "lockMs: must be an integer from 300 to 600000 (milliseconds)"],
      [undefined, "options: must be an object"],
    ];
    for (const [options, message] of attempts) {
      const attempt = () => createRedisTokenStore(options as never);
      expect(attempt).toThrow(AtlasConfigurationError);
      expect(attempt).toThrow(message);
    }
  });
});
