import { createHash } from "node:crypto";
import openapiTS, { astToString } from "openapi-typescript";
import * as prettier from "prettier";
import { fromRoot, pipelineFiles } from "./layout.js";
import type { OpenApiDocument } from "./openapi-document.js";
import { timed } from "./timed.js";
import { installedVersion } from "./tool-versions.js";
import { typeScriptLineComment } from "./upstream-text/typescript-comment.js";

/**
 * openapi-typescript options, each chosen on purpose:
 * - no `enum`: TS enums break the discriminated union on providerName (string literal unions narrow).
 * - `defaultNonNullable: false`: a schema `default` describes what the server assumes when a field
 *   is absent; it does not make the field present in what we send or receive.
 * - `readWriteMarkers`: readOnly fields (id, statusName, status, connectionId, errorStateName,
 *   errorState, errorMessage) are wrapped in `$Read<>`, which openapi-fetch strips from request
 *   bodies, so sending one is a type error.
 * - `emptyObjectsUnknown`: `ApiError.parameters` items and `RequestAccepted` are free-form objects;
 *   the default `Record<string, never>` would claim they are always empty.
 * - no `immutable`: readonly arrays break openapi-fetch 0.17's array types.
 */
export const openapiTypescriptOptions = {
  defaultNonNullable: false,
  readWriteMarkers: true,
  emptyObjectsUnknown: true,
  silent: true,
} as const;

const flagsForHeader = "--default-non-nullable=false --read-write-markers --empty-objects-unknown";

/** Turns the fix-up-applied fragment into the committed TypeScript types, formatted by prettier. */
export async function renderTypes(
  fragment: OpenApiDocument,
  fragmentYaml: string,
  upstreamSha: string,
): Promise<string> {
  const types = await timed("openapi-typescript", () => generateTypesSource(fragment));
  const fragmentSha = createHash("sha256").update(fragmentYaml).digest("hex");
  return timed("prettier", () => formatTypeScript(`${typesHeader(upstreamSha, fragmentSha)}\n${types}`));
}

/**
 * The generated module's header: where it comes from and how it was made. Each line is a line
 * comment written by typeScriptLineComment, so that the upstream's `x-xgen-sha` (checked when the
 * document is read, but a hand-edited cut reaches `npm run generate` unchecked) can only ever be
 * comment text: a line break in it cannot end the comment and start code.
 */
export function typesHeader(upstreamSha: string, fragmentSha: string): string {
  return [
    "GENERATED FILE, do not edit. Regenerate with `npm run generate`.",
    `Source: ${pipelineFiles.fragment} (sha256 ${fragmentSha}),`,
    `cut from MongoDB's Atlas Admin API v2 document (x-xgen-sha ${upstreamSha}) and fixed up by ${pipelineFiles.fixups}.`,
    `Tools: openapi-typescript ${installedVersion("openapi-typescript")} (${flagsForHeader}), prettier ${installedVersion("prettier")}.`,
    "The descriptions below are MongoDB's, under CC BY-NC-SA 3.0 US like the document they come from.",
  ]
    .map((line) => `${typeScriptLineComment(line)}\n`)
    .join("");
}

/**
 * openapi-typescript's output for a fragment, unformatted: what the committed file holds before
 * prettier, and what the change report compiles (formatting changes nothing the compiler sees).
 */
export async function generateTypesSource(fragment: OpenApiDocument): Promise<string> {
  return astToString(await openapiTS(structuredClone(fragment) as never, openapiTypescriptOptions));
}

async function formatTypeScript(source: string): Promise<string> {
  const target = fromRoot(pipelineFiles.types);
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(source, { ...options, filepath: target });
}
