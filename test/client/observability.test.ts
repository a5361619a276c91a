import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import {
  AtlasApiError,
  AtlasConfigurationError,
  AtlasInvalidRequestError,
  type AtlasLogger,
  type AtlasRequestEvent,
  type AtlasResponseEvent,
  type AtlasRetryEvent,
  type AtlasWarning,
} from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { awsBody, clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
let groupId: string;
let peerId: string;
const missingPeer = "aaaaaaaaaaaaaaaaaaaaaaaa";

beforeAll(async () => {
  atlas = await startTestAtlas({
    deprecatedVersions: { "2023-01-01": { deprecation: new Date("2026-01-01T00:00:00Z") } },
  });
  groupId = atlas.credentials.groupId;
  peerId = (await clientFor(atlas, "digest").peers.create(groupId, awsBody)).id;
});
afterAll(() => atlas.close());
afterEach(() => vi.restoreAllMocks());

/** A logger that keeps its lines (recorded for the secret audit too), by level. */
function recordingLogger() {
  const lines: Array<{ level: string; message: string; extra: unknown[] }> = [];
  const at =
    (level: string) =>
    (message: string, ...extra: unknown[]): void => {
      lines.push({ level, message, extra });
      recordProduced(message);
    };
  const logger: AtlasLogger = { debug: at("debug"), info: at("info"), warn: at("warn") };
  const of = (level: string) => lines.filter((line) => line.level === level).map((line) => line.message);
  return { logger, lines, of };
}

describe("logging", () => {
  test("off by default: nothing reaches the console, whatever happens", async () => {
    const spies = (["debug", "info", "warn", "log", "error"] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(() => {}),
    );
    const client = clientFor(atlas, "serviceAccount", { env: {} });
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 503 }, match: { method: "GET" } });
    await client.peers.get(groupId, peerId);
    await client.close();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  test("debug: one line per attempt (method, path, status, attempt, duration), challenges too", async () => {
    const { logger, of } = recordingLogger();
    const client = clientFor(atlas, "digest", { logLevel: "debug", logger });
    await client.peers.get(groupId, peerId);
    const path = `/api/atlas/v2/groups/${groupId}/peers/${peerId}`;
    expect(of("debug")).toEqual([
      expect.stringMatching(
        new RegExp(`^atlas-peering-client: GET ${path} -> 401 \\(attempt 1, \\d+ ms\\)$`),
      ),
      "atlas-peering-client: challenge-answered",
      expect.stringMatching(
        new RegExp(
          `^atlas-peering-client: GET ${path} -> 200 \\(attempt 2, \\d+ ms, request id [0-9a-f]{16}\\)$`,
        ),
      ),
    ]);
    expect(of("info")).toEqual([
      `atlas-peering-client: GET ${path}: attempt 1 failed (authentication), retrying in 0 ms`,
    ]);
    // The next call reuses the nonce: one attempt, one line.
    await client.peers.get(groupId, peerId);
    expect(of("debug")).toHaveLength(4);
  });

  test("info, from ATLAS_PEERING_LOG: retries with reason and wait, tokens fetched, refreshed and revoked", async () => {
    const { logger, lines, of } = recordingLogger();
    const client = clientFor(atlas, "serviceAccount", { env: { ATLAS_PEERING_LOG: " INFO " }, logger });
    await client.peers.get(groupId, peerId);
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 503 }, match: { method: "GET" } });
    await client.peers.get(groupId, peerId);
    atlas.state.oauth.expireAll();
    await client.peers.get(groupId, peerId);
    await client.close();
    expect(of("debug")).toEqual([]);
    expect(of("info")).toEqual([
      expect.stringMatching(/^atlas-peering-client: token-fetched \(valid for 3600 s\)$/),
      expect.stringMatching(/: attempt 1 failed \(503\), retrying in \d+ ms$/),
      "atlas-peering-client: token-refused",
      expect.stringMatching(/: attempt 1 failed \(authentication\), retrying in 0 ms$/),
      expect.stringMatching(/^atlas-peering-client: token-refreshed \(valid for 3600 s\)$/),
      // close() revokes both tokens it obtained: the first expired at Atlas, not by its own clock.
      "atlas-peering-client: token-revoked",
      "atlas-peering-client: token-revoked",
    ]);
    // One string per line: nothing else is handed to the logger.
    expect(lines.every((line) => line.extra.length === 0)).toBe(true);
  });

  test("with logging on, warnings are log lines at warn, not process warnings", async () => {
    const { logger, of } = recordingLogger();
    const emitted = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const client = clientFor(atlas, "digest", { logLevel: "warn", logger, onWarning: undefined });
    await client.peers.get(groupId, peerId, { apiVersion: "2023-01-01" });
    expect(of("warn")).toEqual([
      expect.stringMatching(/Atlas API version 2023-01-01 of GET .* is deprecated/),
    ]);
    expect(of("debug")).toEqual([]);
    expect(emitted).not.toHaveBeenCalled();
  });

  test.each([
    [{ logLevel: "verbose" }, "logLevel"],
    [{ env: { ATLAS_PEERING_LOG: "trace" } }, "ATLAS_PEERING_LOG"],
    [{ logLevel: "debug", logger: { debug: () => {} } }, "logger"],
    [{ logger: "console" }, "logger"],
    [{ hooks: { onRequest: "trace" } }, "hooks.onRequest"],
    [{ hooks: { beforeRequest: () => {} } }, "hooks"],
    [{ hooks: [] }, "hooks"],
  ])("%j is refused when the client is created, naming %s", (options, option) => {
    const error = (() => {
      try {
        clientFor(atlas, "digest", options as never);
      } catch (thrown) {
        return recordProduced(thrown);
      }
    })();
    expect(error).toBeInstanceOf(AtlasConfigurationError);
    expect((error as AtlasConfigurationError).message).toMatch(new RegExp(`^${option}: `));
  });
});

