/**
 * Characters that change how text around them reads rather than showing themselves: control
 * characters (line feed, carriage return, tab, escape...), format characters (bidirectional
 * overrides, zero-width spaces, byte order marks), the line and paragraph separators U+2028 and
 * U+2029, and lone surrogates. In a console line, a TypeScript comment or a Markdown code span,
 * each of them can end the line, start a new one, or hide text.
 */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Upstream text as one visible line: every character of the class above becomes its code point,
 * written `\u{2028}`, and the rest is kept as it is. What comes out has no line break, so it stays
 * on the line it is put on (a console report line, a `//` comment, a Markdown list item), and
 * nothing in it is hidden from the person reading it. The base of the other encoders here.
 */
export function visibleText(text: string): string {
  return text.replace(invisible, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`);
}

/** Whether a text is shown as it is by visibleText (no character had to be written as its code point). */
export function isVisibleText(text: string): boolean {
  return !new RegExp(invisible.source, "u").test(text);
}
