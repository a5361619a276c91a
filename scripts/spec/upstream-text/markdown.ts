import { visibleText } from "./visible-text.js";

/**
 * Upstream text shown as code in Markdown (a pull request's body, a changeset, CHANGELOG.md): one
 * code span, whatever the text holds. Written by hand because no installed library encodes a code
 * span (markdown-it and marked parse Markdown, they do not write it); the rules are CommonMark's
 * (https://spec.commonmark.org/0.31.2/#code-spans), and the property tests parse what this writes
 * with markdown-it:
 * - the text is made one visible line first (visibleText): a line break would let the next line
 *   start a heading, a list or an HTML block, since block structure is parsed before code spans;
 * - the fence is one backtick longer than the longest run of backticks in the text, so no run
 *   inside can close it;
 * - a text that starts or ends with a backtick or a space gets one space inside each fence, which
 *   the parser strips again;
 * - the empty text and a text of spaces only are said in words: `(empty)`, `(3 spaces)`.
 * Nothing inside a code span is Markdown: no link, image, HTML or emphasis can start there.
 */
export function markdownCodeSpan(text: string): string {
  const content = visibleText(text);
  if (content === "") return "(empty)";
  // A span of spaces only is kept as it is by CommonMark but stripped by some renderers
  // (markdown-it): said in words instead, so that no reader sees a different value.
  if (/^ +$/.test(content)) return `(${content.length} space${content.length === 1 ? "" : "s"})`;
  const longestRun = Math.max(0, ...[...content.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longestRun + 1);
  const padded = /^[ `]|[ `]$/.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/**
 * Upstream text shown as prose in Markdown: made one visible line, then every ASCII punctuation
 * character is backslash-escaped, which CommonMark allows for all of them
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes) and which leaves none able to start
 * markup: no emphasis, link, image, autolink, HTML, entity, heading or list marker, and no bare
 * URL that GitHub would turn into a link (`https\://`, `www\.`). Hand-written for the reason
 * markdownCodeSpan is.
 */
export function markdownText(text: string): string {
  return visibleText(text).replace(/[!-/:-@[-`{-~]/g, (character) => `\\${character}`);
}
