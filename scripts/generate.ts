// npm run generate: applies the fix-ups to the committed cut, lints the result, generates the types
// (openapi-typescript, then prettier), type-checks src/ against them, and writes the fixed-up
// fragment and generated/. Nothing is written unless every step succeeds, and an unchanged file is
// not rewritten.
import { readFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { writeChangedFilesAtomically } from "./lib/write-files-atomically.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./spec/derive.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import { lintFragmentBeforeWriting } from "./spec/lint-fragment.js";
import type { OpenApiDocument } from "./spec/openapi-document.js";
import { timed } from "./spec/timed.js";
import { requireTypesCompile } from "./spec/type-check.js";

runScript("generate", async () => {
  const cut = parsePipelineYaml(
    await readFile(fromRoot(pipelineFiles.upstreamCut), "utf8"),
    pipelineFiles.upstreamCut,
  );
  const overlay = await readFile(fromRoot(pipelineFiles.fixups), "utf8");
  const derived = await timed("fix-ups", () => deriveFragment(cut as OpenApiDocument, overlay));
  await timed("lint", () => lintFragmentBeforeWriting(derived.fragmentYaml, pipelineFiles.fragment));
  const files = await derivedFiles(derived);
  await timed("type-check src/ against the new types", async () => requireTypesCompile(files, "generate"));
  const written = await writeChangedFilesAtomically(
    new Map([...files].map(([path, content]) => [fromRoot(path), content])),
  );
  const relative = [...files.keys()].filter((path) => written.includes(fromRoot(path)));
  console.log(
    relative.length > 0
      ? `generate: wrote ${relative.join(", ")}`
      : "generate: every file already up to date",
  );
});
