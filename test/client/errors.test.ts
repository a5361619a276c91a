import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import {
  AtlasApiError,
  AtlasConnectionError,
  AtlasInvalidRequestError,
  AtlasTimeoutError,
  createAtlasClient,
  isAtlasErrorCode,
  knownAtlasErrorCodes,
} from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  clientFor,
  collectionPath,
  ids,
  itemPath,
  startRecordingServer,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";
import { recordProduced, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
beforeAll(async () => {
  atlas = await startTestAtlas();
});
afterAll(() => atlas.close());

describe("answers that are not a success become AtlasApiError, the same on both paths", () => {
  test("404 PEER_NOT_FOUND: fields, kind and message", async () => {
    const client = clientFor(atlas, "digest");
    const { error, response } = await client.GET(itemPath, {
      params: { path: { groupId: atlas.credentials.groupId, peerId: ids.peerId } },
    });
    recordProduced(error);
    expect(response.status).toBe(404);
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({
      status: 404,
      errorCode: "PEER_NOT_FOUND",
      kind: "not-found",
      method: "GET",
      reason: "Not Found",
      retryable: false,
      parameters: [],
    });
    expect(error!.message).toBe(
      `GET /api/atlas/v2/groups/${atlas.credentials.groupId}/peers/${ids.peerId} -> 404 PEER_NOT_FOUND: No network peering connection with ID ${ids.peerId} exists in this project.`,
    );
    const thrown = await rejectionOf(client.peers.get(atlas.credentials.groupId, ids.peerId));
    // The same error, but for the request id: each answer has its own.
    expect(thrown).toBeInstanceOf(AtlasApiError);
    expect(thrown.message).toBe(error!.message);
    expect({ ...thrown, requestId: "each answer has its own" }).toEqual({
      ...error,
      requestId: "each answer has its own",
    });
    expect((thrown as AtlasApiError).requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(isAtlasErrorCode(thrown, "PEER_NOT_FOUND")).toBe(true);
    expect(isAtlasErrorCode(thrown, "GROUP_NOT_FOUND")).toBe(false);
    expect(isAtlasErrorCode(new Error("PEER_NOT_FOUND"), "PEER_NOT_FOUND")).toBe(false);
  });

  test("isAtlasErrorCode narrows the error and its code", () => {
    const error: unknown = new AtlasApiError({
      status: 404,
      errorCode: "GROUP_NOT_FOUND",
      method: "GET",
      path: "/",
      retryable: false,
    });
    if (isAtlasErrorCode(error, "GROUP_NOT_FOUND")) {
      expectTypeOf(error).toMatchTypeOf<AtlasApiError>();
      expectTypeOf(error.errorCode).toEqualTypeOf<"GROUP_NOT_FOUND">();
    }
    expect(knownAtlasErrorCodes).toContain("RATE_LIMITED_TOKEN_BUCKET");
    expect(knownAtlasErrorCodes).toHaveLength(28);
    expect(knownAtlasErrorCodes).toContain("CONTAINER_ALREADY_EXISTS");
  });

  test("400 VALIDATION_ERROR keeps badRequestDetail.fields", async () => {
    const client = clientFor(atlas, "serviceAccount");
    const { vpcId: _dropped, ...missingVpc } = awsBody;
    const error = await rejectionOf(
      client.peers.create(atlas.credentials.groupId, { ...missingVpc, vpcId: "not-a-vpc" }),
    );
    expect(error).toMatchObject({ status: 400, errorCode: "VALIDATION_ERROR", kind: "bad-request" });
    expect((error as AtlasApiError).badRequestDetail?.fields).toEqual([
      { field: "vpcId", description: 'vpcId must match pattern "^vpc-[0-9a-f]{17}$".' },
    ]);
  });

  test("categories a caller can branch on", async () => {
    const client = clientFor(atlas, "digest", { maxRetries: 0 });
    const unknownGroup = await rejectionOf(client.peers.get("aaaaaaaaaaaaaaaaaaaaaaaa", ids.peerId));
    expect(unknownGroup).toMatchObject({ errorCode: "GROUP_NOT_FOUND", kind: "not-found" });
    const peer = await client.peers.create(atlas.credentials.groupId, awsBody);
    const duplicate = await rejectionOf(client.peers.create(atlas.credentials.groupId, awsBody));
    expect(duplicate).toMatchObject({ status: 409, errorCode: "PEER_ALREADY_EXISTS", kind: "conflict" });
    await client.peers.delete(atlas.credentials.groupId, peer.id!);
    const deleting = await rejectionOf(client.peers.update(atlas.credentials.groupId, peer.id!, awsBody));
    expect(deleting).toMatchObject({ status: 409, errorCode: "PEER_INVALID_STATE", kind: "conflict" });
    const tooOld = await rejectionOf(
      client.peers.get(atlas.credentials.groupId, peer.id!, { apiVersion: "2022-01-01" }),
    );
    expect(tooOld).toMatchObject({ status: 406, errorCode: "INVALID_VERSION_DATE", kind: "version" });
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "7" } });
    const limited = await rejectionOf(client.peers.get(atlas.credentials.groupId, peer.id!));
    expect(limited).toMatchObject({
      status: 429,
      errorCode: "RATE_LIMITED_TOKEN_BUCKET",
      kind: "rate-limited",
      retryable: true,
      rateLimit: { limit: 100, remaining: 0, retryAfterMs: 7000 },
    });
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 500 } });
    const broken = await rejectionOf(client.peers.get(atlas.credentials.groupId, peer.id!));
    expect(broken).toMatchObject({
      status: 500,
      errorCode: "UNEXPECTED_ERROR",
      kind: "server",
      retryable: false,
    });
    const forbidden = new AtlasApiError({
      status: 403,
      errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
      method: "GET",
      path: "/",
      retryable: false,
    });
    expect(forbidden.kind).toBe("forbidden");
  });

  test.each([
    [
      "an HTML page from a proxy",
      { kind: "serverError", status: 502, body: "html" } as const,
      502,
      "HTTP_502",
      /<html><body><h1>502 Bad Gateway/,
    ],
    ["an empty body", { kind: "serverError", status: 503, body: "empty" } as const, 503, "HTTP_503", /^$/],
    [
      "truncated JSON",
      {
        kind: "raw",
        status: 500,
        headers: { "content-type": "application/json" },
        body: '{"error":500,"errorCo',
      } as const,
      500,
      "HTTP_500",
      /^\{"error":500,"errorCo$/,
    ],
    [
      "a 200 that is not JSON",
      {
        kind: "raw",
        status: 200,
        headers: { "content-type": "text/html" },
        body: "<html>maintenance</html>",
      } as const,
      200,
      "INVALID_RESPONSE",
      /maintenance/,
    ],
  ])(
    "%s gives an AtlasApiError with the status and an excerpt",
    async (_name, fault, status, errorCode, excerpt) => {
      const client = clientFor(atlas, "digest", { maxRetries: 0 });
      atlas.state.faults.inject({ fault, match: { pathIncludes: "/peers" } });
      const { error } = await client.GET(collectionPath, {
        params: { path: { groupId: atlas.credentials.groupId } },
      });
      recordProduced(error);
      expect(error).toBeInstanceOf(AtlasApiError);
      expect(error).toMatchObject({ status, errorCode });
      expect(error!.bodyExcerpt).toMatch(excerpt);
    },
  );
});

