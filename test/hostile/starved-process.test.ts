import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import type { AtlasWarning, SharedToken } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import type { StoreKey, TokenStoreBackend } from "../../src/token-store/backend.js";
import { createSharedTokenStore } from "../../src/token-store/shared-store.js";
import { registerSecrets } from "../helpers/secret-audit.js";
import { MemoryBackend } from "../token-store/memory-backend.js";
import { clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";

// A process starved of CPU (a busy machine) wakes with a time limit and the answer it was waiting
// for both due, and Node runs due timers before it reads sockets. The answer came in time: it must
// win. The twins that wait with a time limit, one mechanism for all (src/http/event-loop.ts): an API
// call's attempt, a token request's (the same exchange), and a token store's command (a store
// declared unavailable makes every process of a busy fleet ask Atlas for its own token). The
// starvation is made exact: the loop is blocked after the answer has been sent and before it is
// read, for longer than the time limit. The limit is 400 ms, so that on a busy machine the answer
// still comes within it: what is late is the reading only.

const scope = {
  clientId: "mdb_sa_id_starved-process-test",
  clientSecret: "mdb_sa_sk_starved-process-secret-5e1d",
  baseUrl: "https://cloud.mongodb.com",
};
registerSecrets(scope.clientSecret);
const timeLimitMs = 400;
const stallMs = timeLimitMs * 1.5;
const commandTimeoutMs = timeLimitMs;

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // A synchronous stall: no timer, no socket is served meanwhile.
  }
}

/**
 * A backend whose every `get` is a real round trip over loopback TCP first (a Redis reply stands in
 * for it); the server blocks the event loop just after it answers.
 */
async function backendOverLoopback(memory: MemoryBackend) {
  const server = createServer((socket) =>
    socket.on("data", () => {
      socket.write("+OK\r\n");
      blockFor(stallMs);
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const socket: Socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
  await once(socket, "connect");
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      socket.once("data", () => resolve());
      socket.write("PING\r\n");
    });
  const backend: TokenStoreBackend = {
    name: "loopback",
    get: async (key: StoreKey) => {
      await roundTrip();
      return memory.get(key);
    },
    set: (key, value, ttlMs) => memory.set(key, value, ttlMs),
    deleteIf: (key, expected) => memory.deleteIf(key, expected),
    tryLock: (key, owner, ttlMs) => memory.tryLock(key, owner, ttlMs),
    renewLock: (key, owner, ttlMs) => memory.renewLock(key, owner, ttlMs),
    unlock: (key, owner) => memory.unlock(key, owner),
  };
  return {
    backend,
    close: async () => {
      socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A TCP proxy to `target` that blocks the event loop right after it passes the start of each
 * answer on: the client finds the answer there only once its time limit is due as well.
 */
async function stallingProxy(target: URL) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => {
      client.write(chunk);
      if (chunk.subarray(0, 9).toString("latin1") === "HTTP/1.1 ") blockFor(stallMs);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      // Kept-alive connections would hold server.close() for seconds.
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let close = async () => {};
afterEach(() => close());

describe("an answer that came in time, read late by a starved process", () => {
  test.each(["serviceAccount", "digest"] as const)(
    "an API call (%s: its token request or challenge too) gets it, with a %d ms attempt limit".replace(
      "%d",
      String(timeLimitMs),
    ),
    async (auth) => {
      const atlas: MockAtlas = await startTestAtlas();
      const proxy = await stallingProxy(new URL(atlas.url));
      const client = clientFor(atlas, auth, { baseUrl: proxy.url, timeoutMs: timeLimitMs, maxRetries: 0 });
      close = async () => {
        await client.close();
        await proxy.close();
        await atlas.close();
      };
      const first = await client.peers.list(atlas.credentials.groupId).next();
      expect(first).toEqual({ done: true, value: undefined });
    },
  );
});

describe("a store command whose answer came in time, read late by a starved process", () => {
  test("wins over its time limit: the stored token, no warning, no token request", async () => {
    const memory = new MemoryBackend();
    const loopback = await backendOverLoopback(memory);
    close = loopback.close;
    const warnings: AtlasWarning[] = [];
    const store = createSharedTokenStore(loopback.backend, { lockMs: 2_000, commandTimeoutMs });
    const token: SharedToken = {
      accessToken: "starved-process-token-0123456789",
      expiresAt: Date.now() + 3600_000,
      refreshAt: Date.now() + 3540_000,
    };
    registerSecrets(token.accessToken);
    // The token is written by a process that reaches the same store directly.
    const writer = createSharedTokenStore(memory, { lockMs: 2_000, commandTimeoutMs }).bind({
      ...scope,
      warn: (warning) => warnings.push(warning),
    });
    await writer.obtain(async () => token, {});
    let requests = 0;
    const reader = store.bind({ ...scope, warn: (warning) => warnings.push(warning) });
    const got = await reader.obtain(async () => {
      requests += 1;
      return { ...token, accessToken: "a-second-token-0123456789" };
    }, {});
    expect({ got: got.accessToken, requests, warnings }).toEqual({
      got: token.accessToken,
      requests: 0,
      warnings: [],
    });
  });
});
