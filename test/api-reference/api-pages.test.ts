// npm run docs checks typedoc's JSON output with apiPageProblems and overviewProblems
// (scripts/lib/api-pages.ts): here, that the checks pass on pages that list their fields, comments that
// show the kind table and an overview that names every entry point, and name what is missing when one
// does not.
import { describe, expect, test } from "vitest";
import { ReflectionKind, type JSONOutput } from "typedoc";
import {
  apiPageProblems,
  expectedFields,
  expectedUnions,
  kindTableHeader,
  overviewProblems,
} from "../../scripts/lib/api-pages.js";

/** What the check reads of a reflection in typedoc's JSON (ids and the rest left out). */
interface Child {
  name: string;
  kind: ReflectionKind;
  children?: Child[];
  type?: { type: string; types?: Array<{ type: string; name?: string }> };
  comment?: { summary: Array<{ kind: string; text: string }> };
}

/** A comment whose text holds the kind table, split in parts as typedoc splits text and code. */
const withTable = {
  summary: [{ kind: "text", text: `The first row that matches:\n\n${kindTableHeader}\n| --- |` }],
};

function property(name: string): Child {
  return { name, kind: ReflectionKind.Property };
}

/** A project shaped like typedoc's output: module `atlas-peering-client` with the pages, fields and unions expected. */
function project(change: (pages: Child[]) => void = () => {}): JSONOutput.ProjectReflection {
  const pages: Child[] = [
    ...Object.entries(expectedFields).map(([name, fields]) => ({
      name,
      kind: ReflectionKind.Interface,
      children: fields.map(property),
    })),
    ...Object.entries(expectedUnions).map(([name, members]) => ({
      name,
      kind: ReflectionKind.TypeAlias,
      type: { type: "union", types: members.map((member) => ({ type: "reference", name: member })) },
    })),
    { name: "AtlasApiErrorKind", kind: ReflectionKind.TypeAlias, comment: withTable },
    {
      name: "AtlasApiError",
      kind: ReflectionKind.Class,
      children: [{ name: "kind", kind: ReflectionKind.Property, comment: withTable }],
    },
  ];
  change(pages);
  const main: Child = { name: "atlas-peering-client", kind: ReflectionKind.Module, children: pages };
  return { name: "atlas-peering-client", children: [main] } as unknown as JSONOutput.ProjectReflection;
}

describe("the check of the type pages in typedoc's JSON", () => {
  test("passes when every page lists its fields and the unions name their members", () => {
    expect(apiPageProblems(project())).toEqual([]);
  });

  test("names the page that shows a bare type instead of its fields", () => {
    const problems = apiPageProblems(
      project((pages) => {
        const awsPeer = pages.find((page) => page.name === "AwsPeer")!;
        delete awsPeer.children;
        awsPeer.kind = ReflectionKind.TypeAlias;
        awsPeer.type = { type: "intersection", types: [] };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^AwsPeer: its page lists no id, providerName, containerId, statusName/),
    ]);
  });

  test("names a missing field, a missing page and a union that is no longer one of pages", () => {
    const problems = apiPageProblems(
      project((pages) => {
        const container = pages.find((page) => page.name === "AwsContainer")!;
        container.children = container.children!.filter((child) => child.name !== "atlasCidrBlock");
        pages.splice(
          pages.findIndex((page) => page.name === "GcpPeer"),
          1,
        );
        pages.find((page) => page.name === "Peer")!.type = { type: "intersection", types: [] };
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^GcpPeer: no page$/),
      expect.stringMatching(/^AwsContainer: its page lists no atlasCidrBlock /),
      "Peer: shown as intersection, not AwsPeer | AzurePeer | GcpPeer",
    ]);
  });

  test("names the comment that lost the kind table", () => {
    const problems = apiPageProblems(
      project((pages) => {
        pages.find((page) => page.name === "AtlasApiError")!.children![0]!.comment = {
          summary: [{ kind: "text", text: "What kind of failure this is." }],
        };
      }),
    );
    expect(problems).toEqual(["AtlasApiError.kind: its comment shows no kind table"]);
  });
});

describe("the check of the overview on the index page", () => {
  const exports = { ".": {}, "./testing": {}, "./token-store/file": {}, "./package.json": "./package.json" };
  const withOverview = (text: string) =>
    ({
      name: "atlas-peering-client",
      readme: [{ kind: "text", text }],
    }) as unknown as JSONOutput.ProjectReflection;

  test("passes when it names every entry point of package.json's exports", () => {
    const overview =
      "| `atlas-peering-client` | ... |\n| `atlas-peering-client/testing` |\n| `atlas-peering-client/token-store/file` |";
    expect(overviewProblems(withOverview(overview), "atlas-peering-client", exports)).toEqual([]);
  });

  test("names an entry point it leaves out, and a missing overview", () => {
    const overview = "| `atlas-peering-client` | ... |\n| `atlas-peering-client/testing` |";
    expect(overviewProblems(withOverview(overview), "atlas-peering-client", exports)).toEqual([
      "the overview does not name the entry point atlas-peering-client/token-store/file",
    ]);
    expect(overviewProblems(withOverview(""), "atlas-peering-client", exports)).toEqual([
      "the index page has no overview (typedoc.json's readme)",
    ]);
  });
});
