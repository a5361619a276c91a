import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { deriveDeclarationSchema } from "../../src/declared/declaration/derive-schema.js";
import { validateAgainstSchema } from "../../src/declared/declaration/validate-schema.js";
import { declarationSchema, parseDeclaration, regionNames } from "../../src/declared/index.js";
import { propertyRuns } from "../helpers/property-runs.js";
import { declarationFor } from "./arbitraries.js";

const fragment = JSON.parse(
  readFileSync(fromRoot("generated/atlas-network-peering.fragment.json"), "utf8"),
) as {
  components: {
    schemas: Record<string, { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> }>;
  };
};
const shipped = JSON.parse(readFileSync(fromRoot("schema/declared-peering.schema.json"), "utf8")) as unknown;

describe("the declaration's JSON Schema", () => {
  test("is what the fragment derives today (run npm run schema:declared when this fails)", () => {
    expect(shipped).toEqual(deriveDeclarationSchema(fragment));
    expect(declarationSchema).toEqual(shipped);
  });

  test("takes its region names from the fragment's enums, not from a list of its own", () => {
    const { schemas } = fragment.components;
    expect(regionNames.AWS).toEqual(schemas.AWSCloudProviderContainer!.properties.regionName!.enum);
    expect(regionNames.AZURE).toEqual(schemas.AzureCloudProviderContainer!.properties.region!.enum);
    expect(regionNames.GCP).toEqual(schemas.GCPCloudProviderContainer!.properties.regions!.items!.enum);
  });

  test("holds none of MongoDB's descriptions (the fragment is CC BY-NC-SA, the package MIT)", () => {
    const text = JSON.stringify(shipped);
    const descriptions: string[] = [];
    JSON.stringify(fragment, (key, value: unknown) => {
      if (key === "description" && typeof value === "string" && value.length >= 30) descriptions.push(value);
      return value;
    });
    expect(descriptions.length).toBeGreaterThan(20);
    for (const description of descriptions) expect(text).not.toContain(description);
  });

  test("the loader's validator and Ajv give the same verdict on random declarations", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const validate = ajv.compile(shipped as object);
    const value = fc.oneof(
      fc.constantFrom(
        "AWS",
        "AZURE",
        "GCP",
        "aws",
        "US_EAST_1",
        "us-east-1",
        "999900000000",
        "vpc-0a1b2c3d4e5f60718",
      ),
      fc.constantFrom(
        "10.15.0.0/16",
        "192.168.248.0/21",
        "9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        "peering-rg",
        "my-gcp-project",
      ),
      fc.constantFrom(
        999900000000,
        null,
        true,
        ["CENTRAL_US"],
        ["rtb-0123456789abcdef0"],
        ["rtb-0123456789abcdef0", "rtb-0123456789abcdef0"],
      ),
    );
    const fields = fc.constantFrom(
      "providerName",
      "regionName",
      "region",
      "regions",
      "accepterRegionName",
      "awsAccountId",
      "vpcId",
      "routeTableCidrBlock",
      "routeTableIds",
      "atlasCidrBlock",
      "azureDirectoryId",
      "azureSubscriptionId",
      "resourceGroupName",
      "vnetName",
      "gcpProjectId",
      "networkName",
      "containerId",
      "id",
    );
    const item = fc.dictionary(fields, value, { maxKeys: 8 });
    const declaration = fc.record(
      {
        groupId: fc.constantFrom("5356823b3794dee37132bb7b", "not-an-id"),
        containers: fc.array(item, { maxLength: 3 }),
        peers: fc.array(item, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(declaration, (candidate) => {
        expect(
          validateAgainstSchema(declarationSchema as Record<string, unknown>, candidate).length === 0,
        ).toBe(validate(candidate));
      }),
      propertyRuns(3000),
    );
  });

  test("a bad declaration is one line naming the field at fault; a misspelt region is left to the plan's findings", () => {
    const groupId = "5356823b3794dee37132bb7b";
    const peer = {
      providerName: "AWS",
      regionName: "US_EAST_1",
      accepterRegionName: "us-east-1",
      awsAccountId: "999900000000",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableCidrBlock: "10.15.0.0/16",
    };
    const message = (value: unknown) => {
      try {
        parseDeclaration(value, { source: "d.json" });
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message({ groupId, peers: [{ ...peer, vpcId: "vpc-123" }] })).toBe(
      'd.json: peers[0].vpcId: "vpc-123" must match ^vpc-[0-9a-f]{17}$',
    );
    expect(message({ groupId, peers: [{ ...peer, awsAccountId: 999900000000 }] })).toBe(
      'd.json: peers[0].awsAccountId: must be a string (quote it: "999900000000")',
    );
    expect(message({ groupId, peers: [{ ...peer, containerId: "32b6e34b3d91647abb20e7b8" }] })).toMatch(
      /^d\.json: peers\[0\]\.containerId: is not a field here/,
    );
    expect(message({ groupId, peers: [{ ...peer, providerName: "IBM" }] })).toBe(
      'd.json: peers[0].providerName: "IBM" is not one of AWS, AZURE, GCP',
    );
    expect(message({ peers: [] })).toBe("d.json: groupId: is required");
    expect(
      message({
        groupId,
        containers: [{ providerName: "AWS", regionName: "us_west_2", atlasCidrBlock: "10.8.0.0/21" }],
      }),
    ).toBe("accepted");
    for (const text of [message({ groupId, peers: [{ ...peer, vpcId: 1 }] }), message([])])
      expect(text).not.toContain("\n");
  });
});
