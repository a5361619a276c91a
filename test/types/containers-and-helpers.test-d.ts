// Compile-time contract of the container types and of the helpers' narrowing: a wrong body does not
// compile, and what comes back is the provider's own type, so its fields need no re-check.
import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { paths } from "../../generated/atlas-network-peering.js";
import {
  createAtlasClient,
  type AwsContainer,
  type AwsPeer,
  type AzureContainer,
  type Container,
  type GcpContainer,
  type GcpPeer,
  type Peer,
  type PeerRequest,
} from "../../src/index.js";

const client = createClient<paths>();
const atlas = createAtlasClient({ auth: { type: "none" }, baseUrl: "http://127.0.0.1:1" });
const groupId = "5356823b3794dee37132bb7b";
const containerId = "32b6e34b3d91647abb20e7b8";
const collection = "/api/atlas/v2/groups/{groupId}/containers";
const item = "/api/atlas/v2/groups/{groupId}/containers/{containerId}";
const awsContainer = { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" } as const;
const awsPeer = {
  providerName: "AWS",
  containerId,
  accepterRegionName: "us-east-1",
  awsAccountId: "999900000000",
  routeTableCidrBlock: "10.15.0.0/16",
  vpcId: "vpc-0123456789abcdef0",
} as const;

describe("container request bodies", () => {
  test("complete AWS, Azure and GCP bodies compile", () => {
    void client.POST(collection, { params: { path: { groupId } }, body: awsContainer });
    void client.POST(collection, {
      params: { path: { groupId } },
      body: { providerName: "AZURE", region: "US_EAST_2", atlasCidrBlock: "10.9.0.0/21" },
    });
    void client.PATCH(item, {
      params: { path: { groupId, containerId } },
      body: { providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: "10.0.0.0/18" },
    });
  });

  test("an AWS body without atlasCidrBlock (a declared fix-up: Atlas requires it) does not compile", () => {
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error atlasCidrBlock is required
      body: { providerName: "AWS", regionName: "US_EAST_1" },
    });
  });

  test("a GCP body without regions, or with a region GCP does not have, does not compile", () => {
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error regions is required for GCP
      body: { providerName: "GCP", atlasCidrBlock: "10.0.0.0/18" },
    });
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error US_EAST_1 is an AWS region name, not a GCP one
      body: { providerName: "GCP", atlasCidrBlock: "10.0.0.0/18", regions: ["US_EAST_1"] },
    });
  });

  test("an Azure body with AWS's regionName does not compile", () => {
    void client.POST(collection, {
      params: { path: { groupId } },
      body: {
        providerName: "AZURE",
        // @ts-expect-error Azure containers have region, not regionName
        regionName: "US_EAST_1",
        region: "US_EAST_2",
        atlasCidrBlock: "10.9.0.0/21",
      },
    });
  });

  test("readOnly id, provisioned and vpcId in an AWS body do not compile", () => {
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error id is readOnly
      body: { ...awsContainer, id: containerId },
    });
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error provisioned is readOnly
      body: { ...awsContainer, provisioned: true },
    });
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error vpcId is readOnly: Atlas assigns the VPC
      body: { ...awsContainer, vpcId: "vpc-1" },
    });
  });

  test("readOnly network names in Azure and GCP bodies do not compile", () => {
    void client.POST(collection, {
      params: { path: { groupId } },
      // @ts-expect-error vnetName is readOnly
      body: { providerName: "AZURE", region: "US_EAST_2", atlasCidrBlock: "10.9.0.0/21", vnetName: "v" },
    });
    void client.POST(collection, {
      params: { path: { groupId } },
      body: {
        providerName: "GCP",
        regions: ["CENTRAL_US"],
        atlasCidrBlock: "10.0.0.0/18",
        // @ts-expect-error gcpProjectId is readOnly
        gcpProjectId: "p",
      },
    });
  });

  test("containerId is required in the item path", () => {
    // @ts-expect-error containerId is missing
    void client.DELETE(item, { params: { path: { groupId } } });
  });
});

