import { describe, expect, test, vi } from "vitest";
import { DeprecationNotices, parseDeprecation } from "../../src/http/deprecation-notices.js";
import type { AtlasWarning } from "../../src/observability/warnings.js";
import { createAtlasClient } from "../../src/index.js";
import {
  clientFor,
  ids,
  itemPath,
  json,
  startRecordingServer,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";

describe("Deprecation and Sunset headers", () => {
  test("one warning per operation and version, however many calls see the headers", async () => {
    const deprecation = new Date("2026-01-01T00:00:00Z");
    const sunset = new Date("2027-06-30T00:00:00Z");
    const atlas = await startTestAtlas({ deprecatedVersions: { "2025-03-12": { deprecation, sunset } } });
    try {
      const warnings: AtlasWarning[] = [];
      const client = clientFor(atlas, "digest", { onWarning: (warning) => void warnings.push(warning) });
      for (let call = 0; call < 3; call += 1) await client.peers.list(atlas.credentials.groupId).next();
      await client.peers.get(atlas.credentials.groupId, "aaaaaaaaaaaaaaaaaaaaaaaa").catch(() => undefined);
      await client.peers.list(atlas.credentials.groupId, { apiVersion: "2023-01-01" }).next();
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toEqual({
        code: "ATLAS_API_DEPRECATED",
        operation: "GET /api/atlas/v2/groups/{groupId}/peers",
        apiVersion: "2025-03-12",
        deprecatedAt: deprecation,
        sunsetAt: sunset,
        message:
          "Atlas API version 2025-03-12 of GET /api/atlas/v2/groups/{groupId}/peers is deprecated (since 2026-01-01T00:00:00.000Z); it stops working on 2027-06-30T00:00:00.000Z; set a newer apiVersion.",
      });
      expect(warnings[1]!.operation).toBe("GET /api/atlas/v2/groups/{groupId}/peers/{peerId}");
    } finally {
      await atlas.close();
    }
  });

  test("both Deprecation forms: RFC 9745 @epoch and an HTTP date; `true` and garbage mean date unknown", () => {
    expect(parseDeprecation("@1688169599")).toEqual(new Date(1688169599 * 1000));
    expect(parseDeprecation("Sun, 11 Nov 2018 23:59:59 GMT")).toEqual(new Date("2018-11-11T23:59:59Z"));
    expect(parseDeprecation("true")).toBe(true);
    expect(parseDeprecation("@not-a-number")).toBe(true);
    expect(parseDeprecation(null)).toBeUndefined();
    const warnings: AtlasWarning[] = [];
    const notices = new DeprecationNotices((warning) => void warnings.push(warning));
    notices.observe(new Headers({ deprecation: "true" }), "GET /x", "2023-01-01");
    notices.observe(new Headers({ sunset: "garbage" }), "GET /y", "2023-01-01");
    expect(warnings.map((warning) => [warning.deprecatedAt, warning.sunsetAt])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(warnings[0]!.message).toBe(
      "Atlas API version 2023-01-01 of GET /x is deprecated; set a newer apiVersion.",
    );
  });

  test("by default the warning goes to process.emitWarning as a DeprecationWarning", async () => {
    const server = await startRecordingServer((_request, response) =>
      json(response, 200, {}, { deprecation: "@1700000000" }),
    );
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      const client = createAtlasClient({ baseUrl: server.url, auth: { type: "none" } });
      await client.GET(itemPath, { params: { path: ids } });
      expect(emit).toHaveBeenCalledTimes(1);
      expect(emit.mock.calls[0]![1]).toEqual({ type: "DeprecationWarning", code: "ATLAS_API_DEPRECATED" });
    } finally {
      emit.mockRestore();
      await server.close();
    }
  });
});
