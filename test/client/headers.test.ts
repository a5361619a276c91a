import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient, packageVersion } from "../../src/index.js";
import {
  awsBody,
  collectionPath,
  ids,
  itemPath,
  json,
  startRecordingServer,
} from "../helpers/atlas-fixtures.js";

let server: Awaited<ReturnType<typeof startRecordingServer>>;
beforeAll(async () => {
  server = await startRecordingServer((request, response) =>
    json(
      response,
      request.method === "DELETE" ? 202 : 200,
      request.method === "DELETE" ? {} : { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" },
    ),
  );
});
afterAll(() => server.close());

describe("headers on every request", () => {
  test("Accept and Content-Type carry the versioned media type; User-Agent names the client and the caller", async () => {
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "none" },
      userAgent: "platform-team/2.1",
    });
    server.requests.length = 0;
    await client.GET(itemPath, { params: { path: ids } });
    await client.POST(collectionPath, { params: { path: { groupId: ids.groupId } }, body: awsBody });
    await client.PATCH(itemPath, { params: { path: ids }, body: awsBody });
    await client.DELETE(itemPath, { params: { path: ids } });
    const userAgent = `atlas-peering-client/${packageVersion} (Node.js ${process.versions.node}; ${process.platform}) platform-team/2.1`;
    for (const request of server.requests) {
      expect(request.headers.accept).toBe("application/vnd.atlas.2025-03-12+json");
      expect(request.headers["user-agent"]).toBe(userAgent);
      if (request.method === "GET" || request.method === "DELETE")
        expect(request.headers["content-type"]).toBeUndefined();
      else expect(request.headers["content-type"]).toBe("application/vnd.atlas.2025-03-12+json");
    }
    expect(server.requests.map((request) => request.method)).toEqual(["GET", "POST", "PATCH", "DELETE"]);
  });

  test("apiVersion is set per client and per request", async () => {
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "none" },
      apiVersion: "2024-08-05",
    });
    server.requests.length = 0;
    await client.peers.update(ids.groupId, ids.peerId, awsBody);
    await client.peers.update(ids.groupId, ids.peerId, awsBody, { apiVersion: "2023-01-01" });
    expect(
      server.requests.map((request) => [request.headers.accept, request.headers["content-type"]]),
    ).toEqual([
      ["application/vnd.atlas.2024-08-05+json", "application/vnd.atlas.2024-08-05+json"],
      ["application/vnd.atlas.2023-01-01+json", "application/vnd.atlas.2023-01-01+json"],
    ]);
  });

  test("caller headers travel, but cannot replace the client's own", async () => {
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "bearer", token: "bearer-token-xyz" },
    });
    server.requests.length = 0;
    await client.GET(itemPath, {
      params: { path: ids },
      headers: { "x-trace-id": "abc", accept: "text/html" },
    });
    expect(server.requests[0]!.headers["x-trace-id"]).toBe("abc");
    expect(server.requests[0]!.headers.accept).toBe("application/vnd.atlas.2025-03-12+json");
    expect(server.requests[0]!.headers.authorization).toBe("Bearer bearer-token-xyz");
  });

  test("the body is sent once, exactly as given, and query parameters are encoded", async () => {
    const client = createAtlasClient({ baseUrl: server.url, auth: { type: "none" } });
    server.requests.length = 0;
    await client.PATCH(itemPath, { params: { path: ids }, body: awsBody });
    await client.GET(collectionPath, {
      params: {
        path: { groupId: ids.groupId },
        query: { providerName: "AZURE", itemsPerPage: 5, pageNum: 2 },
      },
    });
    expect(JSON.parse(server.requests[0]!.body)).toEqual(awsBody);
    expect(server.requests[1]!.url).toBe(
      `/api/atlas/v2/groups/${ids.groupId}/peers?providerName=AZURE&itemsPerPage=5&pageNum=2`,
    );
  });
});
