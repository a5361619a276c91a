// What npm run docs checks in typedoc's JSON output (docs/api.json), beyond typedoc's own validation:
// that the pages of the resource and request body types list their fields. Those types are derived
// from the generated schemas (`Readable<...> & Identified`, `Writable<...>`), which typedoc would
// show as a bare type expression; `@interface` in src/types.ts has it list the fields instead, and
// this check fails when a page loses them (a tag dropped, a type typedoc cannot expand). It also
// checks that the table of AtlasApiError kinds reaches the reference, on the kind type and on the
// `kind` member (test/api-reference/kind-table.test.ts holds the table to the code), and that the
// overview on the index page (reference/overview.md) names every entry point package.json exports.
import { readFileSync } from "node:fs";
import { ReflectionKind, type JSONOutput } from "typedoc";
import { ScriptError } from "./script-error.js";

/** Pages of the main entry point and fields each must list (a few each, not the schema's whole list). */
export const expectedFields: Readonly<Record<string, readonly string[]>> = {
  AwsPeer: ["id", "providerName", "containerId", "statusName", "vpcId", "awsAccountId", "connectionId"],
  AzurePeer: ["id", "providerName", "containerId", "status", "vnetName", "azureSubscriptionId"],
  GcpPeer: ["id", "providerName", "containerId", "status", "networkName", "gcpProjectId"],
  AwsPeerRequest: ["providerName", "containerId", "vpcId", "awsAccountId", "routeTableCidrBlock"],
  AzurePeerRequest: ["providerName", "containerId", "vnetName", "azureDirectoryId", "resourceGroupName"],
  GcpPeerRequest: ["providerName", "containerId", "networkName", "gcpProjectId"],
  AwsContainer: ["id", "providerName", "atlasCidrBlock", "regionName", "vpcId", "provisioned"],
  AzureContainer: ["id", "providerName", "atlasCidrBlock", "region", "vnetName", "provisioned"],
  GcpContainer: ["id", "providerName", "atlasCidrBlock", "regions", "networkName", "provisioned"],
  AwsContainerRequest: ["providerName", "atlasCidrBlock", "regionName"],
  AzureContainerRequest: ["providerName", "atlasCidrBlock", "region"],
  GcpContainerRequest: ["providerName", "atlasCidrBlock", "regions"],
  PeerPage: ["results", "totalCount", "links"],
  ContainerPage: ["results", "totalCount", "links"],
};

/** The unions, each a union of pages above (so that every member's fields are one click away). */
export const expectedUnions: Readonly<Record<string, readonly string[]>> = {
  Peer: ["AwsPeer", "AzurePeer", "GcpPeer"],
  PeerRequest: ["AwsPeerRequest", "AzurePeerRequest", "GcpPeerRequest"],
  Container: ["AwsContainer", "AzureContainer", "GcpContainer"],
  ContainerRequest: ["AwsContainerRequest", "AzureContainerRequest", "GcpContainerRequest"],
};

/** The header row of the kind table, as typedoc keeps it in a comment's text. */
export const kindTableHeader = "| status | errorCode | kind | what it means |";

function commentText(reflection: JSONOutput.DeclarationReflection | undefined): string {
  return (reflection?.comment?.summary ?? []).map((part) => part.text).join("");
}

/** Every problem with the pages in typedoc's JSON output; empty when they are as expected. */
export function apiPageProblems(project: JSONOutput.ProjectReflection): string[] {
  const main = project.children?.find((child) => child.name === "atlas-peering-client");
  if (!main) return ["no module `atlas-peering-client` (src/index.ts, its @module tag) in typedoc's output"];
  const page = (name: string) => main.children?.find((child) => child.name === name);
  const problems: string[] = [];
  for (const [name, fields] of Object.entries(expectedFields)) {
    const reflection = page(name);
    if (!reflection) {
      problems.push(`${name}: no page`);
      continue;
    }
    const listed = new Set(
      (reflection.children ?? [])
        .filter((child) => child.kind === ReflectionKind.Property)
        .map((child) => child.name),
    );
    const missing = fields.filter((field) => !listed.has(field));
    if (missing.length > 0)
      problems.push(
        `${name}: its page lists no ${missing.join(", ")} (fields listed: ${[...listed].join(", ") || "none"})`,
      );
  }
  for (const [name, members] of Object.entries(expectedUnions)) {
    const type = page(name)?.type;
    const shown =
      type?.type === "union"
        ? type.types.map((member) => (member.type === "reference" ? member.name : `(${member.type})`))
        : [];
    if (shown.join(" | ") !== members.join(" | "))
      problems.push(
        `${name}: shown as ${shown.join(" | ") || type?.type || "nothing"}, not ${members.join(" | ")}`,
      );
  }
  const errorClass = page("AtlasApiError");
  const tables = {
    AtlasApiErrorKind: page("AtlasApiErrorKind"),
    "AtlasApiError.kind": errorClass?.children?.find((child) => child.name === "kind"),
  };
  for (const [name, reflection] of Object.entries(tables))
    if (!commentText(reflection).includes(kindTableHeader))
      problems.push(`${name}: its comment shows no kind table`);
  return problems;
}

/**
 * Every entry point of `packageExports` (package.json's `exports`) that the overview on the index
 * page does not name, as `` `atlas-peering-client/testing` `` (code, in the entry point table).
 */
export function overviewProblems(
  project: JSONOutput.ProjectReflection,
  packageName: string,
  packageExports: Record<string, unknown>,
): string[] {
  const overview = (project.readme ?? []).map((part) => part.text).join("");
  if (overview.trim() === "") return ["the index page has no overview (typedoc.json's readme)"];
  return Object.keys(packageExports)
    .filter((subpath) => !subpath.endsWith(".json"))
    .map((subpath) => (subpath === "." ? packageName : `${packageName}/${subpath.replace(/^\.\//, "")}`))
    .filter((entry) => !overview.includes(`\`${entry}\``))
    .map((entry) => `the overview does not name the entry point ${entry}`);
}

/** Reads typedoc's JSON output and fails with every problem `apiPageProblems` and `overviewProblems` find. */
export function checkApiPages(jsonFile: string, packageJsonFile: string): void {
  const project = JSON.parse(readFileSync(jsonFile, "utf8")) as JSONOutput.ProjectReflection;
  const manifest = JSON.parse(readFileSync(packageJsonFile, "utf8")) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const problems = [
    ...apiPageProblems(project),
    ...overviewProblems(project, manifest.name, manifest.exports),
  ];
  if (problems.length > 0)
    throw new ScriptError(
      `the API reference's type pages are incomplete:\n  ${problems.join("\n  ")}`,
      1,
      true,
    );
}
