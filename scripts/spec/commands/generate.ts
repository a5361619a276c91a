import { readFile } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { writeChangedFilesAtomically } from "../../lib/write-files-atomically.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "../derive.js";
import { checkSpecFacts } from "../facts/check-spec-facts.js";
import { fromRoot, pipelineFiles } from "../layout.js";
import { lintFragmentBeforeWriting } from "../lint-fragment.js";
import type { OpenApiDocument } from "../openapi-document.js";
import { timed } from "../timed.js";
import { requireTypesCompile } from "../type-check.js";
import { redundantFixupNotes } from "./notes.js";

/**
 * npm run generate: applies the fix-ups to the committed cut, holds the spec facts of src/ to it, lints the result, generates the types
 * (openapi-typescript, then prettier), type-checks src/ against them, and writes the fixed-up
 * fragment and generated/. Nothing is written unless every step succeeds, and an unchanged file is
 * not rewritten.
 */
export async function generate(_args: string[], io: ScriptIO): Promise<void> {
  const cut = parsePipelineYaml(
    await readFile(fromRoot(pipelineFiles.upstreamCut), "utf8"),
    pipelineFiles.upstreamCut,
  );
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const derived = await timed("fix-ups", () => deriveFragment(cut as OpenApiDocument, overlay));
  for (const note of redundantFixupNotes(derived.redundantFixups)) io.out(`generate: note: ${note}\n`);
  checkSpecFacts(derived.fragment, pipelineFiles.fragment);
  await timed("lint", () => lintFragmentBeforeWriting(derived.fragmentYaml, pipelineFiles.fragment));
  const files = await derivedFiles(derived);
  await timed("type-check src/ against the new types", async () => requireTypesCompile(files, "generate"));
  const written = await writeChangedFilesAtomically(
    new Map([...files].map(([path, content]) => [fromRoot(path), content])),
  );
  const relative = [...files.keys()].filter((path) => written.includes(fromRoot(path)));
  io.out(
    relative.length > 0
      ? `generate: wrote ${relative.join(", ")}\n`
      : "generate: every file already up to date\n",
  );
}
