import { ScriptError } from "../../lib/script-error.js";
import { own } from "../openapi-document.js";
import { visibleText } from "./visible-text.js";

/** A git commit id: what `info.x-xgen-sha` is in every MongoDB document (40 lower-case hexadecimal digits). */
const commitId = /^[0-9a-f]{40}$/;

/**
 * Refuses, in one line, an upstream whose `info.x-xgen-sha` is not a commit id. The value lands in
 * the generated types' header, package.json, SOURCE.json, the changeset's file name, the pull
 * request's title and the workflow's step outputs: text with a line break there became code in
 * generated/ (`export const injected = 1;` after it type-checked) or crashed the formatter. A value
 * with a shape is checked against it; every place it lands also encodes it (upstream-text/).
 */
export function checkXgenSha(info: unknown, location: string): void {
  const sha = own(info, "x-xgen-sha");
  if (typeof sha === "string" && commitId.test(sha)) return;
  const shown =
    sha === undefined
      ? "it has none"
      : `not ${visibleText(JSON.stringify(typeof sha === "string" ? sha.slice(0, 60) : sha) ?? String(sha))}`;
  throw new ScriptError(
    `${visibleText(location)}: info.x-xgen-sha must be MongoDB's commit id, 40 lower-case hexadecimal digits (${shown}); the pipeline records it in package.json, spec/SOURCE.json, file names and the pull request, so it refuses anything else`,
  );
}
