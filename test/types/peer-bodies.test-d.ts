// Compile-time contract of the generated types, used through openapi-fetch exactly as callers do.
import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { paths } from "../../generated/atlas-network-peering.js";

const client = createClient<paths>();
const itemPath = "/api/atlas/v2/groups/{groupId}/peers/{peerId}";
const ids = { groupId: "5356823b3794dee37132bb7b", peerId: "95792d1a28f9c1c076958ef6" };
const awsBody = {
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  accepterRegionName: "us-west-1",
  awsAccountId: "999900000000",
  routeTableCidrBlock: "10.15.0.0/16",
  vpcId: "vpc-0123456789abcdef0",
} as const;

describe("request bodies", () => {
  test("a complete AWS body compiles", () => {
    void client.PATCH(itemPath, { params: { path: ids }, body: awsBody });
  });

  test("an AWS body without vpcId does not compile", () => {
    const { vpcId: _omitted, ...withoutVpcId } = awsBody;
    // @ts-expect-error vpcId is required for providerName AWS
    void client.PATCH(itemPath, { params: { path: ids }, body: withoutVpcId });
  });

  test("an AZURE body with AWS-only fields does not compile", () => {
    void client.PATCH(itemPath, {
      params: { path: ids },
      body: {
        providerName: "AZURE",
        containerId: "507f1f77bcf86cd799439011",
        azureDirectoryId: "35f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
        azureSubscriptionId: "9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        resourceGroupName: "peering-rg",
        vnetName: "app-vnet",
        // @ts-expect-error vpcId belongs to AWS peers only
        vpcId: "vpc-0123456789abcdef0",
      },
    });
  });

  test("a complete GCP body compiles", () => {
    void client.PATCH(itemPath, {
      params: { path: ids },
      body: {
        providerName: "GCP",
        containerId: "507f1f77bcf86cd799439011",
        gcpProjectId: "my-gcp-project",
        networkName: "default",
      },
    });
  });

  test("a body without providerName does not compile", () => {
    const { providerName: _omitted, ...withoutProvider } = awsBody;
    // @ts-expect-error providerName is the discriminator and is required
    void client.PATCH(itemPath, { params: { path: ids }, body: withoutProvider });
  });

  test("readOnly id in a body does not compile", () => {
    void client.PATCH(itemPath, {
      params: { path: ids },
      // @ts-expect-error id is readOnly: Atlas assigns it
      body: { ...awsBody, id: "95792d1a28f9c1c076958ef6" },
    });
  });

  test("readOnly statusName in a body does not compile", () => {
    // @ts-expect-error statusName is readOnly: Atlas reports it
    void client.PATCH(itemPath, { params: { path: ids }, body: { ...awsBody, statusName: "AVAILABLE" } });
  });

  test("readOnly status in a GCP body does not compile", () => {
    void client.POST("/api/atlas/v2/groups/{groupId}/peers", {
      params: { path: { groupId: ids.groupId } },
      body: {
        providerName: "GCP",
        containerId: "507f1f77bcf86cd799439011",
        gcpProjectId: "my-gcp-project",
        networkName: "default",
        // @ts-expect-error status is readOnly
        status: "AVAILABLE",
      },
    });
  });

  test("create and update require a body", () => {
    // @ts-expect-error body is required for PATCH
    void client.PATCH(itemPath, { params: { path: ids } });
    // @ts-expect-error body is required for POST
    void client.POST("/api/atlas/v2/groups/{groupId}/peers", { params: { path: { groupId: ids.groupId } } });
  });
});

describe("path parameters", () => {
  test("groupId is required", () => {
    // @ts-expect-error groupId is missing
    void client.GET(itemPath, { params: { path: { peerId: ids.peerId } } });
  });

  test("peerId is required", () => {
    // @ts-expect-error peerId is missing
    void client.DELETE(itemPath, { params: { path: { groupId: ids.groupId } } });
  });

  test("params cannot be left out", () => {
    // @ts-expect-error the path parameters are required
    void client.GET(itemPath);
  });
});

describe("response bodies", () => {
  test("the 200 body of updateGroupPeer narrows on providerName", async () => {
    const { data } = await client.PATCH(itemPath, { params: { path: ids }, body: awsBody });
    if (!data) return;
    if (data.providerName === "AWS") {
      expectTypeOf(data.statusName).toEqualTypeOf<
        | "INITIATING"
        | "PENDING_ACCEPTANCE"
        | "FAILED"
        | "FINALIZING"
        | "AVAILABLE"
        | "TERMINATING"
        | undefined
      >();
      expectTypeOf(data.errorStateName).toEqualTypeOf<
        "REJECTED" | "EXPIRED" | "INVALID_ARGUMENT" | null | undefined
      >();
      // @ts-expect-error AWS peers report statusName, not status
      void data.status;
    } else if (data.providerName === "AZURE") {
      expectTypeOf(data.status).toEqualTypeOf<
        "ADDING_PEER" | "AVAILABLE" | "FAILED" | "DELETION_FAILED" | "DELETING" | undefined
      >();
      // @ts-expect-error Azure peers report status, not statusName
      void data.statusName;
    } else {
      expectTypeOf(data.providerName).toEqualTypeOf<"GCP">();
      expectTypeOf(data.status).toEqualTypeOf<
        "ADDING_PEER" | "WAITING_FOR_USER" | "AVAILABLE" | "FAILED" | "DELETING" | undefined
      >();
    }
  });

  test("list results are required and typed as peers", async () => {
    const { data } = await client.GET("/api/atlas/v2/groups/{groupId}/peers", {
      params: { path: { groupId: ids.groupId } },
    });
    if (!data) return;
    expectTypeOf(data.results).toBeArray();
    expectTypeOf(data.results[0]!.providerName).toEqualTypeOf<"AWS" | "AZURE" | "GCP">();
  });
});
