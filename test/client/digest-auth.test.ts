import { afterEach, describe, expect, test } from "vitest";
import { AtlasApiError, createAtlasClient } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  clientFor,
  ids,
  itemPath,
  json,
  startRecordingServer,
  startTestAtlas,
} from "../helpers/atlas-fixtures.js";
import { recordProduced, rejectionOf } from "../helpers/secret-audit.js";

// Against the local Atlas, whose digest side is the http-auth library: a server none of us wrote,
// which also insists on an increasing nc per nonce.
let atlas: MockAtlas;
afterEach(async () => atlas?.close());

async function createPeer(target: MockAtlas, vpcId = awsBody.vpcId) {
  const client = clientFor(target, "serviceAccount");
  const peer = await client.peers.create(target.credentials.groupId, { ...awsBody, vpcId });
  await client.close();
  target.requests.length = 0;
  return peer.id!;
}

describe("digest against http-auth", () => {
  test("steady state: one HTTP request per call after the first challenge", async () => {
    atlas = await startTestAtlas();
    const peerId = await createPeer(atlas);
    const client = clientFor(atlas, "digest");
    for (let call = 0; call < 20; call += 1)
      await client.peers.update(atlas.credentials.groupId, peerId, awsBody);
    const patches = atlas.requests.filter((request) => request.method === "PATCH");
    expect(patches).toHaveLength(21);
    expect(patches.filter((request) => request.status === 401)).toHaveLength(1);
    expect(patches[0]!.auth).toBe("none");
    expect(patches.slice(1).every((request) => request.auth === "digest" && request.status === 200)).toBe(
      true,
    );
  });

  test("steady state when calls differ (the answer computed ahead is for another method or URI): still one request per call", async () => {
    atlas = await startTestAtlas();
    const first = await createPeer(atlas);
    const second = await createPeer(atlas, "vpc-0a1b2c3d4e5f60719");
    const client = clientFor(atlas, "digest");
    for (let call = 0; call < 20; call += 1) {
      if (call % 3 === 0) await client.peers.get(atlas.credentials.groupId, call % 2 ? first : second);
      else await client.peers.update(atlas.credentials.groupId, call % 2 ? first : second, awsBody);
    }
    expect(atlas.requests).toHaveLength(21);
    expect(atlas.requests.filter((request) => request.status === 401)).toHaveLength(1);
  });

  test("an expired nonce costs exactly one extra request, and the body is sent again intact", async () => {
    atlas = await startTestAtlas({ nonceLifetimeMs: 300 });
    const peerId = await createPeer(atlas);
    const client = clientFor(atlas, "digest");
    await client.peers.update(atlas.credentials.groupId, peerId, awsBody); // challenge + call
    await new Promise((resolve) => setTimeout(resolve, 400)); // the nonce expires
    const before = atlas.requests.length;
    const peer = await client.peers.update(atlas.credentials.groupId, peerId, {
      ...awsBody,
      accepterRegionName: "eu-west-1",
    });
    const sent = atlas.requests.slice(before);
    expect(sent.map((request) => request.status)).toEqual([401, 200]);
    expect(sent[0]!.bodyBytes).toBe(sent[1]!.bodyBytes);
    expect(sent[1]!.bodyBytes).toBe(JSON.stringify({ ...awsBody, accepterRegionName: "eu-west-1" }).length);
    expect(peer).toMatchObject({ accepterRegionName: "eu-west-1" });
  });

  test("concurrent first calls wait for one challenge instead of drawing one 401 each", async () => {
    atlas = await startTestAtlas();
    const client = clientFor(atlas, "digest");
    const peers = await Promise.all(
      Array.from({ length: 20 }, () => client.peers.list(atlas.credentials.groupId).next()),
    );
    expect(peers).toHaveLength(20);
    // One bare request collects the challenge. (http-auth refuses an nc lower than one it has seen
    // for the nonce, so concurrent answers that arrive out of order are refused as stale and sent
    // again: that is the server's ordering, bounded by two authentication retries per call.)
    expect(atlas.requests.filter((request) => request.auth === "none")).toHaveLength(1);
    expect(atlas.requests.filter((request) => request.status === 200)).toHaveLength(20);
    expect(atlas.requests.length).toBeLessThanOrEqual(1 + 20 * 3);
  });

  test("50 concurrent calls share one nonce safely: every one succeeds; out-of-order nc costs at most a stale retry each", async () => {
    atlas = await startTestAtlas();
    const peerId = await createPeer(atlas);
    const client = clientFor(atlas, "digest");
    await client.peers.get(atlas.credentials.groupId, peerId);
    const before = atlas.requests.length;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.peers.get(atlas.credentials.groupId, peerId)),
    );
    expect(results.every((peer) => peer.id === peerId)).toBe(true);
    const sent = atlas.requests.slice(before);
    expect(sent.filter((request) => request.status === 200)).toHaveLength(50);
    expect(sent.length).toBeLessThanOrEqual(100);
  });

  test("wrong keys: the 401 stands after the challenge and one answer (two requests), as an AtlasApiError", async () => {
    atlas = await startTestAtlas();
    const client = createAtlasClient({
      baseUrl: atlas.url,
      auth: { type: "digest", publicKey: atlas.credentials.publicKey, privateKey: "not-the-private-key" },
    });
    const error = await rejectionOf(client.peers.get(atlas.credentials.groupId, ids.peerId));
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 401, kind: "unauthorized" });
    expect(atlas.requests).toHaveLength(2);
  });
});

describe("credentials stay with their origin", () => {
  test("a redirect to another origin is not followed, and that origin receives nothing", async () => {
    const elsewhere = await startRecordingServer((_request, response) => json(response, 200, {}));
    const redirecting = await startRecordingServer((request, response) => {
      if (!request.headers.authorization) {
        response
          .writeHead(401, {
            "www-authenticate": 'Digest realm="MMS Public API", nonce="abc", qop="auth", algorithm=MD5',
          })
          .end();
        return;
      }
      response.writeHead(307, { location: `${elsewhere.url}${request.url}` }).end();
    });
    try {
      const client = createAtlasClient({
        baseUrl: redirecting.url,
        auth: { type: "digest", publicKey: "public", privateKey: "private-key-123" },
        maxRetries: 0,
      });
      const { error } = await client.GET(itemPath, { params: { path: ids } });
      recordProduced(error);
      expect(error).toMatchObject({ status: 307, kind: "invalid-response" });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await Promise.all([elsewhere.close(), redirecting.close()]);
    }
  });
});