describe("no answer at all", () => {
  test("connection refused: AtlasConnectionError with its code, never a 5xx", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const client = createAtlasClient({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: { type: "none" },
      maxRetries: 1,
      backoff: { initialDelayMs: 1 },
    });
    const error = await rejectionOf(client.peers.get(ids.groupId, ids.peerId));
    expect(error).toBeInstanceOf(AtlasConnectionError);
    expect(error).toMatchObject({ code: "ECONNREFUSED", method: "GET" });
    expect(error).not.toHaveProperty("status");
  });

  test("a timeout per attempt: AtlasTimeoutError after the retries", async () => {
    const slow = await startRecordingServer(() => {
      /* never answers */
    });
    try {
      const client = createAtlasClient({
        baseUrl: slow.url,
        auth: { type: "none" },
        timeoutMs: 50,
        maxRetries: 1,
        backoff: { initialDelayMs: 1 },
      });
      const started = Date.now();
      const error = await rejectionOf(client.peers.get(ids.groupId, ids.peerId));
      expect(error).toBeInstanceOf(AtlasTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 50 });
      expect(slow.requests).toHaveLength(2);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await slow.close();
    }
  });

  test("the caller's abort ends the call at once with the caller's reason, without retries", async () => {
    const slow = await startRecordingServer(() => {});
    try {
      const client = createAtlasClient({ baseUrl: slow.url, auth: { type: "none" }, timeoutMs: 10_000 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      const error = await rejectionOf(
        client.peers.get(ids.groupId, ids.peerId, { signal: controller.signal }),
      );
      expect(error.name).toBe("AbortError");
      expect(slow.requests).toHaveLength(1);
      const before = new AbortController();
      before.abort(new Error("stopped by the caller"));
      expect(
        (await rejectionOf(client.peers.get(ids.groupId, ids.peerId, { signal: before.signal }))).message,
      ).toBe("stopped by the caller");
      expect(slow.requests).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe("every attempt hands fetch an AbortSignal of its own (one attempt strategy)", () => {
  test("with or without a time limit, a caller's signal or a deadline: the request can always be cancelled on the wire", async () => {
    const signals: Array<AbortSignal | null | undefined> = [];
    let hang = false;
    const fetch = (async (_url: string, init: RequestInit) => {
      signals.push(init.signal);
      if (hang)
        return new Promise<Response>((_, reject) =>
          init.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true }),
        );
      return new Response(JSON.stringify({ id: ids.peerId, providerName: "AWS", statusName: "AVAILABLE" }));
    }) as typeof globalThis.fetch;
    const options = { baseUrl: "http://127.0.0.1:9", auth: { type: "none" }, fetch, maxRetries: 0 } as const;
    const caller = new AbortController();
    const untimed = createAtlasClient({ ...options, timeoutMs: 0 });
    await untimed.peers.get(ids.groupId, ids.peerId);
    await untimed.peers.get(ids.groupId, ids.peerId, { signal: caller.signal });
    const timed = createAtlasClient({ ...options, timeoutMs: 50 });
    await timed.peers.get(ids.groupId, ids.peerId);
    await timed.peers.get(ids.groupId, ids.peerId, { totalTimeoutMs: 5_000 });
    const seen = signals.splice(0);
    expect(seen).toHaveLength(4);
    for (const signal of seen) {
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(signal).not.toBe(caller.signal);
    }
    // A server that hangs: the attempt's signal aborts at its time limit, and the request is gone.
    hang = true;
    expect(recordProduced(await rejectionOf(timed.peers.get(ids.groupId, ids.peerId)))).toBeInstanceOf(
      AtlasTimeoutError,
    );
    expect(signals[0]!.aborted).toBe(true);
  });
});

describe("refused before anything is sent", () => {
  const client = createAtlasClient({
    baseUrl: "http://127.0.0.1:9",
    auth: { type: "none" },
    fetch: async () => {
      throw new Error("must not be called");
    },
  });

  test.each([
    [
      "a groupId of the wrong length",
      () => client.peers.get("5356823b3794dee37132bb7", ids.peerId),
      "groupId",
    ],
    ["an upper-case peerId", () => client.peers.get(ids.groupId, ids.peerId.toUpperCase()), "peerId"],
    ["a peerId with a slash", () => client.peers.delete(ids.groupId, "../../../../orgs/abcdef01"), "peerId"],
    [
      "a missing body for update",
      () => client.peers.update(ids.groupId, ids.peerId, undefined as never),
      "body",
    ],
    [
      "a missing body for create",
      () => client.POST(collectionPath, { params: { path: { groupId: ids.groupId } } } as never),
      "body",
    ],
    [
      "a missing path parameter",
      () => client.GET(itemPath, { params: { path: { groupId: ids.groupId } } } as never),
      "peerId",
    ],
    [
      "a negative per-request timeout",
      () => client.peers.get(ids.groupId, ids.peerId, { timeoutMs: -5 }),
      "timeoutMs",
    ],
    [
      "a malformed per-request apiVersion",
      () => client.peers.get(ids.groupId, ids.peerId, { apiVersion: "latest" }),
      "apiVersion",
    ],
  ])("%s", async (_name, call, parameter) => {
    const error = await rejectionOf(call());
    expect(error).toBeInstanceOf(AtlasInvalidRequestError);
    expect(error).toMatchObject({ parameter });
  });
});
