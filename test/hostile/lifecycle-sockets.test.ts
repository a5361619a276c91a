import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, test } from "vitest";
import { AtlasTimeoutError, AtlasWaitTimeoutError, createAtlasClient } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  clientFor,
  ids,
  json,
  startRecordingServer,
  startTestAtlas,
  type RecordedRequest,
} from "../helpers/atlas-fixtures.js";
import { deferred } from "../helpers/in-process-server.js";
import { recordProduced, registerSecrets, rejectionOf } from "../helpers/secret-audit.js";

// The abort, close and deadline invariants of transport-properties.test.ts, on real sockets:
// against the local Atlas, and against loopback servers where the local Atlas cannot misbehave
// (its token endpoint). Assertions are about what was sent and how calls ended, not how long
// they took.
const clientSecret = "mdb_sa_sk_lifecycle-sockets-1";
registerSecrets(clientSecret);

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

describe("on real sockets", () => {
  test("an abort during a token request: the call ends, the API sees nothing, and close() revokes the token that came later", async () => {
    const tokenArrived = deferred<void>();
    const release = deferred<void>();
    const server = await startRecordingServer((request: RecordedRequest, response: ServerResponse) => {
      if (request.url === "/api/oauth/token") {
        tokenArrived.resolve();
        void release.promise.then(() =>
          json(response, 200, {
            access_token: "late-token-0123456789",
            token_type: "Bearer",
            expires_in: 3600,
          }),
        );
      } else if (request.url === "/api/oauth/revoke") json(response, 200, {});
      else json(response, 200, { ...awsBody, id: ids.peerId });
    });
    cleanup.push(server.close);
    registerSecrets("late-token-0123456789");
    const atlas = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "serviceAccount", clientId: "id", clientSecret },
    });
    const caller = new AbortController();
    const call = atlas.peers.update(ids.groupId, ids.peerId, awsBody, { signal: caller.signal });
    await tokenArrived.promise;
    caller.abort(new Error("the caller gave up"));
    expect((await rejectionOf(call)).message).toBe("the caller gave up");
    release.resolve();
    await atlas.close();
    expect(server.requests.map((request) => request.url)).toEqual(["/api/oauth/token", "/api/oauth/revoke"]);
    expect(new URLSearchParams(server.requests[1]!.body).get("token")).toBe("late-token-0123456789");
  });

  test("totalTimeoutMs ends a call the local Atlas is slow to answer, and it is not retried", async () => {
    const atlas = await startTestAtlas();
    cleanup.push(() => atlas.close());
    const client = clientFor(atlas, "digest");
    const peer = await client.peers.create(atlas.credentials.groupId, awsBody);
    atlas.state.faults.inject({ fault: { kind: "slow", delayMs: 3_000 }, match: { method: "GET" } });
    const before = atlas.requests.length;
    const error = await rejectionOf(
      client.peers.get(atlas.credentials.groupId, peer.id!, { totalTimeoutMs: 300 }),
    );
    expect(error).toBeInstanceOf(AtlasTimeoutError);
    expect(error).toMatchObject({ scope: "call", timeoutMs: 300 });
    expect(atlas.requests.slice(before).filter((request) => request.method === "GET")).toHaveLength(1);
  });

  test("close() with calls in flight: they end, and the local Atlas receives nothing once close() resolved", async () => {
    const atlas = await startTestAtlas();
    cleanup.push(() => atlas.close());
    const client = clientFor(atlas, "digest");
    const peer = await client.peers.create(atlas.credentials.groupId, awsBody);
    atlas.state.faults.inject({
      fault: { kind: "slow", delayMs: 500 },
      match: { method: "PATCH" },
      times: 20,
    });
    const calls = Array.from({ length: 20 }, () =>
      client.peers.update(atlas.credentials.groupId, peer.id!, awsBody).then(
        () => undefined,
        (error: unknown) => recordProduced(error),
      ),
    );
    // All twenty are at the server, held by the slow fault: what is logged from now on was sent later.
    while (atlas.requests.filter((request) => request.method === "PATCH").length < 20)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await client.close();
    const sentWhenClosed = atlas.requests.length;
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((error) => error instanceof Error && /closed/.test(error.message))).toBe(true);
    // The slow answers still arrive on the server's side; the client sends nothing more.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(atlas.requests.length).toBe(sentWhenClosed);
  });

  test("waitFor's timeoutMs against a server that never answers: one poll, cut at the wait's deadline, not retried", async () => {
    const server = await startRecordingServer(() => {
      /* never answers */
    });
    cleanup.push(server.close);
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "bearer", token: "lifecycle-token-42" },
    });
    registerSecrets("lifecycle-token-42");
    const error = await rejectionOf(client.peers.waitFor(ids.groupId, ids.peerId, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(AtlasWaitTimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});