describe("hooks", () => {
  test("onRequest sees each attempt without credentials; its headers reach the server on every attempt", async () => {
    const sent: Array<Record<string, string>> = [];
    const seen: AtlasRequestEvent[] = [];
    const client = clientFor(atlas, "digest", {
      fetch: (url, init) => {
        sent.push({ ...(init?.headers as Record<string, string>) });
        return fetch(url, init);
      },
      hooks: {
        onRequest: (request) => {
          seen.push(request);
          return { traceparent: `00-${"1".repeat(32)}-${String(request.attempt).padStart(16, "0")}-01` };
        },
      },
    });
    await client.peers.get(groupId, peerId);
    expect(seen.map((request) => request.attempt)).toEqual([1, 2]);
    for (const request of seen) {
      expect(request.headers).not.toHaveProperty("authorization");
      expect(request.headers).not.toHaveProperty("traceparent");
      expect(request.operation).toBe("/api/atlas/v2/groups/{groupId}/peers/{peerId}");
    }
    // The digest answer is still the client's, and each attempt carries its own traceparent.
    expect(sent.map((headers) => headers.traceparent?.slice(-5))).toEqual(["01-01", "02-01"]);
    expect(sent[1]!.authorization).toMatch(/^Digest /);
  });

  test("an async onRequest is waited for within the call's limits: an abort ends the wait, nothing is sent", async () => {
    const mark = atlas.requests.length;
    const client = clientFor(atlas, "digest", {
      hooks: { onRequest: () => new Promise<Record<string, string>>(() => {}) },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    const error = await rejectionOf(client.peers.get(groupId, peerId, { signal: controller.signal }));
    expect(error.message).toBe("caller gave up");
    expect(atlas.requests.length).toBe(mark);
  });

  test.each(["Authorization", "accept", "User-Agent", "Content-Type", "Host"])(
    "onRequest cannot set %s: authentication and media types stay the client's",
    async (name) => {
      const mark = atlas.requests.length;
      const client = clientFor(atlas, "digest", {
        hooks: { onRequest: () => ({ [name]: "Bearer stolen" }) },
      });
      const error = await rejectionOf(client.peers.get(groupId, peerId));
      expect(error).toBeInstanceOf(AtlasInvalidRequestError);
      expect(error.message).toContain("hooks.onRequest");
      expect(error.message).not.toContain("stolen");
      expect(atlas.requests.length).toBe(mark);
    },
  );

  test("a hook's header value with a line break is refused without quoting it", async () => {
    const client = clientFor(atlas, "digest", { hooks: { onRequest: () => ({ "x-trace": "a\r\nb: c" }) } });
    const error = await rejectionOf(client.peers.get(groupId, peerId));
    expect(error).toBeInstanceOf(AtlasInvalidRequestError);
    expect(error.message).not.toContain("a\r\nb");
  });

  test("onRequest that throws ends the call before anything is sent; a failing observer never does", async () => {
    const mine = new Error("hook failed");
    const mark = atlas.requests.length;
    const refusing = clientFor(atlas, "digest", {
      hooks: {
        onRequest: () => {
          throw mine;
        },
      },
    });
    await expect(refusing.peers.get(groupId, peerId)).rejects.toBe(mine);
    expect(atlas.requests.length).toBe(mark);

    const warnings: AtlasWarning[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const observing = clientFor(atlas, "digest", {
        onWarning: (warning) => void warnings.push(recordProduced(warning)),
        hooks: {
          onResponse: () => {
            throw mine;
          },
          onRetry: async () => {
            throw new TypeError("async observer failed");
          },
        },
      });
      expect((await observing.peers.get(groupId, peerId)).id).toBe(peerId);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(warnings.map((warning) => [warning.code, warning.message])).toEqual(
      expect.arrayContaining([
        [
          "ATLAS_HOOK_FAILED",
          "hooks.onResponse failed (Error); the client went on, and later failures of hooks.onResponse are not reported.",
        ],
        [
          "ATLAS_HOOK_FAILED",
          "hooks.onRetry failed (TypeError); the client went on, and later failures of hooks.onRetry are not reported.",
        ],
      ]),
    );
  });

  test("onResponse and onRetry: status, duration, reason and wait; requests counted = attempts", async () => {
    const responses: AtlasResponseEvent[] = [];
    const retries: AtlasRetryEvent[] = [];
    const client = clientFor(atlas, "serviceAccount", {
      hooks: {
        onResponse: (event) => void responses.push(event),
        onRetry: (event) => void retries.push(event),
      },
    });
    atlas.state.faults.inject({
      fault: { kind: "rateLimit", retryAfter: "0" },
      match: { method: "GET" },
    });
    await client.peers.get(groupId, peerId);
    expect(responses.map((event) => [event.attempt, event.status])).toEqual([
      [1, 429],
      [2, 200],
    ]);
    expect(responses[0]!.headers).toMatchObject({ "retry-after": "0" });
    expect(responses.every((event) => event.durationMs >= 0 && event.failure === undefined)).toBe(true);
    expect(retries).toEqual([
      expect.objectContaining({ attempt: 1, reason: "429", delayMs: 0, method: "GET" }),
    ]);
    await client.close();
  });

  test("the same events on node:diagnostics_channel, while subscribed", async () => {
    const received: Array<[string, unknown]> = [];
    const listeners = ["request", "response", "retry", "auth"].map((name) => {
      const channel = `atlas-peering-client:${name}`;
      const listener = (message: unknown) => void received.push([name, message]);
      subscribe(channel, listener);
      return () => unsubscribe(channel, listener);
    });
    try {
      const client = clientFor(atlas, "serviceAccount");
      await client.peers.get(groupId, peerId);
      await client.close();
    } finally {
      listeners.forEach((stop) => stop());
    }
    expect(received.map(([name, message]) => [name, (message as { type?: string }).type])).toEqual([
      ["request", undefined],
      ["auth", "token-fetched"],
      ["response", undefined],
      ["auth", "token-revoked"],
    ]);
    const request = received[0]![1] as AtlasRequestEvent;
    expect(request.headers).not.toHaveProperty("authorization");
    // Unsubscribed: nothing more is published.
    const count = received.length;
    await clientFor(atlas, "digest").peers.get(groupId, peerId);
    expect(received.length).toBe(count);
  });
});

describe("the raw answer", () => {
  test("withResponse() gives the data and the HTTP answer; await alone gives the data", async () => {
    const client = clientFor(atlas, "digest");
    const { data, response } = await client.peers.get(groupId, peerId).withResponse();
    expect(data.id).toBe(peerId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json/);
    expect((await client.peers.get(groupId, peerId)).id).toBe(peerId);
    const deleted = await client.peers
      .delete(groupId, missingPeer)
      .withResponse()
      .catch((error) => error);
    expect(deleted).toBeInstanceOf(AtlasApiError);
  });

  test("a failing withResponse() is one rejection, not also an unhandled one", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const client = clientFor(atlas, "digest");
      const error = await rejectionOf(client.peers.get(groupId, missingPeer).withResponse());
      expect(error).toBeInstanceOf(AtlasApiError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("an AtlasApiError carries the answer's headers, out of its JSON and inspect output", async () => {
    const client = clientFor(atlas, "digest");
    const error = (await rejectionOf(client.peers.get(groupId, missingPeer))) as AtlasApiError;
    expect(error.status).toBe(404);
    expect(error.headers).toMatchObject({ "content-type": expect.stringContaining("json") });
    expect(Object.keys(error)).not.toContain("headers");
    expect(JSON.stringify(error)).not.toContain("content-type");
  });
});

describe("per-request maxRetries", () => {
  test("replaces the client's for one call", async () => {
    const client = clientFor(atlas, "digest", { maxRetries: 2 });
    await client.peers.get(groupId, peerId);
    const mark = atlas.requests.length;
    atlas.state.faults.inject({
      fault: { kind: "serverError", status: 503 },
      match: { method: "GET" },
      times: 2,
    });
    const error = (await rejectionOf(client.peers.get(groupId, peerId, { maxRetries: 0 }))) as AtlasApiError;
    expect(error.status).toBe(503);
    expect(atlas.requests.slice(mark).map((request) => request.status)).toEqual([503]);
    // The second injected 503 is retried by the client's own setting.
    await client.peers.get(groupId, peerId);
    expect(atlas.requests.slice(mark).map((request) => request.status)).toEqual([503, 503, 200]);
  });

  test.each([-1, 11, 1.5, "2", Number.NaN])("maxRetries %j is refused before sending", async (value) => {
    const client = clientFor(atlas, "digest");
    const error = await rejectionOf(client.peers.get(groupId, peerId, { maxRetries: value as number }));
    expect(error).toBeInstanceOf(AtlasInvalidRequestError);
    expect(error.message).toMatch(/^maxRetries: /);
  });
});
