import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import {
  formatReportMarkdown,
  formatReportText,
  reportChanges,
  type ChangeReport,
  type FragmentVersions,
  type Release,
} from "../../scripts/spec/change-report.js";
import { cutFragment } from "../../scripts/spec/cut-fragment.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { readUpstream } from "../../scripts/spec/read-upstream.js";
import { generateTypesSource } from "../../scripts/spec/render-types.js";
import { typedPair } from "../../scripts/spec/typed-pair.js";
import { compileConsumerProbe } from "./compile-consumer-probe.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

/**
 * The change report's table of upstream changes. Each case is a small edit of
 * test/fixtures/spec-change/base.yaml, with the lines its report must hold and the release it must
 * call for; the consumer probe (test/fixtures/spec-change/consumer-probe.ts), compiled against the
 * base's types and the case's, must break exactly when the release is major. Every case is
 * compared in one compiler run, and the probe compiled in another: compiling is what costs.
 *
 * Of the seven defects of issue 10 (numbered below), the third is also a pipeline test (spec:vendor
 * writes a changeset when the fragment changed but x-xgen-sha did not: pipeline-scripts.test.ts),
 * and the seventh, a 200 MB input, is an input check, not a report: pipeline-scripts.test.ts and
 * spec-diff.test.ts.
 */
type Document = OpenApiDocument & { paths: Record<string, Record<string, any>> };

interface Case {
  name: string;
  edit: (document: Document) => void;
  /** Lines (or parts of lines) the text report must hold. */
  lines: string[];
  release: Release;
}

const peers = "/api/atlas/v2/groups/{groupId}/peers";
const peer = "/api/atlas/v2/groups/{groupId}/peers/{peerId}";
const schemas = (document: Document) => document.components!.schemas as Record<string, any>;
const aws = (document: Document) => schemas(document).AwsNetworkPeeringConnectionSettings;

