import fc from "fast-check";
import MarkdownIt from "markdown-it";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { describeFailure } from "../../scripts/lib/run-script.js";
import { ScriptError } from "../../scripts/lib/script-error.js";
import { typesHeader } from "../../scripts/spec/render-types.js";
import { fileNamePart } from "../../scripts/spec/upstream-text/file-name.js";
import { githubOutputLine } from "../../scripts/spec/upstream-text/github-output.js";
import { markdownCodeSpan, markdownText } from "../../scripts/spec/upstream-text/markdown.js";
import { phraseMarkdown, phraseText, say, valueList } from "../../scripts/spec/upstream-text/phrase.js";
import { typeScriptLineComment } from "../../scripts/spec/upstream-text/typescript-comment.js";
import { isVisibleText, visibleText } from "../../scripts/spec/upstream-text/visible-text.js";
import { propertyRuns } from "../helpers/property-runs.js";

/**
 * The encoders of upstream text, fed arbitrary strings: what they write parses as what it should
 * be, and nothing in it is executable or markup. Markdown is parsed with markdown-it (CommonMark,
 * with GFM's bare-URL links on, as GitHub renders pull requests); TypeScript with the compiler.
 */

/** Strings made to hurt: markup, line breaks of every kind, bidirectional overrides, lone surrogates, URLs. */
const hostilePieces = [
  "`",
  "``",
  "```",
  "\n",
  "\r\n",
  "\r",
  "\u2028",
  "\u2029",
  "\u0085",
  "\t",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\ud800",
  " ",
  "  ",
  "\\",
  "[Approve this update](https://evil.example/approve)",
  "![x](https://evil.example/x.png)",
  '<img src="https://evil.example/x.png">',
  "<script>alert(1)</script>",
  "</script>",
  "*/",
  "/*",
  "//",
  "export const injected: number = 1;",
  "https://evil.example/",
  "www.evil.example",
  "a@evil.example",
  "&amp;",
  "&#96;",
  "# heading",
  "- item",
  "1. item",
  "> quote",
  "| a | b |",
  "~~x~~",
  "*x*",
  "_x_",
  "{",
  "}",
  "$",
  "%",
];
const upstreamText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...hostilePieces), fc.string({ maxLength: 4 })), { maxLength: 8 })
    .map((pieces) => pieces.join("")),
);

const markdown = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof markdown.parse>[number];

/** Every token of a parse, inline children included. */
function allTokens(source: string): Token[] {
  return markdown.parse(source, {}).flatMap((token) => [token, ...(token.children ?? [])]);
}
const markupTypes =
  /^(link_open|image|html_inline|html_block|em_open|strong_open|s_open|heading_open|blockquote_open|fence|code_block|table_open|hr)$/;

describe("visibleText", () => {
  test("leaves nothing that breaks or hides a line, and keeps visible text as it is", () => {
    fc.assert(
      fc.property(upstreamText, (text) => {
        const shown = visibleText(text);
        expect(isVisibleText(shown)).toBe(true);
        expect(shown).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        if (isVisibleText(text)) expect(shown).toBe(text);
      }),
      propertyRuns(3000),
    );
  });
});

describe("markdownCodeSpan", () => {
  test("is one code span holding the text, visible; no link, image, HTML or other markup", () => {
    fc.assert(
      fc.property(upstreamText, (text) => {
        fc.pre(!/^ *$/.test(text));
        const tokens = allTokens(`- ${markdownCodeSpan(text)}`);
        expect(tokens.filter((token) => markupTypes.test(token.type))).toEqual([]);
        const code = tokens.filter((token) => token.type === "code_inline");
        expect(code).toHaveLength(1);
        expect(code[0]!.content).toBe(visibleText(text));
        expect(tokens.filter((token) => token.type === "list_item_open")).toHaveLength(1);
      }),
      propertyRuns(3000),
    );
  });

  test("the empty string and spaces only are said in words", () => {
    expect(markdownCodeSpan("")).toBe("(empty)");
    expect(markdownCodeSpan(" ")).toBe("(1 space)");
    expect(markdownCodeSpan("   ")).toBe("(3 spaces)");
  });
});

