import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createAtlasClient } from "../../src/index.js";
import { awsBody, ids } from "../helpers/atlas-fixtures.js";
import { ModelAtlas } from "../helpers/model-atlas.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { VirtualClock } from "../helpers/virtual-clock.js";

// Item 7 of issue 11, many rounds: 20 rounds of 50 concurrent PATCHes against digest servers
// strict or lenient about nc, in process (test/helpers/model-atlas.ts) on virtual time, 0-20 ms
// of delay before the server looks at each nc. A file of its own: the virtual clock replaces the
// process's timers, which real sockets (digest-reordering.test.ts) must not meet.
const publicKey = "reordering-public-key";
const privateKey = "reordering-private-key-0123";
registerSecrets(privateKey);

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
