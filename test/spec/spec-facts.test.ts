import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { releaseFor } from "../../scripts/spec/change-report.js";
import { helperDeprecations } from "../../scripts/spec/facts/deprecated-helpers.js";
import { checkSpecFacts, derivedFactChanges } from "../../scripts/spec/facts/check-spec-facts.js";
import { specFactTable } from "../../scripts/spec/facts/fact-table.js";
import { fromRoot, pipelineFiles } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { describeIdPattern, specFacts } from "../../src/spec-facts.js";
import { checkAtlasId } from "../../src/client/atlas-id.js";
import { handWrittenFacts } from "../../scripts/spec/facts/hand-written-facts.js";
import {
  apiVersions,
  fragmentApiVersions,
  peersResourceVersion,
  resolveApiVersion,
} from "../../src/testing/api-versions.js";

/**
 * The spec facts: the spec pipeline guide's table (guide/spec-pipeline.md) and the checker's table name the same facts with the same
 * kinds; every checked fact holds on the committed fragment and stops the step when it does not;
 * the deprecation check reads `@deprecated` where callers see it; the local Atlas's versions are
 * derived from the fragment, and a change of them is rated.
 */
const fragment = parse(readFileSync(fromRoot(pipelineFiles.fragment), "utf8")) as OpenApiDocument;

function readmeFactTable(): Array<{ name: string; kind: string }> {
  const readme = readFileSync(fromRoot("guide/spec-pipeline.md"), "utf8");
  const section = readme.slice(
    readme.indexOf("## Spec facts"),
    readme.indexOf("## The selection, truncated"),
  );
  return [...section.matchAll(/^\| `(\w+)` \| (checked|derived) \|/gm)].map(([, name, kind]) => ({
    name: name!,
    kind: kind!,
  }));
}

describe("the spec facts tables", () => {
  test("the spec pipeline guide's table lists exactly the facts scripts/spec/facts/fact-table.ts holds, with their kinds", () => {
    expect(readmeFactTable()).toEqual(specFactTable.map((fact) => ({ name: fact.name, kind: fact.kind })));
  });

  test("every checked fact is a value of src/spec-facts.ts", () => {
    for (const fact of specFactTable.filter((row) => row.kind === "checked"))
      expect(Object.hasOwn(handWrittenFacts, fact.name), fact.name).toBe(true);
  });
});

