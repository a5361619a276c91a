import { afterEach, describe, expect, test } from "vitest";
import { AtlasApiError, createAtlasClient } from "../../src/index.js";
import { awsBody, ids, json, startRecordingServer } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";
import { StrictDigestServer } from "../helpers/strict-digest.js";

// Item 7 of issue 11, on real sockets: 50 concurrent PATCHes sharing one nonce against a server
// that refuses any nc not above the last one it saw, with 0-20 ms of random processing delay
// before it looks at the nc, so that requests overtake each other. Valid keys never end in 401,
// and the extra requests stay few. (digest-reordering-model.test.ts runs many more rounds in
// process, on virtual time.)
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
      if (verdict.ok) json(response, 200, { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" });
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
