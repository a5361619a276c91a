import { afterEach, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasPeerFailedError,
  AtlasWaitTimeoutError,
  createAtlasClient,
  peerStatus,
} from "../../src/index.js";
import { inProcessServer, jsonAnswer } from "../helpers/in-process-server.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { awsBody, azureBody, clientFor, gcpBody, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
afterEach(async () => atlas?.close());

describe("list", () => {
  test("iterates every page; Azure and GCP peers only when providerName asks for them", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "digest");
    const { groupId } = atlas.credentials;
    for (let index = 0; index < 5; index += 1)
      await client.peers.create(groupId, { ...awsBody, vpcId: `vpc-0a1b2c3d4e5f6071${index}` });
    await client.peers.create(groupId, gcpBody);
    const aws = [];
    for await (const peer of client.peers.list(groupId, { itemsPerPage: 2 })) aws.push(peer);
    expect(aws).toHaveLength(5);
    expect(new Set(aws.map((peer) => peer.id)).size).toBe(5);
    const pages = atlas.requests.filter(
      (request) => request.method === "GET" && request.path.endsWith("/peers") && request.status === 200,
    );
    expect(pages.map((request) => new URLSearchParams(request.query).get("pageNum"))).toEqual([
      "1",
      "2",
      "3",
    ]);
    const gcp = [];
    for await (const peer of client.peers.list(groupId, { providerName: "GCP" })) gcp.push(peer);
    expect(gcp.map((peer) => peer.providerName)).toEqual(["GCP"]);
    await expect(client.peers.list(groupId, { itemsPerPage: 501 }).next()).rejects.toThrow(/itemsPerPage/);
  });

  test("an empty project yields nothing after one request", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "serviceAccount");
    const peers = [];
    for await (const peer of client.peers.list(atlas.credentials.groupId)) peers.push(peer);
    expect(peers).toEqual([]);
  });
});

