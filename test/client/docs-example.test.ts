import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient, type PeerRequest } from "../../src/index.js";
import { itemPath, startRecordingServer } from "../helpers/atlas-fixtures.js";
import { registerSecrets } from "../helpers/secret-audit.js";

// MongoDB's documented example of "Update One Network Peering Connection". Its values do not match
// the spec's own patterns (awsAccountId is not 12 digits, vpcId not vpc- plus 17 hex digits): body
// fields are Atlas's to judge, so the client passes them as they are.
const groupId = "5356823b3794dee37132bb7b";
const peerId = "95792d1a28f9c1c076958ef6";
const requestBody = {
  accepterRegionName: "us-west-1",
  awsAccountId: "abc123abc123",
  containerId: "507f1f77bcf86cd799439011",
  providerName: "AWS",
  routeTableCidrBlock: "192.168.0.0/24",
  vpcId: "vpc-abc123abc123",
} satisfies PeerRequest;
const documentedAnswer = {
  accepterRegionName: "us-west-1",
  awsAccountId: "999900000000",
  connectionId: null,
  containerId: "507f1f77bcf86cd799439011",
  errorStateName: null,
  id: "1112222b3bf99403840e8934",
  routeTableCidrBlock: "10.15.0.0/16",
  statusName: "INITIATING",
  vpcId: "vpc-abc123abc123",
};

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request, response) => {
    if (!request.headers.authorization) {
      response
        .writeHead(401, {
          "www-authenticate":
            'Digest realm="MMS Public API", domain="", nonce="Kpbt4WtG4dC+XgRNvJ4TaqR6ZB9/2uQz", algorithm=MD5, qop="auth", stale=false',
        })
        .end();
      return;
    }
    response
      .writeHead(200, { "content-type": "application/vnd.atlas.2023-01-01+json" })
      .end(JSON.stringify(documentedAnswer));
  });
});
afterAll(() => server.close());

describe("the documentation's update example round-trips", () => {
  test.each(["typed fetch", "helper"])("through the %s, with the headers Atlas expects", async (path) => {
    registerSecrets("documented-private-key");
    const atlas = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "digest", publicKey: "documented-public-key", privateKey: "documented-private-key" },
    });
    server.requests.length = 0;
    const data =
      path === "helper"
        ? await atlas.peers.update(groupId, peerId, requestBody)
        : (await atlas.PATCH(itemPath, { params: { path: { groupId, peerId } }, body: requestBody })).data;
    expect(data).toEqual(documentedAnswer);
    const sent = server.requests.at(-1)!;
    expect(sent.method).toBe("PATCH");
    expect(sent.url).toBe(`/api/atlas/v2/groups/${groupId}/peers/${peerId}`);
    expect(JSON.parse(sent.body)).toEqual(requestBody);
    expect(sent.headers.accept).toBe("application/vnd.atlas.2025-03-12+json");
    expect(sent.headers["content-type"]).toBe("application/vnd.atlas.2025-03-12+json");
    expect(sent.headers.authorization).toMatch(
      new RegExp(
        `^Digest username="documented-public-key", realm="MMS Public API", nonce="Kpbt4WtG4dC\\+XgRNvJ4TaqR6ZB9/2uQz", uri="/api/atlas/v2/groups/${groupId}/peers/${peerId}", algorithm=MD5, response="[0-9a-f]{32}", qop=auth, nc=00000001, cnonce="[0-9a-f]{24}"$`,
      ),
    );
    expect(server.requests).toHaveLength(2);
  });
});
