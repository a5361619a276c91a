// The table of which status (and errorCode) gives which AtlasApiError kind lives in the doc comments of
// AtlasApiErrorKind and AtlasApiError.kind (src/errors/atlas-api-error.ts), where typedoc renders it and
// editors show it. This test reads both tables from the source and holds them to the code that maps
// an answer to a kind, for every status from 100 to 599 and every code that matters: the table
// cannot drift from the mapping, nor the two tables from each other.
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { AtlasApiError, knownAtlasErrorCodes, type AtlasApiErrorKind } from "../../src/index.js";

const sourceFile = "src/errors/atlas-api-error.ts";
const header = ["status", "errorCode", "kind", "what it means"];

interface Row {
  /** The row as written, for messages. */
  text: string;
  status: (status: number) => boolean;
  errorCode: (errorCode: string) => boolean;
  kind: string;
}

const source = ts.createSourceFile(
  sourceFile,
  readFileSync(fromRoot(sourceFile), "utf8"),
  ts.ScriptTarget.Latest,
  true,
);

/** The text of a node's doc comment, without its `/**`, `*` and `*\/`. */
function docComment(node: ts.Node): string {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const doc = ranges
    .map((range) => source.text.slice(range.pos, range.end))
    .findLast((text) => text.startsWith("/**"));
  if (!doc) throw new Error(`no doc comment before ${node.getText().slice(0, 40)}`);
  return doc
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, ""))
    .join("\n");
}

const kindType = source.statements.find(
  (statement): statement is ts.TypeAliasDeclaration =>
    ts.isTypeAliasDeclaration(statement) && statement.name.text === "AtlasApiErrorKind",
)!;
const errorClass = source.statements.find(
  (statement): statement is ts.ClassDeclaration =>
    ts.isClassDeclaration(statement) && statement.name?.text === "AtlasApiError",
)!;
const kindMember = errorClass.members.find(
  (member) => ts.isPropertyDeclaration(member) && member.name.getText() === "kind",
)!;
/** The kinds the union declares. */
const declaredKinds = (kindType.type as ts.UnionTypeNode).types.map(
  (member) => ((member as ts.LiteralTypeNode).literal as ts.StringLiteral).text,
);

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((cell) => cell.trim());
}

function statusMatcher(cell: string): (status: number) => boolean {
  if (cell === "any" || cell === "any other") return () => true;
  const ranges = cell.split(",").map((part) => {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part.trim());
    if (!match) throw new Error(`unreadable status ${JSON.stringify(part)} in the kind table`);
    return [Number(match[1]), Number(match[2] ?? match[1])] as const;
  });
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

function codeMatcher(cell: string): (errorCode: string) => boolean {
  if (cell === "any") return () => true;
  const codes = cell.split(",").map((part) => {
    const match = /^`([A-Z0-9_]+)`$/.exec(part.trim());
    if (!match) throw new Error(`unreadable errorCode ${JSON.stringify(part)} in the kind table`);
    return match[1]!;
  });
  return (errorCode) => codes.includes(errorCode);
}

/** The table in a doc comment: its rows, in order (the first that matches gives the kind). */
function tableOf(comment: string): Row[] {
  const lines = comment.split("\n").filter((line) => line.trim().startsWith("|"));
  expect(lines.length, "a Markdown table in the doc comment").toBeGreaterThan(2);
  expect(cells(lines[0]!)).toEqual(header);
  expect(cells(lines[1]!).every((cell) => /^-+$/.test(cell))).toBe(true);
  return lines.slice(2).map((line) => {
    const [status, errorCode, kind] = cells(line);
    const kindName = /^`([a-z-]+)`$/.exec(kind ?? "")?.[1];
    if (!kindName) throw new Error(`unreadable kind in ${line}`);
    return {
      text: line.trim(),
      status: statusMatcher(status!),
      errorCode: codeMatcher(errorCode!),
      kind: kindName,
    };
  });
}

const typeTable = docComment(kindType);
const memberTable = docComment(kindMember);
const rows = tableOf(typeTable);

/** What the table says, with the row that says it. */
function fromTable(status: number, errorCode: string): Row | undefined {
  return rows.find((row) => row.status(status) && row.errorCode(errorCode));
}

/** What the code says: the kind of an AtlasApiError built from that answer. */
function fromCode(status: number, errorCode: string): AtlasApiErrorKind {
  return new AtlasApiError({
    status,
    errorCode,
    method: "GET",
    path: "/api/atlas/v2/groups",
    retryable: false,
  }).kind;
}

const statuses = Array.from({ length: 500 }, (_, index) => 100 + index);
const codesFor = (status: number) => [
  ...knownAtlasErrorCodes,
  "INVALID_RESPONSE",
  "INVALID_VERSION_DATE",
  "VERSION_GONE",
  `HTTP_${status}`,
  "A_CODE_ATLAS_ADDS_TOMORROW",
];

describe("the kind table in the doc comments", () => {
  test("AtlasApiError.kind shows the same table as AtlasApiErrorKind", () => {
    expect(tableOf(memberTable).map((row) => row.text)).toEqual(rows.map((row) => row.text));
  });

  test("names every kind of the union, and only those", () => {
    expect(new Set(rows.map((row) => row.kind))).toEqual(new Set(declaredKinds));
  });

  test("gives the kind the code gives, for every status from 100 to 599 and every code", () => {
    const differences: string[] = [];
    for (const status of statuses)
      for (const errorCode of codesFor(status)) {
        const row = fromTable(status, errorCode);
        const actual = fromCode(status, errorCode);
        if (row?.kind !== actual)
          differences.push(
            `${status} ${errorCode}: the code says ${actual}, the table ${row ? `says ${row.kind} (${row.text})` : "has no row"}`,
          );
      }
    expect(differences.slice(0, 20)).toEqual([]);
  });

  test("has no row that never decides", () => {
    const deciding = new Set<Row>();
    for (const status of statuses)
      for (const errorCode of codesFor(status)) deciding.add(fromTable(status, errorCode)!);
    expect(rows.filter((row) => !deciding.has(row)).map((row) => row.text)).toEqual([]);
  });
});