describe("markdownText", () => {
  test("reads back as the text, visible, with no markup and no link (GitHub's bare URLs included)", () => {
    fc.assert(
      fc.property(upstreamText, (text) => {
        const tokens = allTokens(`Value: ${markdownText(text)}`);
        expect(tokens.filter((token) => markupTypes.test(token.type))).toEqual([]);
        const inline = tokens.find((token) => token.type === "inline")!;
        const read = inline
          .children!.filter((token) => token.type === "text" || token.type === "softbreak")
          .map((token) => token.content)
          .join("");
        expect(read.trimEnd()).toBe(`Value: ${visibleText(text)}`.trimEnd());
      }),
      propertyRuns(3000),
    );
  });
});

describe("a report line in Markdown (phrases)", () => {
  test("one list item; every upstream value a code span; the report's words unchanged", () => {
    fc.assert(
      fc.property(
        upstreamText,
        upstreamText,
        fc.array(upstreamText, { maxLength: 3 }),
        (where, value, values) => {
          const spanned = (item: string) => !/^ *$/.test(item);
          fc.pre(spanned(where) && spanned(value) && values.every(spanned));
          const phrase = say`enum values added: ${valueList(values)}; type ${value} -> integer`;
          const tokens = allTokens(`- ${markdownCodeSpan(where)}: ${phraseMarkdown(phrase)}`);
          expect(tokens.filter((token) => markupTypes.test(token.type))).toEqual([]);
          expect(tokens.filter((token) => token.type === "list_item_open")).toHaveLength(1);
          expect(
            tokens.filter((token) => token.type === "code_inline").map((token) => token.content),
          ).toEqual([where, ...values, value].map(visibleText));
          expect(phraseText(phrase)).toBe(
            `enum values added: ${values.map(visibleText).join(", ")}; type ${visibleText(value)} -> integer`,
          );
        },
      ),
      propertyRuns(1000),
    );
  });
});

/** What the TypeScript compiler makes of a source: its statements, and every comment range on its lines. */
function parseTypeScript(source: string): ts.SourceFile {
  return ts.createSourceFile("header.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

describe("typeScriptLineComment", () => {
  test("is one comment line: no statement appears, whatever the text", () => {
    fc.assert(
      fc.property(upstreamText, (text) => {
        const comment = typeScriptLineComment(text);
        const file = parseTypeScript(`${comment}\n`);
        expect(file.statements).toHaveLength(0);
        expect((file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
        const ranges = ts.getLeadingCommentRanges(file.text, 0) ?? [];
        expect(ranges).toHaveLength(1);
        expect(file.text.slice(ranges[0]!.pos, ranges[0]!.end)).toBe(comment);
      }),
      propertyRuns(3000),
    );
  });

  test("the generated types' header, whatever x-xgen-sha holds, is comments only", () => {
    fc.assert(
      fc.property(upstreamText, (sha) => {
        const file = parseTypeScript(typesHeader(sha, "0".repeat(64)));
        expect(file.statements).toHaveLength(0);
        expect(file.text.split("\n").filter(Boolean)).toHaveLength(5);
      }),
      propertyRuns(1000),
    );
  });
});

describe("fileNamePart and githubOutputLine", () => {
  test("a file name part is lower-case letters, digits and inner dashes, never empty, never longer than asked", () => {
    fc.assert(
      fc.property(upstreamText, fc.integer({ min: 1, max: 40 }), (text, maxLength) => {
        const part = fileNamePart(text, maxLength);
        expect(part).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(part.length).toBeLessThanOrEqual(maxLength);
      }),
      propertyRuns(3000),
    );
  });

  test("a step output is exactly one line: a value cannot add an output of its own", () => {
    fc.assert(
      fc.property(upstreamText, (value) => {
        const line = githubOutputLine("title", value);
        expect(line.endsWith("\n")).toBe(true);
        expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
        expect(line.startsWith("title=")).toBe(true);
      }),
      propertyRuns(3000),
    );
  });
});

describe("a script's one-line error", () => {
  test("stays one line whatever the message quotes", () => {
    fc.assert(
      fc.property(upstreamText, (quoted) => {
        const { stderr, exitCode } = describeFailure("spec:vendor", new ScriptError(`bad value ${quoted}`));
        expect(exitCode).toBe(1);
        expect(stderr).toBe(`spec:vendor: error: bad value ${visibleText(quoted)}\n`);
      }),
      propertyRuns(1000),
    );
  });

  test("a list of problems written as several lines on purpose keeps them", () => {
    const { stderr } = describeFailure("docs", new ScriptError("incomplete:\n  a\n  b", 1, true));
    expect(stderr).toBe("docs: error: incomplete:\n  a\n  b\n");
  });
});