describe("container answers narrow on providerName", () => {
  test("the typed fetch", async () => {
    const { data } = await client.GET(item, { params: { path: { groupId, containerId } } });
    if (!data) return;
    if (data.providerName === "AWS") {
      expectTypeOf(data.regionName).toEqualTypeOf<AwsContainer["regionName"]>();
      // @ts-expect-error AWS containers have regionName, not regions
      void data.regions;
    } else if (data.providerName === "AZURE") {
      expectTypeOf(data.vnetName).toEqualTypeOf<string | null | undefined>();
    } else {
      expectTypeOf(data.regions).toEqualTypeOf<GcpContainer["regions"]>();
      expectTypeOf(data.networkName).toEqualTypeOf<string | null | undefined>();
    }
  });

  test("the list results are containers", async () => {
    const { data } = await client.GET("/api/atlas/v2/groups/{groupId}/containers/all", {
      params: { path: { groupId } },
    });
    if (data) expectTypeOf(data.results[0]!.providerName).toEqualTypeOf<"AWS" | "AZURE" | "GCP">();
  });
});

describe("the helpers narrow what comes back to the body's provider", () => {
  test("peers.update and peers.create with an AWS body give an AwsPeer: statusName needs no re-check", async () => {
    const updated = await atlas.peers.update(groupId, "95792d1a28f9c1c076958ef6", awsPeer);
    expectTypeOf(updated).toEqualTypeOf<AwsPeer>();
    expectTypeOf(updated.statusName).toEqualTypeOf<AwsPeer["statusName"]>();
    // @ts-expect-error an AWS peer has no status
    void updated.status;
    const created = await atlas.peers.create(groupId, {
      providerName: "GCP",
      containerId,
      gcpProjectId: "my-project",
      networkName: "default",
    });
    expectTypeOf(created).toEqualTypeOf<GcpPeer>();
  });

  test("answers carry their id: no `created.id!`", async () => {
    const created = await atlas.peers.create(groupId, awsPeer);
    expectTypeOf(created.id).toEqualTypeOf<string>();
    const container = await atlas.containers.get(groupId, containerId);
    expectTypeOf(container.id).toEqualTypeOf<string>();
  });

  test("a body whose provider is not known statically gives the whole union", () => {
    const update = (body: PeerRequest) => atlas.peers.update(groupId, "95792d1a28f9c1c076958ef6", body);
    expectTypeOf(update).returns.resolves.toEqualTypeOf<Peer>();
  });

  test("list yields the asked provider's peers and containers (AWS by default, as Atlas)", async () => {
    for await (const peer of atlas.peers.list(groupId, { providerName: "GCP" }))
      expectTypeOf(peer).toEqualTypeOf<GcpPeer>();
    for await (const peer of atlas.peers.list(groupId)) expectTypeOf(peer).toEqualTypeOf<AwsPeer>();
    for await (const container of atlas.containers.list(groupId, { providerName: "AZURE" }))
      expectTypeOf(container).toEqualTypeOf<AzureContainer>();
    for await (const container of atlas.containers.listAll(groupId))
      expectTypeOf(container).toEqualTypeOf<Container>();
  });

  test("containers.ensure gives the provider's container", async () => {
    expectTypeOf(await atlas.containers.ensure(groupId, awsContainer)).toEqualTypeOf<AwsContainer>();
  });

  test("wrong helper bodies do not compile", async () => {
    // @ts-expect-error an unknown field
    await atlas.peers.update(groupId, "95792d1a28f9c1c076958ef6", { ...awsPeer, bogus: 1 });
    // @ts-expect-error readOnly id
    await atlas.peers.create(groupId, { ...awsPeer, id: "95792d1a28f9c1c076958ef6" });
    // @ts-expect-error an AWS container needs a region name
    await atlas.containers.ensure(groupId, { providerName: "AWS", atlasCidrBlock: "10.8.0.0/21" });
    await atlas.containers.create(groupId, {
      providerName: "AZURE",
      // @ts-expect-error Azure containers have region, not regionName
      regionName: "US_EAST_1",
      atlasCidrBlock: "10.8.0.0/21",
    });
  });
});

describe("the raw answer beside the data", () => {
  test("withResponse() keeps the narrowed data type and adds the Response", () => {
    const created = atlas.peers.create(groupId, awsPeer);
    expectTypeOf(created).resolves.toEqualTypeOf<AwsPeer>();
    expectTypeOf(created.withResponse()).resolves.toEqualTypeOf<{ data: AwsPeer; response: Response }>();
    expectTypeOf(atlas.containers.get(groupId, containerId).withResponse()).resolves.toEqualTypeOf<{
      data: Container;
      response: Response;
    }>();
    expectTypeOf(atlas.peers.delete(groupId, containerId).withResponse()).resolves.toEqualTypeOf<{
      data: void;
      response: Response;
    }>();
    // then() gives a plain promise: no withResponse on derived promises.
    // @ts-expect-error
    void atlas.peers.get(groupId, containerId).then((peer) => peer).withResponse;
  });
});
