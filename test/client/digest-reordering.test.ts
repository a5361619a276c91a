import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AtlasApiError, createAtlasClient } from "../../src/index.js";
import { awsBody, ids, json, startRecordingServer } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { ModelAtlas } from "../helpers/model-atlas.js";
import { StrictDigestServer } from "../helpers/strict-digest.js";
import { VirtualClock } from "../helpers/virtual-clock.js";

// Item 7 of issue 11, on real sockets: 50 concurrent PATCHes sharing one nonce against a server
// that refuses any nc not above the last one it saw, with 0-20 ms of random processing delay
// before it looks at the nc, so that requests overtake each other. Valid keys never end in 401,
// and the extra requests stay few. (The in-process property suite runs many more rounds.)
const publicKey = "reordering-public-key";
const privateKey = "reordering-private-key-0123";
registerSecrets(privateKey);

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function strictServer(nonces: "single" | "fresh") {
  const digest = new StrictDigestServer({ username: publicKey, password: privateKey, nonces });
  const server = await startRecordingServer((request, response) => {
    setTimeout(() => {
      const verdict = digest.check(request.method, request.url, request.headers.authorization);
      if (verdict.ok) json(response, 200, { ...awsBody, id: ids.peerId });
      else
        json(
          response,
          401,
          { error: 401, errorCode: "UNAUTHORIZED" },
          { "www-authenticate": verdict.wwwAuthenticate },
        );
    }, Math.random() * 20);
  });
  close = server.close;
  return { digest, server };
}

describe("digest under reordering", () => {
  test.each(["single", "fresh"] as const)(
    "a strict server with %s nonces: 3 rounds of 50 concurrent PATCHes, none ends in 401, few extra requests",
    async (nonces) => {
      const { digest, server } = await strictServer(nonces);
      const atlas = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "digest", publicKey, privateKey },
      });
      const rounds = 3;
      const concurrency = 50;
      const failures: unknown[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const results = await Promise.allSettled(
          Array.from({ length: concurrency }, () => atlas.peers.update(ids.groupId, ids.peerId, awsBody)),
        );
        for (const result of results)
          if (result.status === "rejected") failures.push(recordProduced(result.reason));
      }
      expect(failures.filter((error) => error instanceof AtlasApiError && error.status === 401)).toEqual([]);
      expect(failures).toEqual([]);
      expect(digest.stats.wrong).toBe(0);
      // One first challenge, then at most one stale answer per call of the first round: every
      // request that was already out when the server's strictness showed.
      expect(server.requests.length - rounds * concurrency).toBeLessThanOrEqual(1 + concurrency);
    },
  );
});

describe("digest under reordering, many rounds (in-process, virtual time)", () => {
  let clock: VirtualClock;
  beforeEach(() => {
    clock = new VirtualClock().install();
  });
  afterEach(() => clock.uninstall());

  test.each([
    ["strict, one nonce", { nonces: "single", ncOrder: "strict" }],
    ["strict, one nonce that expires every 2 s", { nonces: "single", ncOrder: "strict", lifetimeMs: 2000 }],
    ["strict, a fresh nonce per challenge", { nonces: "fresh", ncOrder: "strict" }],
    ["lenient, one nonce", { nonces: "single", ncOrder: "ignored" }],
  ] as const)("%s: 20 rounds of 50 concurrent PATCHes with 0-20 ms delays", async (_name, digest) => {
    const model = new ModelAtlas({
      credentials: {
        publicKey,
        privateKey,
        clientId: "unused",
        clientSecret: "unused-secret",
        bearerToken: "unused-token",
      },
      digest,
      // 0-20 ms before the server looks at the nc: requests overtake each other.
      api: Array.from({ length: 2000 }, () => ({ delayMs: Math.floor(Math.random() * 21) })),
    });
    const atlas = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "digest", publicKey, privateKey },
      fetch: model.fetch,
    });
    const rounds = 20;
    const concurrency = 50;
    const failures: unknown[] = [];
    for (let round = 0; round < rounds; round += 1) {
      let settled = 0;
      for (let call = 0; call < concurrency; call += 1)
        atlas.peers
          .update(ids.groupId, ids.peerId, awsBody)
          .catch((error: unknown) => void failures.push(recordProduced(error)))
          .finally(() => (settled += 1));
      await clock.runUntil(() => settled === concurrency, 600_000);
    }
    expect(failures).toEqual([]);
    const stats = model.digestStats!;
    expect(stats.wrong).toBe(0);
    const extra = model.requests.length - rounds * concurrency;
    if (process.env.SHOW_DIGEST_COUNTS) console.log(_name, { extra, stats, virtualMs: clock.now });
    const expiries = "lifetimeMs" in digest ? Math.ceil(clock.now / digest.lifetimeMs) : 0;
    // The first challenge, the stale answers of the requests already out when the server's
    // strictness showed (one round at most), and one per call that met an expired nonce.
    expect(extra).toBeLessThanOrEqual(1 + concurrency + expiries * concurrency);
    if (digest.ncOrder === "ignored") expect(extra).toBe(1);
  });
});
