import { parse as parseYaml } from "yaml";
import { ScriptError } from "../lib/script-error.js";
import { applyFixups, type RedundantFixup } from "./apply-fixups.js";
import { pipelineFiles } from "./layout.js";
import { own, type OpenApiDocument } from "./openapi-document.js";
import { renderTypes } from "./render-types.js";
import { toYaml } from "./to-yaml.js";

export interface DerivedFragment {
  fragment: OpenApiDocument;
  fragmentYaml: string;
  /** Fix-ups that upstream has made unnecessary: each script says so, and the report names them. */
  redundantFixups: RedundantFixup[];
}

/** The cut with the declared fix-ups applied, as it is written to spec/<fragment>.yaml. */
export async function deriveFragment(cut: OpenApiDocument, overlayYaml: string): Promise<DerivedFragment> {
  const overlay = parsePipelineYaml(overlayYaml, pipelineFiles.fixups);
  const { document, redundant } = await applyFixups(cut, overlay, pipelineFiles.fixups);
  return { fragment: document, fragmentYaml: toYaml(document), redundantFixups: redundant };
}

/**
 * Every file derived from the fragment: the fragment itself (YAML, and JSON for the local Atlas,
 * which then needs no YAML parser) and the TypeScript types. `generate` writes these;
 * `check:generated` computes them in memory and compares, so the two never disagree on "fresh".
 * Keys are paths relative to the repository root.
 */
export async function derivedFiles({
  fragment,
  fragmentYaml,
}: DerivedFragment): Promise<Map<string, string>> {
  const upstreamSha = String(own(fragment.info, "x-xgen-sha") ?? "unknown");
  return new Map([
    [pipelineFiles.fragment, fragmentYaml],
    [pipelineFiles.fragmentJson, `${JSON.stringify(fragment, null, 2)}\n`],
    [pipelineFiles.types, await renderTypes(fragment, fragmentYaml, upstreamSha)],
  ]);
}

/** Parses one of the pipeline's own YAML files (the cut or the overlay), with a one-line error. */
export function parsePipelineYaml(text: string, path: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw new ScriptError(`${path} is not valid YAML: ${String((error as Error).message).split("\n")[0]}`);
  }
}
