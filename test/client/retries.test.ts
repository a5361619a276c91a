import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AtlasConnectionError, createAtlasClient } from "../../src/index.js";
import { parseRetryAfter } from "../../src/http/retry-after.js";
import { isRetryable, retryDelayMs, defaultBackoff } from "../../src/http/retry-policy.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { awsBody, clientFor, ids, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
let peerId: string;
beforeAll(async () => {
  atlas = await startTestAtlas();
  peerId = (await clientFor(atlas, "digest").peers.create(atlas.credentials.groupId, awsBody)).id!;
});
afterAll(() => atlas.close());

function sentSince(mark: number, method: string) {
  return atlas.requests.slice(mark).filter((request) => request.method === method && request.auth !== "none");
}

describe("which failures are retried", () => {
  test("429 is retried for every method, POST included, and the create is applied once", async () => {
    const client = clientFor(atlas, "serviceAccount");
    const mark = atlas.requests.length;
    const mutations = atlas.state.mutations.length;
    atlas.state.faults.inject({
      fault: { kind: "rateLimit", retryAfter: "0" },
      match: { method: "POST", pathIncludes: "/peers" },
    });
    const created = await client.peers.create(atlas.credentials.groupId, {
      ...awsBody,
      vpcId: "vpc-0a1b2c3d4e5f60719",
    });
    expect(
      sentSince(mark, "POST")
        .filter((request) => request.path.endsWith("/peers"))
        .map((request) => request.status),
    ).toEqual([429, 200]);
    expect(atlas.state.mutations.slice(mutations).map((mutation) => mutation.method)).toEqual(["POST"]);
    await client.peers.delete(atlas.credentials.groupId, created.id!);
  });

  test.each(["GET", "PATCH", "DELETE"] as const)("503 is retried for %s", async (method) => {
    const client = clientFor(atlas, "digest");
    const target = (
      await client.peers.create(atlas.credentials.groupId, {
        ...awsBody,
        vpcId: `vpc-0a1b2c3d4e5f6071${method.length}`,
      })
    ).id!;
    const mark = atlas.requests.length;
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 503 }, match: { method }, times: 2 });
    if (method === "GET") await client.peers.get(atlas.credentials.groupId, target);
    if (method === "PATCH")
      await client.peers.update(atlas.credentials.groupId, target, {
        ...awsBody,
        vpcId: `vpc-0a1b2c3d4e5f6071${method.length}`,
      });
    if (method === "DELETE") await client.peers.delete(atlas.credentials.groupId, target);
    expect(sentSince(mark, method).map((request) => request.status)).toEqual([
      503,
      503,
      method === "DELETE" ? 202 : 200,
    ]);
  });

  test("503 is not retried for POST: the create may have happened", async () => {
    const client = clientFor(atlas, "digest");
    await client.peers.get(atlas.credentials.groupId, peerId); // the digest challenge, out of the way
    const mark = atlas.requests.length;
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 503 }, match: { method: "POST" } });
    const error = await rejectionOf(
      client.peers.create(atlas.credentials.groupId, { ...awsBody, vpcId: "vpc-0a1b2c3d4e5f60720" }),
    );
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(sentSince(mark, "POST")).toHaveLength(1);
  });

  test("a connection reset is retried for PATCH (the same settings again) but not for POST", async () => {
    const client = clientFor(atlas, "digest");
    await client.peers.get(atlas.credentials.groupId, peerId);
    let mark = atlas.requests.length;
    const mutations = atlas.state.mutations.length;
    atlas.state.faults.inject({ fault: { kind: "reset", when: "after" }, match: { method: "PATCH" } });
    const peer = await client.peers.update(atlas.credentials.groupId, peerId, {
      ...awsBody,
      accepterRegionName: "ap-south-1",
    });
    expect(peer).toMatchObject({ accepterRegionName: "ap-south-1" });
    expect(sentSince(mark, "PATCH")).toHaveLength(2);
    // Applied twice, but the second time changed nothing: PATCH carries the whole settings.
    expect(atlas.state.mutations.slice(mutations).map((mutation) => mutation.changed)).toEqual([true, false]);

    mark = atlas.requests.length;
    atlas.state.faults.inject({ fault: { kind: "reset", when: "after" }, match: { method: "POST" } });
    const error = await rejectionOf(
      client.peers.create(atlas.credentials.groupId, { ...awsBody, vpcId: "vpc-0a1b2c3d4e5f60721" }),
    );
    expect(error).toBeInstanceOf(AtlasConnectionError);
    expect(sentSince(mark, "POST")).toHaveLength(1);
  });

  test("a refused connection is retried even for POST: no byte reached the server", async () => {
    let attempts = 0;
    const client = createAtlasClient({
      baseUrl: "http://127.0.0.1:9",
      auth: { type: "none" },
      backoff: { initialDelayMs: 1 },
      fetch: async () => {
        attempts += 1;
        if (attempts < 3)
          throw Object.assign(new TypeError("fetch failed"), {
            cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
          });
        return new Response(JSON.stringify({ ...awsBody, id: ids.peerId, statusName: "AVAILABLE" }), {
          status: 200,
        });
      },
    });
    await client.peers.create(ids.groupId, awsBody);
    expect(attempts).toBe(3);
  });

  test("maxRetries bounds the attempts", async () => {
    const client = clientFor(atlas, "digest", { maxRetries: 3 });
    await client.peers.get(atlas.credentials.groupId, peerId);
    const mark = atlas.requests.length;
    atlas.state.faults.inject({
      fault: { kind: "serverError", status: 502 },
      match: { method: "GET" },
      times: 10,
    });
    const error = await rejectionOf(client.peers.get(atlas.credentials.groupId, peerId));
    expect(error).toMatchObject({ status: 502 });
    expect(sentSince(mark, "GET")).toHaveLength(4);
    atlas.state.faults.clear();
  });
});

