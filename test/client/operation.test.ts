import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  AtlasInvalidRequestError,
  AtlasTimeoutError,
  AtlasWaitTimeoutError,
  createAtlasClient,
} from "../../src/index.js";
import { ids } from "../helpers/atlas-fixtures.js";
import { inProcessServer, jsonAnswer } from "../helpers/in-process-server.js";
import { recordProduced } from "../helpers/secret-audit.js";
import { track, VirtualClock } from "../helpers/virtual-clock.js";

// atlas.operation(): several calls under one deadline and one signal, through the same scope a
// single call runs in. On virtual time: "ended at 1000 ms" is exact.

let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

const peer = { id: ids.peerId, providerName: "AWS", statusName: "INITIATING" };

function slowServer(delayMs: number) {
  return inProcessServer(async () => {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return jsonAnswer(200, peer);
  });
}

async function outcomeOf<T>(promise: Promise<T>) {
  const state = track(promise);
  const started = clock.now;
  await clock.runUntil(() => state.settled, 600_000);
  if (state.error !== undefined) recordProduced(state.error);
  return { ...state, afterMs: state.at! - started };
}

describe("an operation of several calls", () => {
  test("its deadline bounds every call in it, together: the third of three 400 ms calls ends at 1000 ms", async () => {
    const server = slowServer(400);
    const atlas = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
    });
    const operation = atlas.operation({ totalTimeoutMs: 1_000 });
    const { error, afterMs } = await outcomeOf(
      (async () => {
        for (let call = 0; call < 3; call += 1) await atlas.peers.get(ids.groupId, ids.peerId, { operation });
      })(),
    );
    expect(error).toBeInstanceOf(AtlasTimeoutError);
    expect(error).toMatchObject({ scope: "call", timeoutMs: 1_000 });
    expect(afterMs).toBe(1_000);
    expect(operation.remainingMs()).toBe(0);
    expect(operation.signal.aborted).toBe(true);
    operation.end();
    // The server's own delay of the abandoned request runs out; nothing of the client's is left.
    await clock.advance(1_000);
    expect(clock.pendingTimers).toBe(0);
  });

  test("waitFor inside it: the operation's deadline binds when it comes first, with the operation's own error", async () => {
    const server = slowServer(0);
    const atlas = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
    });
    class DeadlineOfMine extends Error {}
    const operation = atlas.operation({
      totalTimeoutMs: 2_500,
      deadlineError: () => new DeadlineOfMine("mine"),
    });
    const { error, afterMs } = await outcomeOf(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { operation, intervalMs: 1_000, timeoutMs: 60_000 }),
    );
    expect(error).toBeInstanceOf(DeadlineOfMine);
    expect(afterMs).toBeLessThanOrEqual(2_500);
    expect(server.requests.length).toBe(3);
    // Its own timeoutMs, when that comes first, is still waitFor's.
    const longer = atlas.operation({ totalTimeoutMs: 60_000 });
    const waited = await outcomeOf(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { operation: longer, intervalMs: 100, timeoutMs: 500 }),
    );
    expect(waited.error).toBeInstanceOf(AtlasWaitTimeoutError);
    longer.end();
    operation.end();
  });

  test("its signal ends every call in it, and a Retry-After one call was given holds for the next", async () => {
    let calls = 0;
    const server = inProcessServer(() =>
      (calls += 1) === 1
        ? jsonAnswer(429, { error: 429, errorCode: "RATE_LIMITED" }, { "retry-after": "5" })
        : jsonAnswer(200, peer),
    );
    const atlas = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
      maxRetries: 0,
    });
    const operation = atlas.operation();
    expect((await outcomeOf(atlas.peers.get(ids.groupId, ids.peerId, { operation }))).error).toMatchObject({
      status: 429,
    });
    const second = await outcomeOf(atlas.peers.get(ids.groupId, ids.peerId, { operation }));
    expect(second.error).toBeUndefined();
    expect(second.afterMs).toBe(5_000);

    const controller = new AbortController();
    const stopped = atlas.operation({ signal: controller.signal });
    const waiting = track(
      atlas.peers.waitFor(ids.groupId, ids.peerId, { operation: stopped, intervalMs: 10_000 }),
    );
    await clock.advance(100);
    controller.abort(new Error("stopped by the caller"));
    await clock.settle();
    expect((waiting.error as Error).message).toBe("stopped by the caller");
    operation.end();
    stopped.end();
  });

  test("an operation of another client, or not one at all, is refused before anything is sent", async () => {
    const server = slowServer(0);
    const atlas = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
    });
    const other = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
    });
    for (const operation of [other.operation(), { signal: new AbortController().signal }, "an operation"]) {
      const { error } = await outcomeOf(
        atlas.peers.get(ids.groupId, ids.peerId, { operation: operation as never }),
      );
      expect(error).toBeInstanceOf(AtlasInvalidRequestError);
      expect((error as Error).message).toBe(
        "operation: must be an operation of this client (atlas.operation())",
      );
    }
    expect(server.requests).toHaveLength(0);
  });
});
