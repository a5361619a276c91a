import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { parse as parseYaml } from "yaml";
import { describe, expect, test } from "vitest";
import { cutFragment } from "../../scripts/spec/cut-fragment.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../../scripts/spec/layout.js";
import type { OpenApiDocument } from "../../scripts/spec/openapi-document.js";
import { readUpstream } from "../../scripts/spec/read-upstream.js";
import { httpMethods, operationLabel } from "../../scripts/spec/selection.js";
import { toYaml } from "../../scripts/spec/to-yaml.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

const readDocument = (path: string) => parseYaml(readFileSync(fromRoot(path), "utf8")) as OpenApiDocument;
const cut = readDocument(pipelineFiles.upstreamCut);
const fragment = readDocument(pipelineFiles.fragment);
const selection = pipelineSelection();

/** Every operation of a document, as `METHOD /path`. */
function operationsOf(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => httpMethods.has(method))
      .map((method) => operationLabel({ method, path })),
  );
}

/**
 * What spec/selection.yaml takes from a document, computed here from the selection file's own
 * words, independently of the vendor step: operations with an included tag, operationId or
 * method and path, minus the excluded ones.
 */
function selectedIn(document: OpenApiDocument): string[] {
  const named = (matcher: Record<string, string>, label: string, operation: Record<string, unknown>) =>
    (matcher.tag !== undefined && Array.isArray(operation.tags) && operation.tags.includes(matcher.tag)) ||
    (matcher.operationId !== undefined && operation.operationId === matcher.operationId) ||
    matcher.operation === label;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => httpMethods.has(method))
      .map(([method, operation]) => ({
        label: operationLabel({ method, path }),
        operation: operation as Record<string, unknown>,
      }))
      .filter(
        ({ label, operation }) =>
          selection.include.some((matcher) => named(matcher as Record<string, string>, label, operation)) &&
          !selection.exclude.some((matcher) => named(matcher as Record<string, string>, label, operation)),
      )
      .map(({ label }) => label),
  );
}

/**
 * The reachable components, computed independently of the vendor step (which uses openapi-format):
 * from the document's operations and its security requirements, follow every `$ref` and every
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
  for (const item of Object.values(document.paths))
    for (const [method, operation] of Object.entries(item)) if (httpMethods.has(method)) visit(operation);
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

describe("the vendored network peering fragment", () => {
  test.each([
    ["cut", cut],
    ["fixed-up fragment", fragment],
  ])(
    "the %s is exactly the closure of the selected operations: every component reachable, none unreachable",
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
        schemas: 15,
        securitySchemes: 2,
      });
    },
  );

  test("holds the containers and peers operations spec/selection.yaml names, and only the listed top-level keys", () => {
    expect(Object.keys(cut)).toEqual(["openapi", "info", "servers", "security", "paths", "components"]);
    expect(operationsOf(cut)).toEqual([
      "GET /api/atlas/v2/groups/{groupId}/containers",
      "POST /api/atlas/v2/groups/{groupId}/containers",
      "DELETE /api/atlas/v2/groups/{groupId}/containers/{containerId}",
      "GET /api/atlas/v2/groups/{groupId}/containers/{containerId}",
      "PATCH /api/atlas/v2/groups/{groupId}/containers/{containerId}",
      "GET /api/atlas/v2/groups/{groupId}/containers/all",
      "GET /api/atlas/v2/groups/{groupId}/peers",
      "POST /api/atlas/v2/groups/{groupId}/peers",
      "DELETE /api/atlas/v2/groups/{groupId}/peers/{peerId}",
      "GET /api/atlas/v2/groups/{groupId}/peers/{peerId}",
      "PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}",
    ]);
    const source = JSON.parse(readFileSync(fromRoot(pipelineFiles.source), "utf8")) as {
      operations: Record<string, string>;
    };
    expect(Object.keys(source.operations)).toEqual(operationsOf(cut));
  });

  test("every exclusion in the selection says why", () => {
    expect(selection.exclude.length).toBeGreaterThan(0);
    for (const exclusion of selection.exclude) expect(exclusion.reason.length).toBeGreaterThan(40);
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
      expect(versions.length).toBeGreaterThanOrEqual(11);
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
      "AWSCloudProviderContainer",
      "AzureCloudProviderContainer",
      "GCPCloudProviderContainer",
    ]) {
      expect(schemas[member]!.required).toContain("providerName");
    }
  });

  test("the container fix-ups lose nothing: each member holds its own and the base's properties as upstream declares them, and no loop", () => {
    type Schema = { properties?: Record<string, Record<string, unknown>>; allOf?: Schema[]; $ref?: string };
    const upstreamSchemas = cut.components!.schemas as Record<string, Schema>;
    const fixedSchemas = fragment.components!.schemas as Record<string, Schema & { oneOf?: Schema[] }>;
    const base = upstreamSchemas.CloudProviderContainer!.properties!;
    const members = {
      AWSCloudProviderContainer: "AWS",
      AzureCloudProviderContainer: "AZURE",
      GCPCloudProviderContainer: "GCP",
    };
    for (const [member, provider] of Object.entries(members)) {
      const upstreamMember = upstreamSchemas[member]!;
      expect(upstreamMember.allOf!.map((entry) => entry.$ref).filter(Boolean)).toEqual([
        "#/components/schemas/CloudProviderContainer",
      ]);
      const own = upstreamMember.allOf!.find((entry) => entry.properties)!.properties!;
      const fixed = fixedSchemas[member]!;
      expect(fixed.allOf, `${member} keeps no allOf, so no loop`).toBeUndefined();
      const properties = fixed.properties!;
      expect(Object.keys(properties).sort()).toEqual([...Object.keys(own), ...Object.keys(base)].sort());
      for (const [name, declaration] of Object.entries(own))
        expect(properties[name], `${member}.${name}`).toEqual({
          ...declaration,
          ...pickNullable(properties[name]),
        });
      for (const [name, declaration] of Object.entries(base)) {
        const expected = name === "providerName" ? { ...declaration, enum: [provider] } : declaration;
        expect(properties[name], `${member}.${name}`).toEqual(expected);
      }
    }
    expect(fixedSchemas.CloudProviderContainer!.properties).toBeUndefined();
    expect(fixedSchemas.CloudProviderContainer!.oneOf).toHaveLength(3);
  });
});

describe.runIf(sharedUpstreamAvailable())("cut from ../shared/atlas-openapi/v2.yaml", async () => {
  const upstream = await readUpstream(sharedUpstream.newest);

  test("the cut holds exactly what the selection file takes from upstream", () => {
    expect(operationsOf(cut)).toEqual(selectedIn(upstream.document));
  });

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
    const first = toYaml((await cutFragment(upstream.document, upstream.location, selection)).fragment);
    const second = toYaml(
      (await cutFragment(structuredClone(upstream.document), upstream.location, selection)).fragment,
    );
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

/** The fix-ups may add `nullable: true` to a member's own property; everything else stays upstream's. */
function pickNullable(declaration: Record<string, unknown> | undefined): Record<string, unknown> {
  return declaration?.nullable === true ? { nullable: true } : {};
}