describe("how long to wait", () => {
  test("Retry-After in seconds is honoured", async () => {
    const client = clientFor(atlas, "digest");
    await client.peers.get(atlas.credentials.groupId, peerId);
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "1" }, match: { method: "GET" } });
    const started = Date.now();
    await client.peers.get(atlas.credentials.groupId, peerId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  test("a Retry-After longer than maxRetryAfterMs is not waited for: the 429 goes to the caller at once", async () => {
    const client = clientFor(atlas, "digest");
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "3600" }, match: { method: "GET" } });
    const started = Date.now();
    const error = await rejectionOf(client.peers.get(atlas.credentials.groupId, peerId));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ status: 429, rateLimit: { retryAfterMs: 3_600_000 } });
  });

  test.each(["-5", "soon", "1.5"])("a garbage Retry-After (%s) falls back to backoff", async (retryAfter) => {
    const client = clientFor(atlas, "digest");
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter }, match: { method: "GET" } });
    const started = Date.now();
    recordProduced(await client.peers.get(atlas.credentials.groupId, peerId));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("parseRetryAfter: seconds and HTTP dates; anything else is undefined", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Monday, 23-Nov-26 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Mon Nov 23 12:00:05 2026", now)).toBe(5_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0);
    for (const garbage of ["-1", "1.5", "", "soon", "2026-11-23", "1e3", "99999999999999999999"]) {
      const parsed = parseRetryAfter(garbage, now);
      if (garbage === "99999999999999999999") expect(parsed).toBe(Number.MAX_SAFE_INTEGER);
      else expect(parsed, garbage).toBeUndefined();
    }
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  test("backoff: full jitter under an exponential cap", () => {
    expect(retryDelayMs(0, undefined, defaultBackoff, () => 0.999)).toBe(499);
    expect(retryDelayMs(3, undefined, defaultBackoff, () => 0.5)).toBe(2000);
    expect(retryDelayMs(10, undefined, defaultBackoff, () => 0.999)).toBe(9990);
    expect(retryDelayMs(0, 1500, defaultBackoff)).toBe(1500);
    expect(retryDelayMs(0, 61_000, defaultBackoff)).toBeUndefined();
  });

  test("the retry table (idempotent: GET, PATCH, DELETE; not: POST)", () => {
    expect(isRetryable(false, { kind: "status", status: 429 })).toBe(true);
    expect(isRetryable(false, { kind: "status", status: 503 })).toBe(false);
    expect(isRetryable(true, { kind: "status", status: 504 })).toBe(true);
    expect(isRetryable(true, { kind: "status", status: 500 })).toBe(false);
    expect(isRetryable(false, { kind: "connection", code: "ECONNRESET" })).toBe(false);
    expect(isRetryable(false, { kind: "connection", code: "ENOTFOUND" })).toBe(true);
    expect(isRetryable(true, { kind: "connection", code: "UND_ERR_SOCKET" })).toBe(true);
    expect(isRetryable(false, { kind: "timeout" })).toBe(false);
    expect(isRetryable(true, { kind: "timeout" })).toBe(true);
  });
});
