import fc from "fast-check";
import type { DeclaredContainer, DeclaredPeer, PeeringDeclaration } from "../../src/declared/index.js";

/**
 * Random valid declarations that collide often: a few regions per provider, container blocks from
 * disjoint private ranges (so that the rules pass), AWS VPC blocks outside them, and peers whose
 * networks repeat across runs (so that a later declaration matches, updates or moves earlier peers).
 */
const awsRegions = ["US_EAST_1", "EU_WEST_1"] as const;
const azureRegions = ["US_EAST_2", "EUROPE_WEST"] as const;

const awsContainer = fc.record({
  providerName: fc.constant("AWS" as const),
  regionName: fc.constantFrom(...awsRegions),
  atlasCidrBlock: fc.constantFrom("192.168.248.0/21", "192.168.240.0/21"),
});
const azureContainer = fc.record({
  providerName: fc.constant("AZURE" as const),
  region: fc.constantFrom(...azureRegions),
  atlasCidrBlock: fc.constantFrom("192.168.232.0/21", "192.168.224.0/22"),
});
const gcpContainer = fc.record({
  providerName: fc.constant("GCP" as const),
  regions: fc.subarray(["CENTRAL_US", "WESTERN_US"] as const, { minLength: 1 }),
  atlasCidrBlock: fc.constantFrom("192.168.0.0/18", "192.168.64.0/18"),
});

const awsPeer = fc.record({
  providerName: fc.constant("AWS" as const),
  regionName: fc.constantFrom(...awsRegions),
  accepterRegionName: fc.constantFrom("us-east-1", "eu-west-1", "us-west-2"),
  awsAccountId: fc.constantFrom("999900000000", "111122223333"),
  vpcId: fc.constantFrom("vpc-0a1b2c3d4e5f60718", "vpc-0123456789abcdef0"),
  routeTableCidrBlock: fc.constantFrom("10.15.0.0/16", "10.16.0.0/16", "172.16.0.0/16"),
});
const azurePeer = fc.record({
  providerName: fc.constant("AZURE" as const),
  region: fc.constantFrom(...azureRegions),
  azureDirectoryId: fc.constantFrom(
    "35f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
    "45f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
  ),
  azureSubscriptionId: fc.constant("9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"),
  resourceGroupName: fc.constantFrom("peering-rg", "other-rg"),
  vnetName: fc.constant("app-vnet"),
});
const gcpPeer = fc.record({
  providerName: fc.constant("GCP" as const),
  gcpProjectId: fc.constantFrom("my-gcp-project", "other-project"),
  networkName: fc.constantFrom("default", "apps"),
});

/** A declaration for `groupId`, with one container per peer's region and no rule broken. */
export function declarationFor(groupId: string): fc.Arbitrary<PeeringDeclaration> {
  return fc
    .record({
      containers: fc.tuple(
        fc.array(awsContainer, { maxLength: 2 }),
        fc.array(azureContainer, { maxLength: 2 }),
        fc.option(gcpContainer, { nil: undefined }),
      ),
      peers: fc.array(fc.oneof(awsPeer, azurePeer, gcpPeer), { maxLength: 4 }),
    })
    .map(({ containers: [aws, azure, gcp], peers }) => {
      const containers = new Map<string, DeclaredContainer>();
      for (const container of [...aws, ...azure, ...(gcp ? [gcp] : [])])
        containers.set(
          container.providerName === "AWS"
            ? `AWS ${container.regionName}`
            : container.providerName === "AZURE"
              ? `AZURE ${container.region}`
              : "GCP",
          container,
        );
      // One peer per network, and a container for each peer's region.
      const unique = new Map<string, DeclaredPeer>();
      for (const peer of peers) {
        const key =
          peer.providerName === "AWS"
            ? `${peer.awsAccountId}/${peer.vpcId}`
            : peer.providerName === "AZURE"
              ? `${peer.resourceGroupName}/${peer.vnetName}`
              : `${peer.gcpProjectId}/${peer.networkName}`;
        unique.set(`${peer.providerName} ${key}`, peer as DeclaredPeer);
      }
      for (const peer of unique.values()) {
        const home =
          peer.providerName === "AWS"
            ? `AWS ${peer.regionName}`
            : peer.providerName === "AZURE"
              ? `AZURE ${peer.region}`
              : "GCP";
        if (!containers.has(home))
          containers.set(
            home,
            peer.providerName === "AWS"
              ? {
                  providerName: "AWS",
                  regionName: peer.regionName,
                  atlasCidrBlock: peer.regionName === "US_EAST_1" ? "192.168.248.0/21" : "192.168.240.0/21",
                }
              : peer.providerName === "AZURE"
                ? { providerName: "AZURE", region: peer.region, atlasCidrBlock: "192.168.232.0/21" }
                : { providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: "192.168.0.0/18" },
          );
      }
      return { groupId, containers: [...containers.values()], peers: [...unique.values()] };
    });
}
