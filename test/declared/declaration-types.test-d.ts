import { describe, expectTypeOf, test } from "vitest";
import type { AwsPeerRequest } from "../../src/index.js";
import { defineConfig, type DeclaredAwsPeer, type DeclaredPeer } from "../../src/declared/index.js";

// The declaration's types come from the generated bodies: a field the spec adds to a peer body
// appears here, and containerId (the plan finds it) cannot be written.
describe("declaration types", () => {
  test("a declared AWS peer is its create body without containerId, plus its container's region", () => {
    expectTypeOf<DeclaredAwsPeer["vpcId"]>().toEqualTypeOf<AwsPeerRequest["vpcId"]>();
    expectTypeOf<DeclaredAwsPeer["routeTableCidrBlock"]>().toEqualTypeOf<
      AwsPeerRequest["routeTableCidrBlock"]
    >();
    expectTypeOf<DeclaredAwsPeer>().not.toHaveProperty("containerId");
    defineConfig({
      groupId: "5356823b3794dee37132bb7b",
      peers: [
        {
          providerName: "AWS",
          regionName: "US_EAST_1",
          accepterRegionName: "us-east-1",
          awsAccountId: "999900000000",
          vpcId: "vpc-0a1b2c3d4e5f60718",
          routeTableCidrBlock: "10.15.0.0/16",
        },
      ],
    });
    const misspelt: DeclaredPeer = {
      providerName: "AZURE",
      // @ts-expect-error a region Atlas does not know
      region: "us_east_2",
      azureDirectoryId: "",
      azureSubscriptionId: "",
      resourceGroupName: "",
      vnetName: "",
    };
    const withContainer: DeclaredPeer = {
      providerName: "GCP",
      gcpProjectId: "p",
      networkName: "n",
      // @ts-expect-error containerId is the plan's to find
      containerId: "32b6e34b3d91647abb20e7b8",
    };
    void misspelt;
    void withContainer;
  });
});
