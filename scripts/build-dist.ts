// Compiles dist/ with tsup (tsup.config.ts), then takes MongoDB's prose out of the declarations,
// and every doc comment out of the JavaScript (esbuild keeps them; editors read them from the
// declarations, where they stay): a fifth of the JavaScript, and the install within its 1 MB budget.
//
// generated/atlas-network-peering.ts carries the descriptions of MongoDB's OpenAPI document as
// doc comments; that document, and so its descriptions, are under CC BY-NC-SA 3.0 US. The
// published package is MIT: its declarations keep the API's shape (paths, fields, types, enums),
// which calling the API needs, and drop every doc comment copied from that file. The project's own
// doc comments stay. test/consumer/license.test.ts checks the tarball for any of MongoDB's
// descriptions.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { packageInputsHash, recordBuiltDist } from "./lib/package-inputs.js";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot } from "./spec/layout.js";

const generatedTypes = "generated/atlas-network-peering.ts";

/** A comment's words, so that the same text indented or wrapped differently compares equal. */
function normalized(comment: string): string {
  return comment
    .replace(/^\/\*\*|\*\/$/g, "")
    .replace(/^\s*\*/gm, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every `/** ... *\/` comment of a file, with its position. */
function docComments(text: string): Array<{ pos: number; end: number; text: string }> {
  const source = ts.createSourceFile("file.ts", text, ts.ScriptTarget.Latest, true);
  const found = new Map<number, { pos: number; end: number; text: string }>();
  const visit = (node: ts.Node) => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      const comment = text.slice(range.pos, range.end);
      if (comment.startsWith("/**")) found.set(range.pos, { pos: range.pos, end: range.end, text: comment });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/** The declaration file without the doc comments whose text is one of `upstream`'s. */
export function withoutUpstreamComments(text: string, upstream: ReadonlySet<string>): string {
  return withoutDocComments(text, (comment) => upstream.has(normalized(comment)));
}

/** The file without the doc comments `remove` picks (each with its line, when alone on it). */
function withoutDocComments(text: string, remove: (comment: string) => boolean): string {
  let result = "";
  let from = 0;
  for (const comment of docComments(text)) {
    if (!remove(comment.text)) continue;
    // The comment and the indentation before it, up to and including its line break.
    const lineStart = text.lastIndexOf("\n", comment.pos - 1) + 1;
    const onItsOwnLine = text.slice(lineStart, comment.pos).trim() === "";
    const start = onItsOwnLine ? lineStart : comment.pos;
    let end = comment.end;
    if (onItsOwnLine && text[end] === "\n") end += 1;
    result += text.slice(from, start);
    from = end;
  }
  return result + text.slice(from);
}

runScript("build", async () => {
  const inputs = packageInputsHash();
  const tsup = spawnSync(process.execPath, [fromRoot("node_modules/tsup/dist/cli-default.js"), "--silent"], {
    cwd: fromRoot("."),
    stdio: "inherit",
  });
  if (tsup.status !== 0) throw new ScriptError(`tsup failed (exit ${tsup.status ?? tsup.signal})`);

  const upstream = new Set(
    docComments(readFileSync(fromRoot(generatedTypes), "utf8")).map((comment) => normalized(comment.text)),
  );
  let removed = 0;
  const declarations = (readdirSync(fromRoot("dist"), { recursive: true }) as string[]).filter((name) =>
    /\.d\.c?ts$/.test(name),
  );
  for (const file of declarations) {
    const path = join(fromRoot("dist"), file);
    const before = readFileSync(path, "utf8");
    const after = withoutUpstreamComments(before, upstream);
    removed += before.length - after.length;
    writeFileSync(path, after);
  }
  if (removed === 0)
    throw new ScriptError(`no doc comment of ${generatedTypes} was found in dist/: has the build changed?`);
  // Only `/** */` comments go: bundlers' magic comments (`/* webpackIgnore: true */`) stay.
  for (const file of (readdirSync(fromRoot("dist"), { recursive: true }) as string[]).filter((name) =>
    /\.c?js$/.test(name),
  )) {
    const path = join(fromRoot("dist"), file);
    writeFileSync(
      path,
      withoutDocComments(readFileSync(path, "utf8"), () => true),
    );
  }
  // For the consumer tests, which pack dist/ as it is when it was built from the same inputs.
  recordBuiltDist(inputs);
});