const cases: Case[] = [
  {
    name: "1. an operation removed upstream: major, not an abort",
    edit: (document) => delete document.paths[peer]!.delete,
    lines: [
      `DELETE ${peer}: removed (deleteGroupPeer)`,
      `[major] DELETE ${peer}: removed: code that calls it no longer compiles`,
    ],
    release: "major",
  },
  {
    name: "2. a query parameter's enum loses a value",
    edit: (document) => {
      document.paths[peers]!.get.parameters[2].schema.enum = ["AWS", "AZURE"];
    },
    lines: [
      `GET ${peers} parameter query providerName: enum values removed: GCP`,
      `[major] GET ${peers} (listGroupPeers) params: a value old code may send is refused: params.query.providerName: Type '"GCP"' is not assignable`,
    ],
    release: "major",
  },
  {
    name: "3. the fragment changes while x-xgen-sha does not: a description, reported, patch",
    edit: (document) => {
      aws(document).properties.vpcId.description = "Identifies the VPC on AWS that you peer with.";
    },
    lines: [
      "Upstream x-xgen-sha base000000000000000000000000000000000000 (unchanged)",
      "AwsNetworkPeeringConnectionSettings.vpcId: description changed  (requests: createGroupPeer, updateGroupPeer; answers: createGroupPeer, getGroupPeer, listGroupPeers, updateGroupPeer)",
      "[patch] the types accept and return what they did",
    ],
    release: "patch",
  },
  {
    name: "4a. array items pointing at another schema, below a property's top level",
    edit: (document) => {
      schemas(document).PaginatedContainerPeerView.properties.results.items.$ref =
        "#/components/schemas/GCPNetworkPeeringConnectionSettings";
    },
    lines: [
      "PaginatedContainerPeerView.results[]: $ref BaseNetworkPeeringConnectionSettings -> GCPNetworkPeeringConnectionSettings  (answers: listGroupPeers)",
      `[major] GET ${peers} (listGroupPeers) data: names old code may use are gone: .results[]{providerName=AWS}.accepterRegionName`,
    ],
    release: "major",
  },
  {
    name: "4b. a request body no longer required",
    edit: (document) => {
      document.paths[peers]!.post.requestBody.required = false;
    },
    lines: [
      `POST ${peers} request body: no longer required`,
      `[minor] POST ${peers} (createGroupPeer) body: accepts values the old types refused`,
    ],
    release: "minor",
  },
  {
    name: "4c. a discriminator mapping entry added for a new schema only the mapping names",
    edit: (document) => {
      schemas(document).BaseNetworkPeeringConnectionSettings.discriminator.mapping.SERVERLESS =
        "#/components/schemas/ServerlessPeeringConnectionSettings";
      schemas(document).ServerlessPeeringConnectionSettings = {
        type: "object",
        properties: { providerName: { type: "string" } },
      };
    },
    lines: [
      "BaseNetworkPeeringConnectionSettings: discriminator mapping added: SERVERLESS -> ServerlessPeeringConnectionSettings",
      "components: added schemas.ServerlessPeeringConnectionSettings",
      "[minor] components.schemas.ServerlessPeeringConnectionSettings: added",
    ],
    release: "minor",
  },
  {
    name: "5a. a new state in an answer: an exhaustive switch stops compiling",
    edit: (document) => aws(document).properties.statusName.enum.push("EXPIRED"),
    lines: [
      "AwsNetworkPeeringConnectionSettings.statusName: enum values added: EXPIRED",
      `[major] GET ${peers} (listGroupPeers) data: a value the new types allow is one old code does not handle: results.statusName: Type '"EXPIRED"' is not assignable`,
    ],
    release: "major",
  },
  {
    name: "5b. a new provider: a oneOf member and its mapping",
    edit: (document) => {
      const base = schemas(document).BaseNetworkPeeringConnectionSettings;
      base.oneOf.push({ $ref: "#/components/schemas/TenantPeeringConnectionSettings" });
    },
    lines: [
      "BaseNetworkPeeringConnectionSettings: oneOf member added: TenantPeeringConnectionSettings",
      `[major] GET ${peers} (listGroupPeers) data: a value the new types allow is one old code does not handle: results: Type '{ providerName: "TENANT"; tenantId: string; region?: string | undefined; }' is missing the following properties`,
      "[major] data of 3 operations (createGroupPeer, getGroupPeer, updateGroupPeer): a value the new types allow is one old code does not handle",
      `[minor] body of 2 operations (createGroupPeer, updateGroupPeer): accepts values the old types refused`,
    ],
    release: "major",
  },
  {
    name: "6. required removed on a schema that requests and answers both use",
    edit: (document) => {
      aws(document).required = aws(document).required.filter((name: string) => name !== "vpcId");
    },
    lines: [
      "AwsNetworkPeeringConnectionSettings: required removed: vpcId",
      `[major] GET ${peers} (listGroupPeers) data: a value the new types allow is one old code does not handle: results.vpcId: Type 'undefined' is not assignable to type 'string'.`,
      "[major] data of 3 operations (createGroupPeer, getGroupPeer, updateGroupPeer): a value the new types allow is one old code does not handle: vpcId: Type 'undefined' is not assignable to type 'string'.",
      `[minor] body of 2 operations (createGroupPeer, updateGroupPeer): accepts values the old types refused: body.vpcId: Type 'undefined' is not assignable to type 'string'.`,
    ],
    release: "major",
  },
  {
    name: "an operation renamed: same method and path, new operationId",
    edit: (document) => {
      document.paths[peer]!.get.operationId = "getPeeringConnection";
    },
    lines: [
      `GET ${peer}: renamed getGroupPeer -> getPeeringConnection`,
      "[patch] the types accept and return what they did",
    ],
    release: "patch",
  },
  {
    name: "an optional query parameter added",
    edit: (document) => {
      document.paths[peers]!.get.parameters.push({
        in: "query",
        name: "includeCount",
        schema: { type: "boolean" },
      });
    },
    lines: [
      `GET ${peers} parameter query includeCount: added (optional, boolean)`,
      `[minor] GET ${peers} (listGroupPeers) params: new names: .params.query.includeCount`,
    ],
    release: "minor",
  },
  {
    name: "a required request field added",
    edit: (document) => {
      aws(document).properties.vpcCidrBlock = { type: "string" };
      aws(document).required.push("vpcCidrBlock");
    },
    lines: [
      "AwsNetworkPeeringConnectionSettings.vpcCidrBlock: property added (string)",
      "AwsNetworkPeeringConnectionSettings: required added: vpcCidrBlock",
      "[major] body of 2 operations (createGroupPeer, updateGroupPeer): a value old code may send is refused: body: Property 'vpcCidrBlock' is missing in type",
      "[minor] data of 3 operations (createGroupPeer, getGroupPeer, updateGroupPeer): new names: {providerName=AWS}.vpcCidrBlock",
    ],
    release: "major",
  },
  {
    name: "a response field removed",
    edit: (document) => delete schemas(document).PaginatedContainerPeerView.properties.totalCount,
    lines: [
      "PaginatedContainerPeerView.totalCount: property removed  (answers: listGroupPeers)",
      `[major] GET ${peers} (listGroupPeers) data: names old code may use are gone: .totalCount`,
    ],
    release: "major",
  },
  {
    name: "an enum value added to a request field (the providerName query parameter)",
    edit: (document) => document.paths[peers]!.get.parameters[2].schema.enum.push("TENANT"),
    lines: [
      `GET ${peers} parameter query providerName: enum values added: TENANT`,
      `[minor] GET ${peers} (listGroupPeers) params: accepts values the old types refused`,
    ],
    release: "minor",
  },
  {
    name: "a component reached only through a discriminator mapping, changed",
    edit: (document) => delete schemas(document).TenantPeeringConnectionSettings.properties.region,
    lines: [
      "TenantPeeringConnectionSettings.region: property removed  (requests: createGroupPeer, updateGroupPeer; answers: createGroupPeer, getGroupPeer, listGroupPeers, updateGroupPeer)",
      "[major] components.schemas.TenantPeeringConnectionSettings: names old code may use are gone: {providerName=TENANT}.region",
    ],
    release: "major",
  },
  {
    name: "a $ref changed deep in a schema (error details' items)",
    edit: (document) => {
      schemas(document).BadRequestDetail.properties.fields.items.$ref = "#/components/schemas/Link";
    },
    lines: [
      "BadRequestDetail.fields[]: $ref FieldViolation -> Link  (answers: createGroupPeer, getGroupPeer, listGroupPeers)",
      "[major] error of 3 operations (listGroupPeers, createGroupPeer, getGroupPeer): names old code may use are gone",
    ],
    release: "major",
  },
  {
    name: "a response field newly nullable",
    edit: (document) => {
      aws(document).properties.routeTableCidrBlock.nullable = true;
    },
    lines: [
      "AwsNetworkPeeringConnectionSettings.routeTableCidrBlock: now nullable",
      "[major] data of 3 operations (createGroupPeer, getGroupPeer, updateGroupPeer): a value the new types allow is one old code does not handle: routeTableCidrBlock: Type 'null' is not assignable to type 'string'.",
      "[minor] body of 2 operations (createGroupPeer, updateGroupPeer): accepts values the old types refused: body.routeTableCidrBlock: Type 'null' is not assignable to type 'string'.",
    ],
    release: "major",
  },
  {
    name: "a description only, with a new x-xgen-sha: patch",
    edit: (document) => {
      document.info["x-xgen-sha"] = "next000000000000000000000000000000000000";
      document.paths[peers]!.get.description = "Returns all network peering connections of one project.";
    },
    lines: [
      "Upstream x-xgen-sha base000000000000000000000000000000000000 -> next000000000000000000000000000000000000",
      `GET ${peers}: description changed`,
    ],
    release: "patch",
  },
  {
    name: "only x-xgen-sha moved: no change",
    edit: (document) => {
      document.info["x-xgen-sha"] = "next000000000000000000000000000000000000";
    },
    lines: [
      "No change in the fragment. (upstream x-xgen-sha base000000000000000000000000000000000000 -> next000000000000000000000000000000000000)",
    ],
    release: "none",
  },
];

