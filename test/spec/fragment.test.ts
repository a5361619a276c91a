import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { describe, expect, test } from "vitest";
import { cutPeersFragment } from "../../scripts/spec/cut-peers-fragment.js";
import { fromRoot, peersOperations, pipelineFiles } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { readUpstream } from "../../scripts/spec/read-upstream.js";
import { toYaml } from "../../scripts/spec/to-yaml.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

const readDocument = (path: string) => parseYaml(readFileSync(fromRoot(path), "utf8")) as OpenApiDocument;
const cut = readDocument(pipelineFiles.upstreamCut);
const fragment = readDocument(pipelineFiles.fragment);

/**
 * The reachable components, computed independently of the vendor step (which uses openapi-format):
 * from the five operations and the document's security requirements, follow every `$ref` and every
 * discriminator `mapping` value.
 */
function reachableComponents(document: OpenApiDocument): Set<string> {
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const targets: string[] = [];
    if (typeof record.$ref === "string") targets.push(record.$ref);
    const discriminator = record.discriminator as { mapping?: Record<string, string> } | undefined;
    if (discriminator?.mapping) targets.push(...Object.values(discriminator.mapping));
    for (const target of targets) {
      const [, kind, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(target) ?? [];
      if (!kind || !name || reached.has(`${kind}/${name}`)) continue;
      reached.add(`${kind}/${name}`);
      visit(document.components?.[kind]?.[name]);
    }
    for (const [key, value] of Object.entries(record)) if (key !== "discriminator") visit(value);
  };
  for (const { path, method } of peersOperations) visit(document.paths[path]?.[method]);
  const requirements = [...(document.security ?? [])];
  for (const requirement of requirements)
    for (const name of Object.keys(requirement)) reached.add(`securitySchemes/${name}`);
  return reached;
}

function presentComponents(document: OpenApiDocument): Set<string> {
  return new Set(
    Object.entries(document.components ?? {}).flatMap(([kind, entries]) =>
      Object.keys(entries).map((name) => `${kind}/${name}`),
    ),
  );
}

function countByKind(names: Set<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name.split("/")[0]!] = (counts[name.split("/")[0]!] ?? 0) + 1;
  return counts;
}

describe("the vendored peers fragment", () => {
  test.each([
    ["cut", cut],
    ["fixed-up fragment", fragment],
  ])(
    "the %s is exactly the closure of the five operations: every component reachable, none unreachable",
    (_name, document) => {
      const present = presentComponents(document);
      const reachable = reachableComponents(document);
      expect(
        [...present].filter((name) => !reachable.has(name)),
        "present but unreachable",
      ).toEqual([]);
      expect(
        [...reachable].filter((name) => !present.has(name)),
        "reachable but missing",
      ).toEqual([]);
      expect(countByKind(present)).toEqual({
        headers: 3,
        parameters: 6,
        responses: 7,
        schemas: 10,
        securitySchemes: 2,
      });
    },
  );

  test("holds the two peers paths with all five operations and only the listed top-level keys", () => {
    expect(Object.keys(cut)).toEqual(["openapi", "info", "servers", "security", "paths", "components"]);
    expect(Object.keys(cut.paths)).toEqual([
      "/api/atlas/v2/groups/{groupId}/peers",
      "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
    ]);
    expect(
      peersOperations.map(
        ({ path, method }) => (cut.paths[path]?.[method] as { operationId: string }).operationId,
      ),
    ).toEqual(["listGroupPeers", "createGroupPeer", "getGroupPeer", "updateGroupPeer", "deleteGroupPeer"]);
  });

  test("keeps the upstream license and attribution", () => {
    expect(fragment.info.license).toEqual({
      name: "CC BY-NC-SA 3.0 US",
      url: "https://creativecommons.org/licenses/by-nc-sa/3.0/us/",
    });
    expect(fragment.info.termsOfService).toBe(
      "https://www.mongodb.com/mongodb-management-service-terms-and-conditions",
    );
  });

  test("dates stay strings, even for a YAML 1.1 reader", () => {
    for (const file of [pipelineFiles.upstreamCut, pipelineFiles.fragment]) {
      const text = readFileSync(fromRoot(file), "utf8");
      const asYaml11 = parseYaml(text, { version: "1.1" }) as OpenApiDocument;
      const versions = JSON.stringify(asYaml11).match(/"x-xgen-version":"[^"]*"/g) ?? [];
      expect(versions.length).toBeGreaterThanOrEqual(5);
      expect(new Set(versions)).toEqual(new Set(['"x-xgen-version":"2023-01-01"']));
      expect(text).not.toMatch(/x-xgen-version: 2023/);
    }
  });

  test("the fix-up that removes the base schema's properties loses nothing: every member declares them identically", () => {
    const schemas = cut.components!.schemas as Record<
      string,
      { properties: Record<string, unknown>; required: string[] }
    >;
    const base = schemas.BaseNetworkPeeringConnectionSettings!;
    for (const member of [
      "AwsNetworkPeeringConnectionSettings",
      "AzureNetworkPeeringConnectionSettings",
      "GCPNetworkPeeringConnectionSettings",
    ]) {
      for (const [name, declaration] of Object.entries(base.properties)) {
        expect(schemas[member]!.properties[name], `${member}.${name}`).toEqual(declaration);
      }
      for (const name of base.required) expect(schemas[member]!.required).toContain(name);
    }
  });

  test("the fixed-up members require providerName, the discriminator", () => {
    const schemas = fragment.components!.schemas as Record<string, { required: string[] }>;
    for (const member of [
      "AwsNetworkPeeringConnectionSettings",
      "AzureNetworkPeeringConnectionSettings",
      "GCPNetworkPeeringConnectionSettings",
    ]) {
      expect(schemas[member]!.required).toContain("providerName");
    }
  });
});

describe.runIf(sharedUpstreamAvailable())("cut from ../shared/atlas-openapi/v2.yaml", async () => {
  const upstream = await readUpstream(sharedUpstream.newest);

  test("objects are copied unchanged from upstream", () => {
    for (const key of ["openapi", "info", "servers", "security"])
      expect(cut[key]).toEqual(upstream.document[key]);
    for (const [path, item] of Object.entries(cut.paths))
      expect(isDeepStrictEqual(item, upstream.document.paths[path]), path).toBe(true);
    for (const [kind, entries] of Object.entries(cut.components ?? {})) {
      for (const [name, value] of Object.entries(entries)) {
        expect(
          isDeepStrictEqual(value, upstream.document.components?.[kind]?.[name]),
          `${kind}.${name}`,
        ).toBe(true);
      }
    }
  });

  test("cutting is deterministic and matches the committed cut byte for byte", async () => {
    const first = toYaml(await cutPeersFragment(upstream.document, upstream.location));
    const second = toYaml(await cutPeersFragment(structuredClone(upstream.document), upstream.location));
    expect(second).toBe(first);
    expect(first).toBe(readFileSync(fromRoot(pipelineFiles.upstreamCut), "utf8"));
  });

  test("SOURCE.json records the upstream's identity", () => {
    const source = JSON.parse(readFileSync(fromRoot(pipelineFiles.source), "utf8"));
    expect(source.upstream).toMatchObject({
      location: "../shared/atlas-openapi/v2.yaml",
      sha256: upstream.sha256,
      "x-xgen-sha": "f84b8e4346991132f70f5610809ad1b6af020975",
    });
    expect(upstream.sha256).toBe("0fd914afb4a3e1ede2d0f48822fe30d7f1ba2c287625382dfb98bbe2606119f9");
  });
});
