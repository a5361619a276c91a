import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient, type AtlasClient } from "../../src/index.js";
import { checkDeclaration, planPeering, type PeeringDeclaration } from "../../src/declared/index.js";

// The rules checked before any request, and proof that none is sent when one is broken: a server
// that answers nothing useful and counts what it receives.
const groupId = "5356823b3794dee37132bb7b";
const aws = {
  providerName: "AWS",
  regionName: "US_EAST_1",
  accepterRegionName: "us-east-1",
  awsAccountId: "999900000000",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  routeTableCidrBlock: "10.15.0.0/16",
} as const;
const awsContainer = {
  providerName: "AWS",
  regionName: "US_EAST_1",
  atlasCidrBlock: "192.168.248.0/21",
} as const;

const codes = (declaration: PeeringDeclaration) =>
  checkDeclaration(declaration).map(
    (finding) => `${finding.severity} ${finding.code} ${finding.field ?? ""}`,
  );

let received = 0;
let client: AtlasClient;
const server = createServer((request, response) => {
  received += 1;
  response.writeHead(500).end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  client = createAtlasClient({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth: { type: "bearer", token: "not-a-secret" },
    maxRetries: 0,
  });
});
afterAll(async () => {
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("rules before any request", () => {
  test("an overlapping or wrongly sized block is an error finding, and the plan sends nothing", async () => {
    for (const declaration of [
      { groupId, containers: [awsContainer], peers: [{ ...aws, routeTableCidrBlock: "192.168.250.0/24" }] },
      { groupId, containers: [{ ...awsContainer, atlasCidrBlock: "10.0.0.0/16" }] },
      { groupId, containers: [{ ...awsContainer, atlasCidrBlock: "8.8.8.0/24" }] },
    ] as PeeringDeclaration[]) {
      const plan = await planPeering(client, declaration);
      expect(plan.findings.some((finding) => finding.severity === "error")).toBe(true);
      expect(plan.state).toBeUndefined();
      expect(plan.changes).toEqual([]);
    }
    expect(received).toBe(0);
  });

  test("RFC 1918, sizes per provider, GCP's /18 read two ways, overlaps, one container per region", () => {
    expect(codes({ groupId, containers: [{ ...awsContainer, atlasCidrBlock: "100.64.0.0/21" }] })).toEqual([
      "error CIDR_NOT_PRIVATE containers[0].atlasCidrBlock",
    ]);
    expect(
      codes({
        groupId,
        containers: [
          { ...awsContainer, atlasCidrBlock: "10.0.0.0/20" },
          { providerName: "AZURE", region: "US_EAST_2", atlasCidrBlock: "10.1.0.0/25" },
        ],
      }),
    ).toEqual([
      "error CIDR_SIZE containers[0].atlasCidrBlock",
      "error CIDR_SIZE containers[1].atlasCidrBlock",
    ]);
    expect(
      codes({
        groupId,
        containers: [{ providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: "10.0.0.0/18" }],
      }),
    ).toEqual([]);
    for (const block of ["10.0.0.0/16", "10.0.0.0/20"])
      expect(
        codes({
          groupId,
          containers: [{ providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: block }],
        }),
      ).toEqual(["warning CIDR_SIZE_AMBIGUOUS containers[0].atlasCidrBlock"]);
    expect(
      codes({ groupId, containers: [awsContainer, { ...awsContainer, atlasCidrBlock: "10.8.0.0/21" }] }),
    ).toEqual(["error CONTAINER_DUPLICATE containers[1]"]);
    expect(
      codes({
        groupId,
        containers: [
          awsContainer,
          { ...awsContainer, regionName: "EU_WEST_1", atlasCidrBlock: "192.168.248.0/22" },
        ],
      }),
    ).toEqual(["warning CONTAINER_CIDR_OVERLAP containers[1].atlasCidrBlock"]);
    expect(
      codes({
        groupId,
        containers: [
          awsContainer,
          { ...awsContainer, regionName: "EU_WEST_1", atlasCidrBlock: "10.15.8.0/21" },
        ],
        peers: [aws, { ...aws, vpcId: "vpc-0123456789abcdef0", routeTableCidrBlock: "10.15.128.0/17" }],
      }),
    ).toEqual([
      "warning CIDR_OVERLAP_OTHER_REGION peers[0].routeTableCidrBlock",
      "warning PEER_CIDR_OVERLAP peers[1].routeTableCidrBlock",
    ]);
    expect(codes({ groupId, containers: [awsContainer], peers: [aws, aws] })).toEqual([
      "error PEER_DUPLICATE peers[1]",
    ]);
  });

  test("region spellings: the name Atlas meant, from the fragment's enums; the AWS form for accepterRegionName", () => {
    const findings = checkDeclaration({
      groupId,
      containers: [
        { ...awsContainer, regionName: "us_west_2" as never },
        { providerName: "GCP", regions: ["central-us" as never], atlasCidrBlock: "192.168.0.0/18" },
      ],
      peers: [
        { ...aws, regionName: "us-west-2" as never, accepterRegionName: "US_WEST_2" },
        {
          ...aws,
          vpcId: "vpc-0123456789abcdef0",
          regionName: "US_WEST_2",
          accepterRegionName: "mars-north-1",
          routeTableCidrBlock: "10.16.0.0/16",
        },
      ],
    });
    expect(
      findings.map((finding) => [finding.severity, finding.code, finding.field, finding.message]),
    ).toEqual([
      [
        "error",
        "REGION_NAME",
        "containers[0].regionName",
        '"us_west_2" is not an AWS region name Atlas accepts; did you mean US_WEST_2?',
      ],
      [
        "error",
        "REGION_NAME",
        "containers[1].regions[0]",
        '"central-us" is not a GCP region name Atlas accepts; did you mean CENTRAL_US?',
      ],
      [
        "error",
        "REGION_NAME",
        "peers[0].regionName",
        '"us-west-2" is not an AWS region name Atlas accepts; did you mean US_WEST_2?',
      ],
      [
        "error",
        "ACCEPTER_REGION_NAME",
        "peers[0].accepterRegionName",
        "\"US_WEST_2\" is Atlas's spelling; accepterRegionName takes AWS's: did you mean us-west-2?",
      ],
      [
        "warning",
        "ACCEPTER_REGION_NAME",
        "peers[1].accepterRegionName",
        expect.stringContaining('"mars-north-1" is none of the AWS regions'),
      ],
    ]);
    expect(findings.every((finding) => typeof finding.source === "string")).toBe(true);
  });
});

describe("many peers", () => {
  test("2,000 AWS peers sharing one block: one overlap finding per peer, not one per pair", () => {
    const peers = Array.from({ length: 2_000 }, (_, index) => ({
      ...aws,
      vpcId: `vpc-${index.toString(16).padStart(17, "0")}`,
    }));
    const findings = checkDeclaration({ groupId, containers: [awsContainer], peers });
    const overlaps = findings.filter((finding) => finding.code === "PEER_CIDR_OVERLAP");
    expect(overlaps).toHaveLength(1_999);
    expect(overlaps.at(-1)!.message).toMatch(/ and 1998 more declared block\(s\)/);
  });
});