// Lifecycle steps of 300 ms against polls every 10 ms: a state would be skipped only if the
// machine stalled for longer than a whole step.
describe("waitFor", () => {
  test("AWS: until userAction stops at PENDING_ACCEPTANCE; until available at AVAILABLE", async () => {
    atlas = await startTestAtlas({ transitionMs: 300 });
    const client = clientFor(atlas, "digest");
    const { groupId } = atlas.credentials;
    const peer = await client.peers.create(groupId, awsBody);
    expect(peerStatus(peer)).toBe("INITIATING");
    expect(
      peerStatus((await client.peers.waitFor(groupId, peer.id!, { until: "userAction", intervalMs: 10 }))!),
    ).toBe("PENDING_ACCEPTANCE");
    expect(peerStatus((await client.peers.waitFor(groupId, peer.id!, { intervalMs: 10 }))!)).toBe(
      "AVAILABLE",
    );
  });

  test("GCP: until userAction stops at WAITING_FOR_USER; Azure goes straight to AVAILABLE", async () => {
    atlas = await startTestAtlas({ transitionMs: 300 });
    const client = clientFor(atlas, "serviceAccount");
    const { groupId } = atlas.credentials;
    const gcp = await client.peers.create(groupId, gcpBody);
    expect(
      peerStatus((await client.peers.waitFor(groupId, gcp.id!, { until: "userAction", intervalMs: 10 }))!),
    ).toBe("WAITING_FOR_USER");
    const azure = await client.peers.create(groupId, azureBody);
    expect(
      peerStatus((await client.peers.waitFor(groupId, azure.id!, { until: "userAction", intervalMs: 10 }))!),
    ).toBe("AVAILABLE");
  });

  test("FAILED rejects with what Atlas said went wrong", async () => {
    atlas = await startTestAtlas({ transitionMs: 10_000 });
    const client = clientFor(atlas, "digest");
    const { groupId } = atlas.credentials;
    const peer = await client.peers.create(groupId, awsBody);
    atlas.state.failPeer(groupId, peer.id!, { errorStateName: "REJECTED" });
    const error = await rejectionOf(client.peers.waitFor(groupId, peer.id!, { intervalMs: 10 }));
    expect(error).toBeInstanceOf(AtlasPeerFailedError);
    expect(error).toMatchObject({ status: "FAILED", errorStateName: "REJECTED", peerId: peer.id });
    expect(error.message).toBe(`peer ${peer.id} is FAILED: REJECTED`);
  });

  test("after a delete, resolves when the peer is gone (404)", async () => {
    atlas = await startTestAtlas({ transitionMs: 300 });
    const client = clientFor(atlas, "digest");
    const { groupId } = atlas.credentials;
    const peer = await client.peers.create(groupId, gcpBody);
    await client.peers.delete(groupId, peer.id!);
    expect(peerStatus(await client.peers.get(groupId, peer.id!))).toBe("DELETING");
    expect(
      await client.peers.waitFor(groupId, peer.id!, { until: "deleted", intervalMs: 10 }),
    ).toBeUndefined();
    expect(atlas.state.peers(groupId)).toEqual([]);
  });

  test("gives up after timeoutMs with the last status; keeps polling through transient 503s", async () => {
    atlas = await startTestAtlas({ transitionMs: 60_000 });
    const client = clientFor(atlas, "digest", { maxRetries: 0 });
    const { groupId } = atlas.credentials;
    const peer = await client.peers.create(groupId, awsBody);
    atlas.state.faults.inject({
      fault: { kind: "serverError", status: 503 },
      match: { method: "GET" },
      times: 2,
    });
    const error = await rejectionOf(
      client.peers.waitFor(groupId, peer.id!, { timeoutMs: 300, intervalMs: 20 }),
    );
    expect(error).toBeInstanceOf(AtlasWaitTimeoutError);
    expect(error).toMatchObject({ lastStatus: "INITIATING", until: "available" });
  });

  test("a 404 while waiting for AVAILABLE ends the wait with that error", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "digest");
    const error = await rejectionOf(
      client.peers.waitFor(atlas.credentials.groupId, "cccccccccccccccccccccccc", { intervalMs: 10 }),
    );
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ errorCode: "PEER_NOT_FOUND" });
  });

  test("the caller's signal stops the wait", async () => {
    atlas = await startTestAtlas({ transitionMs: 60_000 });
    const client = clientFor(atlas, "digest");
    const peer = await client.peers.create(atlas.credentials.groupId, awsBody);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejectionOf(
      client.peers.waitFor(atlas.credentials.groupId, peer.id!, {
        intervalMs: 10,
        signal: controller.signal,
      }),
    );
    expect(error.name).toBe("AbortError");
  });
});

describe("a peer's state is part of its answer type", () => {
  test.each([
    ["an AWS peer without statusName", { id: "95792d1a28f9c1c076958ef6", providerName: "AWS" }, "statusName"],
    ["an Azure peer without status", { id: "95792d1a28f9c1c076958ef6", providerName: "AZURE" }, "status"],
    [
      "a GCP peer whose status is not text",
      { id: "95792d1a28f9c1c076958ef6", providerName: "GCP", status: 3 },
      "status",
    ],
  ])(
    "%s is INVALID_RESPONSE, alone or in a listing, never a value whose type lies",
    async (_name, peer, field) => {
      const server = inProcessServer((request) =>
        jsonAnswer(200, request.path.endsWith("/peers") ? { results: [peer], totalCount: 1 } : peer),
      );
      const client = createAtlasClient({
        baseUrl: "https://cloud.mongodb.com",
        auth: { type: "none" },
        fetch: server.fetch,
      });
      const alone = await rejectionOf(
        client.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6"),
      );
      const listed = await rejectionOf(client.peers.list("5356823b3794dee37132bb7b").next());
      for (const error of [alone, listed]) {
        expect(error).toBeInstanceOf(AtlasApiError);
        expect(error).toMatchObject({
          errorCode: "INVALID_RESPONSE",
          bodyExcerpt: `a peer without its ${field}`,
        });
      }
    },
  );
});
