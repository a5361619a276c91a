import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { AtlasAuthenticationError, createAtlasClient } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { createFileTokenStore } from "../../src/token-store/file/index.js";
import { clientFor, ids, json, startRecordingServer, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas | undefined;
afterEach(async () => {
  await atlas?.close();
  atlas = undefined;
});

describe("the local Atlas's token endpoint limit (tokenRateLimit, off by default)", () => {
  test("past the limit: 429 RATE_LIMITED with Atlas's body and a Retry-After until a slot frees up", async () => {
    atlas = await startTestAtlas({ tokenRateLimit: { requests: 2, windowMs: 60_000 } });
    const { clientId, clientSecret } = atlas.credentials;
    const ask = () =>
      fetch(`${atlas!.url}/api/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      detail: "Resource /api/oauth/token is limited to 2 requests every 1 minutes.",
      error: 429,
      errorCode: "RATE_LIMITED",
      parameters: ["/api/oauth/token", 2, 1],
      reason: "Too Many Requests",
    });
    expect(atlas.state.oauth.issued).toBe(2);
  });

  test("a client that may not wait that long gets an AtlasAuthenticationError with status 429", async () => {
    atlas = await startTestAtlas({ tokenRateLimit: { requests: 1, windowMs: 60_000 } });
    await clientFor(atlas, "serviceAccount").peers.list(atlas.credentials.groupId).next();
    const impatient = clientFor(atlas, "serviceAccount", { backoff: { maxRetryAfterMs: 1_000 } });
    const error = await rejectionOf(impatient.peers.list(atlas.credentials.groupId).next());
    expect(error).toBeInstanceOf(AtlasAuthenticationError);
    expect(error).toMatchObject({ status: 429 });
    expect(
      atlas.requests.filter((request) => request.path === "/api/oauth/token").map((r) => r.status),
    ).toEqual([200, 429]);
  });
});

describe("a token endpoint's absurd Retry-After (99999999 s)", () => {
  // The default store (the client's memory) and a shared one: the same rule, one place
  // (service-account-authenticator.ts): a hold lasts at most 5 minutes, and a call that would wait
  // longer than backoff.maxRetryAfterMs fails at once, as an API call's 429 does.
  test.each(["memory", "file"] as const)(
    "%s store: every call fails at once with a 429, none hangs, none asks again",
    async (store) => {
      const directory = mkdtempSync(join(tmpdir(), "atlas-absurd-hold-"));
      const server = await startRecordingServer((request, response) =>
        json(response, 429, { error: 429, errorCode: "RATE_LIMITED" }, { "retry-after": "99999999" }),
      );
      const clientSecret = "mdb_sa_sk_absurd-retry-after-3c9e";
      registerSecrets(clientSecret);
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: {
          type: "serviceAccount",
          clientId: "mdb_sa_id_absurd-retry-after",
          clientSecret,
          ...(store === "file" ? { tokenStore: createFileTokenStore({ directory }) } : {}),
        },
        onWarning: (warning) => void recordProduced(warning),
      });
      try {
        for (let call = 0; call < 3; call += 1) {
          // No deadline: a call that waited for the hold would not settle before the test's limit.
          const error = await rejectionOf(client.peers.get(ids.groupId, ids.peerId));
          expect(error).toBeInstanceOf(AtlasAuthenticationError);
          expect(error).toMatchObject({ status: 429 });
        }
        expect(server.requests.filter((request) => request.url === "/api/oauth/token")).toHaveLength(1);
      } finally {
        await client.close();
        await server.close();
        rmSync(directory, { recursive: true, force: true });
      }
    },
  );
});
