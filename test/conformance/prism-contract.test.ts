import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromRoot, pipelineFiles } from "../../scripts/spec/layout.js";
import {
  createAtlasClient,
  type AtlasClient,
  type ContainerRequest,
  type PeerRequest,
} from "../../src/index.js";
import { awsBody, azureBody, gcpBody } from "../helpers/atlas-fixtures.js";
import { startPrism, type PrismServer } from "../helpers/external-tools.js";

// Prism validates each request against the vendored fragment and reports what does not conform
// in an `sl-violations` header. It cannot check a real digest header, so it gets a copy of the
// fragment without `security`, and the client sends no credentials. It matches media types
// literally, and the fragment declares only application/vnd.atlas.2023-01-01+json, so these
// requests ask for API version 2023-01-01 (Atlas itself resolves later dates to it).
const groupId = "5356823b3794dee37132bb7b";
const peerId = "95792d1a28f9c1c076958ef6";
const containerId = "32b6e34b3d91647abb20e7b8";
const bodies: Record<string, PeerRequest> = { AWS: awsBody, AZURE: azureBody, GCP: gcpBody };
const containerBodies: Record<string, ContainerRequest> = {
  AWS: { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" },
  AZURE: { providerName: "AZURE", region: "US_EAST_2", atlasCidrBlock: "10.9.0.0/21" },
  GCP: { providerName: "GCP", regions: ["CENTRAL_US", "WESTERN_US"], atlasCidrBlock: "10.64.0.0/18" },
};

describe("the client's requests conform to the fragment, as Prism 5.14 judges them", () => {
  let prism: PrismServer;
  let client: AtlasClient;
  beforeAll(async () => {
    const { security: _dropped, ...fragment } = JSON.parse(
      readFileSync(fromRoot(pipelineFiles.fragmentJson), "utf8"),
    ) as Record<string, unknown>;
    prism = await startPrism(fragment);
    client = createAtlasClient({
      baseUrl: prism.url,
      auth: { type: "none" },
      apiVersion: "2023-01-01",
      maxRetries: 0,
    });
  }, 90_000);
  afterAll(() => prism?.close());

  /**
   * The violations of the request. Prism also reports its own example answers' violations (the
   * spec's examples use "string" where its patterns want digits): those are not the client's.
   */
  const violations = (response: Response) => {
    const header = response.headers.get("sl-violations");
    const found = header ? (JSON.parse(header) as Array<{ location: string[]; message: string }>) : [];
    const ofRequest = found.filter((violation) => violation.location[0] === "request");
    return ofRequest.length > 0 ? ofRequest.map((violation) => violation.message).join("; ") : null;
  };

  test.each(Object.keys(bodies))(
    "create, update, get, delete and list with a %s body: no violation",
    async (provider) => {
      const body = bodies[provider]!;
      const answers = [
        await client.POST("/api/atlas/v2/groups/{groupId}/peers", { params: { path: { groupId } }, body }),
        await client.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
          body,
        }),
        await client.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
        }),
        await client.DELETE("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
        }),
        await client.GET("/api/atlas/v2/groups/{groupId}/peers", {
          params: {
            path: { groupId },
            query: {
              providerName: provider as PeerRequest["providerName"],
              itemsPerPage: 10,
              pageNum: 1,
              includeCount: true,
              envelope: false,
              pretty: true,
            },
          },
        }),
      ];
      for (const { response, error } of answers) {
        expect(violations(response), response.url).toBeNull();
        expect(error, response.url).toBeUndefined();
        expect(response.status).toBeLessThan(300);
      }
    },
  );

  test.each(Object.keys(containerBodies))(
    "containers: create, update, get, delete, list and listAll with a %s body: no violation",
    async (provider) => {
      const body = containerBodies[provider]!;
      const answers = [
        await client.POST("/api/atlas/v2/groups/{groupId}/containers", {
          params: { path: { groupId } },
          body,
        }),
        await client.PATCH("/api/atlas/v2/groups/{groupId}/containers/{containerId}", {
          params: { path: { groupId, containerId } },
          body,
        }),
        await client.GET("/api/atlas/v2/groups/{groupId}/containers/{containerId}", {
          params: { path: { groupId, containerId } },
        }),
        await client.DELETE("/api/atlas/v2/groups/{groupId}/containers/{containerId}", {
          params: { path: { groupId, containerId } },
        }),
        await client.GET("/api/atlas/v2/groups/{groupId}/containers", {
          params: {
            path: { groupId },
            query: {
              providerName: provider as ContainerRequest["providerName"],
              itemsPerPage: 10,
              pageNum: 2,
              includeCount: false,
            },
          },
        }),
        await client.GET("/api/atlas/v2/groups/{groupId}/containers/all", {
          params: { path: { groupId }, query: { itemsPerPage: 500, envelope: false } },
        }),
      ];
      for (const { response, error } of answers) {
        expect(violations(response), response.url).toBeNull();
        expect(error, response.url).toBeUndefined();
        expect(response.status).toBeLessThan(300);
      }
    },
  );

  test("the container helpers' requests conform too, ensure included", async () => {
    const updated = await client.containers.update(groupId, containerId, containerBodies.AZURE!);
    expect(updated.id).toMatch(/^[a-f0-9]{24}$/);
    // Prism's listing answers with an example container; ensure then compares it and may find
    // another CIDR block: conforming requests are what is checked here, not Prism's example.
    await client.containers.ensure(groupId, containerBodies.AWS!).catch((error: Error) => {
      expect(error.name).toBe("AtlasContainerMismatchError");
    });
    for await (const container of client.containers.listAll(groupId))
      expect(container.id).toBeTypeOf("string");
  });

  test("the helpers' requests conform too", async () => {
    const peer = await client.peers.update(groupId, peerId, awsBody);
    expect(peer.providerName).toBe("AWS");
    // Prism answers a request that violates the fragment with a 4xx, which the helpers throw.
    const first = await client.peers.list(groupId, { providerName: "GCP", itemsPerPage: 5 }).next();
    expect(first.done === true || typeof first.value.providerName === "string").toBe(true);
  });

  test("Prism does validate: a body the fragment forbids is reported (the check above is not vacuous)", async () => {
    const { response: containerAnswer } = await client.POST("/api/atlas/v2/groups/{groupId}/containers", {
      params: { path: { groupId } },
      body: { providerName: "AWS", regionName: "US_EAST_1" } as never,
    });
    expect(violations(containerAnswer)).toMatch(/atlasCidrBlock/);
    const { vpcId: _missing, ...withoutVpcId } = awsBody;
    const { response } = await client.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
      params: { path: { groupId, peerId } },
      body: withoutVpcId as never,
    });
    expect(violations(response)).toMatch(/vpcId/);
    const wrongVersion = createAtlasClient({ baseUrl: prism.url, auth: { type: "none" }, maxRetries: 0 });
    const { error } = await wrongVersion.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
      params: { path: { groupId, peerId } },
    });
    expect(error).toMatchObject({ status: 406 });
  });
});
