import { visibleText } from "./visible-text.js";

/**
 * Text as one TypeScript line comment, `// text`. TypeScript ends a line comment at a line feed,
 * a carriage return, U+2028 or U+2029; visibleText writes each of them (and every other invisible
 * character) as its code point, so the comment cannot end early and nothing after it becomes code.
 */
export function typeScriptLineComment(text: string): string {
  return `// ${visibleText(text)}`;
}
