import { describe, expect, test } from "vitest";
import { unwrapEnvelope } from "../../src/http/envelope.js";
import { AtlasApiError, type AtlasClient } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  azureBody,
  clientFor,
  collectionPath,
  gcpBody,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";
import { recordProduced } from "../helpers/secret-audit.js";

type Step = (client: AtlasClient, atlas: MockAtlas, groupId: string) => Promise<unknown>;

/** Every scenario, run once with envelope off and once on, against a fresh local Atlas each time. */
const scenarios: Record<string, Step> = {
  "create, get, update, delete": async (client, _atlas, groupId) => {
    const created = await client.peers.create(groupId, awsBody);
    const fetched = await client.peers.get(groupId, created.id!);
    const updated = await client.peers.update(groupId, created.id!, {
      ...awsBody,
      accepterRegionName: "eu-west-3",
    });
    const deleted = await client.peers.delete(groupId, created.id!);
    return [created, fetched, updated, deleted];
  },
  "the typed fetch: data, and the 202 of a delete": async (client, _atlas, groupId) => {
    const { data } = await client.POST(collectionPath, { params: { path: { groupId } }, body: gcpBody });
    const { data: accepted, response } = await client.DELETE(
      "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
      { params: { path: { groupId, peerId: data!.id! } } },
    );
    return [data, accepted, response.ok];
  },
  "list across pages, with providerName": async (client, _atlas, groupId) => {
    for (const vnetName of ["a", "b", "c"]) await client.peers.create(groupId, { ...azureBody, vnetName });
    const peers = [];
    for await (const peer of client.peers.list(groupId, { providerName: "AZURE", itemsPerPage: 2 }))
      peers.push(peer);
    const { data } = await client.GET(collectionPath, {
      params: { path: { groupId }, query: { providerName: "AZURE", itemsPerPage: 2, pageNum: 2 } },
    });
    return [peers, data];
  },
  "404, 400 with field details, 409": async (client, _atlas, groupId) => {
    const missing = await client.peers.get(groupId, "aaaaaaaaaaaaaaaaaaaaaaaa").catch(recordProduced);
    const invalid = await client.peers
      .create(groupId, { ...awsBody, awsAccountId: "12" })
      .catch(recordProduced);
    await client.peers.create(groupId, awsBody);
    const duplicate = await client.peers.create(groupId, awsBody).catch(recordProduced);
    const { error } = await client.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
      params: { path: { groupId, peerId: "bbbbbbbbbbbbbbbbbbbbbbbb" } },
    });
    return [missing, invalid, duplicate, recordProduced(error)];
  },
  "406 and 410 version errors": async (client, _atlas, groupId) => [
    await client.peers
      .get(groupId, "aaaaaaaaaaaaaaaaaaaaaaaa", { apiVersion: "2020-01-01" })
      .catch(recordProduced),
    await client.peers
      .get(groupId, "aaaaaaaaaaaaaaaaaaaaaaaa", { apiVersion: "2024-10-23" })
      .catch(recordProduced),
  ],
  "a 429 retried, then one that outlasts the retries": async (client, atlas, groupId) => {
    await client.peers.list(groupId).next();
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "0" } });
    const retried = await client.peers.list(groupId).next();
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "0" }, times: 3 });
    const exhausted = await client.peers.list(groupId).next().catch(recordProduced);
    return [retried, exhausted];
  },
  "a 503 retried for GET": async (client, atlas, groupId) => {
    await client.peers.list(groupId).next();
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 503 }, times: 2 });
    return client.peers.list(groupId).next();
  },
};

/** Ids, request ids and dates differ from run to run; everything else must not. */
function normalize(value: unknown): unknown {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof AtlasApiError ? { atlasApiError: item.toJSON() } : item,
  );
  return JSON.parse(
    (text ?? "null")
      .replace(/[a-f0-9]{24}/g, "<id>")
      .replace(/"requestId":"[a-f0-9]{16}"/g, '"requestId":"<request id>"')
      .replace(/pcx-[a-f0-9]{17}/g, "pcx-<id>")
      .replace(/127\.0\.0\.1:\d+/g, "<host>"),
  );
}

async function run(
  step: Step,
  envelope: boolean,
  errorsLayout: "content" | "flat" = "content",
): Promise<unknown> {
  // A stopped clock: peers keep their first status, so that the two runs' data can be compared.
  const atlas = await startTestAtlas({
    sunsetVersions: ["2024-10-23"],
    envelopeErrors: errorsLayout,
    clock: () => 0,
  });
  try {
    const client = clientFor(atlas, "digest", { envelope, maxRetries: 2 });
    const result = normalize(await step(client, atlas, atlas.credentials.groupId));
    if (envelope)
      expect(
        atlas.requests
          .filter((request) => request.auth === "digest")
          .every((request) => request.query.includes("envelope=true")),
      ).toBe(true);
    return result;
  } finally {
    await atlas.close();
  }
}

describe("envelope on and off give the caller identical data and identical errors", () => {
  test.each(Object.entries(scenarios))("%s", async (_name, step) => {
    const plain = await run(step, false);
    expect(await run(step, true)).toEqual(plain);
    expect(await run(step, true, "flat")).toEqual(plain);
  });
});

describe("unwrapping", () => {
  test("single results, lists, errors with and without content", () => {
    expect(unwrapEnvelope({ status: 200, content: { id: "x" } })).toEqual({ status: 200, body: { id: "x" } });
    expect(unwrapEnvelope({ status: 200, results: [], totalCount: 0, links: [] })).toEqual({
      status: 200,
      body: { results: [], totalCount: 0, links: [] },
    });
    expect(unwrapEnvelope({ status: 404, content: { errorCode: "PEER_NOT_FOUND" } })).toEqual({
      status: 404,
      body: { errorCode: "PEER_NOT_FOUND" },
    });
    expect(unwrapEnvelope({ status: 404, errorCode: "PEER_NOT_FOUND", error: 404 })).toEqual({
      status: 404,
      body: { errorCode: "PEER_NOT_FOUND", error: 404 },
    });
    expect(unwrapEnvelope({ status: 202, content: {} })).toEqual({ status: 202, body: {} });
  });

  test("anything else is not an envelope", () => {
    for (const value of [
      null,
      [],
      "text",
      3,
      { content: {} },
      { status: "200" },
      { status: 99 },
      { status: 600 },
      { status: 200.5 },
    ]) {
      expect(unwrapEnvelope(value), JSON.stringify(value)).toBeUndefined();
    }
  });

  test("a __proto__ key stays an ordinary key", () => {
    const unwrapped = unwrapEnvelope(JSON.parse('{"status":200,"__proto__":{"polluted":true},"results":[]}'));
    expect(Object.getPrototypeOf(unwrapped!.body)).toBe(Object.prototype);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test("a 200 whose envelope says 500 is the same error as a plain 500", async () => {
    const atlas = await startTestAtlas();
    try {
      const client = clientFor(atlas, "digest", { envelope: true, maxRetries: 0 });
      atlas.state.faults.inject({
        fault: {
          kind: "raw",
          status: 200,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            status: 500,
            content: { error: 500, errorCode: "UNEXPECTED_ERROR", detail: "hidden" },
          }),
        },
      });
      const { error, response } = await client.GET(collectionPath, {
        params: { path: { groupId: atlas.credentials.groupId } },
      });
      recordProduced(error);
      expect(response.status).toBe(200);
      expect(error).toMatchObject({
        status: 500,
        errorCode: "UNEXPECTED_ERROR",
        kind: "server",
        detail: "hidden",
      });
    } finally {
      await atlas.close();
    }
  });
});