const base = parse(readFileSync(fromRoot("test/fixtures/spec-change/base.yaml"), "utf8")) as Document;
const edited = cases.map((change) => {
  const after = structuredClone(base);
  change.edit(after);
  return after;
});

let reports: ChangeReport[] = [];
let probeErrors: string[][] = [];
/** The real 2025 -> 2026 pair, compared in the same compiler run as the table (when ../shared is there). */
let realPair: ChangeReport | undefined;
const realPairAvailable = sharedUpstreamAvailable();

beforeAll(async () => {
  const pairs: FragmentVersions[] = edited.map((after) => ({
    cuts: { before: base, after },
    typed: { before: base, after },
  }));
  if (realPairAvailable) pairs.push(await realUpstreamPair());
  const all = await reportChanges(pairs);
  reports = all.slice(0, cases.length);
  realPair = all[cases.length];
  probeErrors = compileConsumerProbe(
    await Promise.all([base, ...edited].map((document) => generateTypesSource(document))),
  );
}, 120_000);

/** MongoDB's 2025 and 2026 documents, cut by the selection and typed with the fix-ups, as spec:diff does. */
async function realUpstreamPair(): Promise<FragmentVersions> {
  const [older, newer] = await Promise.all(
    [sharedUpstream.older, sharedUpstream.newest].map((path) => readUpstream(path)),
  );
  const [before, after] = await Promise.all(
    [older!, newer!].map(
      async (upstream) =>
        (await cutFragment(upstream.document, upstream.location, pipelineSelection())).fragment,
    ),
  );
  const { pair, note } = await typedPair(
    before!,
    after!,
    readFileSync(fromRoot(pipelineFiles.fixups), "utf8"),
  );
  if (note) throw new Error(note);
  return { cuts: { before: before!, after: after! }, typed: pair };
}

