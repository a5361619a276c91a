import { markdownCodeSpan } from "./markdown.js";
import { visibleText } from "./visible-text.js";

/** A piece of a sentence the pipeline writes: its own words, or a value taken from upstream. */
type Part = { kind: "words" | "value"; text: string };

/**
 * A sentence of a report (`enum values added: EXPIRED, PENDING`), kept as the pipeline's own words
 * and upstream's values, so that each place it lands can encode the values for itself: the console
 * shows them as visible text, Markdown as code spans. Upstream text is data: it never reaches a
 * report as words.
 */
export interface Phrase {
  readonly parts: readonly Part[];
}

function isPhrase(value: unknown): value is Phrase {
  return typeof value === "object" && value !== null && Array.isArray((value as Phrase).parts);
}

/**
 * A phrase from a template literal: the literal text is the pipeline's words (it is in this
 * repository's source), each `${...}` is a value from upstream, or a phrase whose parts are kept.
 */
export function say(strings: TemplateStringsArray, ...values: unknown[]): Phrase {
  const parts: Part[] = [];
  strings.forEach((text, index) => {
    if (text !== "") parts.push({ kind: "words", text });
    if (index >= values.length) return;
    const value = values[index];
    if (isPhrase(value)) parts.push(...value.parts);
    else parts.push({ kind: "value", text: String(value) });
  });
  return { parts };
}

/** Words of the pipeline chosen at run time (a keyword from its own list, such as `nullable`). */
export function words(text: string): Phrase {
  return { parts: [{ kind: "words", text }] };
}

/** Upstream values, each shown as a value, joined by the pipeline's `, `. */
export function valueList(values: readonly unknown[]): Phrase {
  return {
    parts: values.flatMap((value, index) => [
      ...(index > 0 ? [{ kind: "words", text: ", " } as const] : []),
      ...(isPhrase(value) ? value.parts : [{ kind: "value", text: String(value) } as const]),
    ]),
  };
}

/** The phrase on one console line: values as visible text. */
export function phraseText(phrase: Phrase): string {
  return phrase.parts.map((part) => (part.kind === "words" ? part.text : visibleText(part.text))).join("");
}

/** The phrase in Markdown: values as code spans. */
export function phraseMarkdown(phrase: Phrase): string {
  return phrase.parts
    .map((part) => (part.kind === "words" ? part.text : markdownCodeSpan(part.text)))
    .join("");
}
