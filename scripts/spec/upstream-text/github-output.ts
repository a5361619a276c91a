import { visibleText } from "./visible-text.js";

/**
 * One step output for GitHub Actions, as a line of the file GITHUB_OUTPUT names: `name=value`.
 * The value is made one visible line, so it cannot end early and add an output of its own (a
 * `changed=true` on the next line, say).
 */
export function githubOutputLine(name: string, value: string): string {
  return `${name}=${visibleText(value)}\n`;
}