describe("checked facts", () => {
  test("hold on the committed fragment", () => {
    expect(() => checkSpecFacts(fragment, pipelineFiles.fragment)).not.toThrow();
  });

  // One disagreement per checked fact: each stops with one line naming it (odd-upstreams.test.ts
  // runs the issue's three end to end).
  // An edit of the fragment, or (revokePath: the spec names no revocation endpoint, and tokenPath
  // pins the token URL) of the facts.
  const disagreements: Array<[string, (document: any, facts: any) => void, RegExp]> = [
    [
      "atlasIdPattern",
      (document) => (document.components.parameters.groupId.schema.pattern = "^([a-f0-9]{32})$"),
      /the path parameter groupId has the pattern/,
    ],
    [
      "defaultApiVersion",
      (document) => {
        const text = JSON.stringify(document).replaceAll("vnd.atlas.2023-01-01", "vnd.atlas.2026-01-01");
        Object.assign(document, JSON.parse(text));
      },
      /2025-03-12 resolves to no version of .* \(its versions: 2026-01-01\)/,
    ],
    [
      "authSchemes",
      (document) => (document.components.securitySchemes.DigestAuth = { type: "http", scheme: "basic" }),
      /auth mode digest needs DigestAuth to be HTTP digest/,
    ],
    [
      "defaultBaseUrl",
      (document) => (document.servers = [{ url: "https://cloud.mongodbgov.com" }]),
      /https:\/\/cloud\.mongodb\.com is not among the servers of/,
    ],
    [
      "tokenPath",
      (document) =>
        (document.components.securitySchemes.ServiceAccounts.flows.clientCredentials.tokenUrl =
          "https://cloud.mongodb.com/api/oauth/v2/token"),
      /the ServiceAccounts flow's tokenUrl is https:\/\/cloud\.mongodb\.com\/api\/oauth\/v2\/token, not https:\/\/cloud\.mongodb\.com\/api\/oauth\/token/,
    ],
    [
      "revokePath",
      (_document, facts) => (facts.revokePath = "/api/v2/oauth/revoke"),
      /\/api\/v2\/oauth\/revoke is not beside the ServiceAccounts flow's tokenUrl https:\/\/cloud\.mongodb\.com\/api\/oauth\/token/,
    ],
    [
      "requiredAnswerFields",
      (document) => delete document.components.schemas.AWSCloudProviderContainer.properties.id,
      /AWSCloudProviderContainer has no property id/,
    ],
    [
      "operationHelpers",
      (document) => delete document.paths["/api/atlas/v2/groups/{groupId}/containers/all"],
      /GET \/api\/atlas\/v2\/groups\/\{groupId\}\/containers\/all \(the operation of client\.containers\.listAll\) is not in the fragment/,
    ],
  ];

  test("each checked fact has a disagreement here", () => {
    expect(disagreements.map(([name]) => name)).toEqual(
      specFactTable.filter((fact) => fact.kind === "checked").map((fact) => fact.name),
    );
  });

  test.each(disagreements)(
    "%s: a disagreement stops the step with one line naming the fact",
    (name, edit, detail) => {
      const [document, facts] = [structuredClone(fragment), structuredClone(handWrittenFacts)];
      edit(document, facts);
      let message = "";
      try {
        checkSpecFacts(document, "the edited fragment", facts);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(
        new RegExp(
          `^spec fact ${name} \\(src/spec-facts\\.ts, used by .*\\) disagrees with the edited fragment: `,
        ),
      );
      expect(message).toMatch(detail);
      expect(message).not.toContain("\n");
    },
  );
});

describe("messages about a fact are derived from it", () => {
  test("an id refused says what the spec's pattern asks for, whatever its length", () => {
    for (const digits of [1, 24, 32, 64])
      expect(describeIdPattern(`^([a-f0-9]{${digits}})$`)).toBe(`${digits} lower-case hexadecimal digits`);
    // A pattern of another shape is quoted, never paraphrased wrongly.
    expect(describeIdPattern("^[0-9A-F]{24}$")).toBe("text matching ^[0-9A-F]{24}$");
    expect(() => checkAtlasId("nope", "groupId")).toThrow(
      `groupId: must be ${describeIdPattern(specFacts.atlasIdPattern)} (got "nope")`,
    );
  });
});

describe("the helpers over deprecated operations", () => {
  const helpers = Object.values(handWrittenFacts.operationHelpers);

  test("every helper src/spec-facts.ts names exists on AtlasClient, and none is deprecated today", () => {
    const states = helperDeprecations(helpers);
    expect([...states].filter(([, state]) => state !== "not deprecated")).toEqual([]);
  });

  test("a helper a resource redeclares with @deprecated reads as deprecated; a misspelt one as missing", () => {
    const path = "src/peers/peers-api.ts";
    const marked = readFileSync(fromRoot(path), "utf8").replace(
      "export interface PeersApi extends ProviderResourceApi<Peer, PeerRequest> {",
      [
        "export interface PeersApi extends ProviderResourceApi<Peer, PeerRequest> {",
        "  /** GET one peer. @deprecated Atlas deprecated this operation. */",
        "  get(groupId: string, id: string, options?: AtlasRequestOptions): AtlasPromise<Peer>;",
      ].join("\n"),
    );
    const withImports = `import type { AtlasRequestOptions } from "../client/typed-fetch.js";\nimport type { AtlasPromise } from "../resources/atlas-promise.js";\n${marked}`;
    const states = helperDeprecations(
      ["peers.get", "containers.get", "peers.gett"],
      new Map([[path, withImports]]),
    );
    expect(Object.fromEntries(states)).toEqual({
      "peers.get": "deprecated",
      "containers.get": "not deprecated",
      "peers.gett": "missing",
    });
  });
});

describe("the local Atlas's versions: derived from the fragment", () => {
  test("are the fragment's media type versions, and the client's default resolves to one", () => {
    expect(apiVersions).toEqual(fragmentApiVersions(fragment));
    expect(apiVersions).toEqual(["2023-01-01"]);
    expect(peersResourceVersion).toBe("2023-01-01");
    expect(resolveApiVersion(`application/vnd.atlas.${specFacts.defaultApiVersion}+json`, new Set())).toEqual(
      {
        ok: true,
        requested: specFacts.defaultApiVersion,
        resolved: "2023-01-01",
      },
    );
  });

  test("a version added upstream is minor, a version gone is major", () => {
    const added = JSON.parse(
      JSON.stringify(fragment).replace("vnd.atlas.2023-01-01+json", "vnd.atlas.2026-01-01+json"),
    ) as OpenApiDocument;
    const [change] = derivedFactChanges(fragment, added);
    expect(change).toMatchObject({ fact: "localAtlasVersions", added: ["2026-01-01"], removed: [] });
    expect(releaseFor([], [], [change!])).toBe("minor");
    const [gone] = derivedFactChanges(added, fragment);
    expect(gone).toMatchObject({ added: [], removed: ["2026-01-01"] });
    expect(releaseFor([], [], [gone!])).toBe("major");
  });
});