describe("the change report's table of upstream changes", () => {
  test("the consumer probe compiles against the base's types", () => {
    expect(probeErrors[0]).toEqual([]);
  });

  test.each(cases.map((change, index) => [change.name, index] as const))("%s", (_name, index) => {
    const change = cases[index]!;
    const report = reports[index]!;
    const text = formatReportText(report);
    for (const line of change.lines) expect(text, text).toContain(line);
    expect(report.release, text).toBe(change.release);
    if (change.release !== "none")
      expect(text.trim().split("\n").at(-1)).toBe(`Suggested release: ${change.release}`);
    // The compiler's verdict, checked against a program that uses the types as a consumer does.
    const consumerBreaks = probeErrors[index + 1]!;
    if (change.release === "major")
      expect(consumerBreaks.length, "the consumer probe should break").toBeGreaterThan(0);
    else expect(consumerBreaks, "the consumer probe should still compile").toEqual([]);
  });

  test("a change inside a component is one line, however many operations reach it", () => {
    const report = reports[cases.findIndex((change) => change.name.startsWith("5a."))]!;
    const lines = formatReportText(report)
      .split("\n")
      .filter((line) => line.includes("enum values added: EXPIRED"));
    expect(lines).toHaveLength(1);
  });

  test("the Markdown report shows compiler messages as code and escapes schema text", () => {
    const report = reports[cases.findIndex((change) => change.name.startsWith("2."))]!;
    const markdown = formatReportMarkdown(report, { location: "https://example.test/v2.yaml" });
    expect(markdown).toContain("**Release: major.**");
    expect(markdown).toContain("(`https://example.test/v2.yaml`)");
    expect(markdown).toMatch(
      /- \*\*major\*\* `GET .*` params: a value old code may send is refused: `params\.query\.providerName: Type '"GCP"'/,
    );
    expect(markdown).toContain(
      `- \`GET ${peers} parameter query providerName\`: enum values removed: \`GCP\``,
    );
  });
});

describe.runIf(realPairAvailable)("the change report on MongoDB's 2025 and 2026 documents", () => {
  const text = () => formatReportText(realPair!);

  test("names the eleven renames, the 429 responses and required results; major", () => {
    expect(text()).toContain(`PATCH ${peer}: renamed updatePeeringConnection -> updateGroupPeer`);
    expect(text()).toContain(
      "GET /api/atlas/v2/groups/{groupId}/containers/all: renamed listPeeringContainers -> listGroupContainerAll",
    );
    expect(text().match(/: renamed /g)).toHaveLength(11);
    expect(text().match(/ response 429: added \(\$ref responses\.tooManyRequests\)/g)).toHaveLength(11);
    expect(text()).toContain(
      "PaginatedContainerPeerView: required added: results  (answers: listGroupPeers)",
    );
    expect(text()).toContain("added x-rolesRequirements");
    expect(realPair!.release).toBe("major");
  });

  test("each change once: the error body's new nullable fields are one line each, not one per response", () => {
    expect(text().match(/ApiError\.detail: now nullable/g)).toHaveLength(1);
    expect(text()).toContain("ApiError.detail: now nullable  (answers of 11 operations)");
    // ...and what the compiler finds about them is one line for the eleven operations.
    expect(text()).toMatch(
      /\[major\] error of 11 operations \(listGroupContainers, .*\): a value the new types allow is one old code does not handle: badRequestDetail/,
    );
  });
});
