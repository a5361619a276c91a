// npm run docs: the API reference from the TypeScript sources (typedoc, into docs/api/, and its JSON
// form, docs/api.json) and an HTML reference of the vendored fragment (redocly build-docs, into
// docs/spec.html). With --check-only, typedoc writes only the JSON. Either way typedoc's validation
// runs (every public export and member must have a doc comment: typedoc.json, and
// scripts/typedoc-plugin.mjs for what generated/ leaves undocumented), then the JSON is checked: the
// pages of the resource and request body types must list their fields, and the overview on the
// index page (reference/overview.md) must name every entry point (scripts/lib/api-pages.ts).
import { spawnSync } from "node:child_process";
import { checkApiPages } from "./lib/api-pages.js";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import { runRedocly } from "./spec/redocly-lint.js";

export const specReference = "docs/spec.html";
/** typedoc's JSON output (typedoc.json's `outputs`; named again here for --check-only). */
export const apiJson = "docs/api.json";

runScript("docs", async (args) => {
  const checkOnly = args.includes("--check-only");
  // An output named on the command line replaces typedoc.json's: --check-only writes the JSON alone.
  run("typedoc", [
    fromRoot("node_modules/typedoc/bin/typedoc"),
    ...(checkOnly ? ["--json", fromRoot(apiJson)] : []),
  ]);
  checkApiPages(fromRoot(apiJson), fromRoot("package.json"));
  if (checkOnly) {
    console.log(
      "docs: every public export and member is documented; the type pages list their fields; the overview names every entry point",
    );
    return;
  }
  // Redocly's output is shown without its boxed notices (Node.js 20, Redoc 3): see runRedocly.
  const redocly = runRedocly([
    "build-docs",
    fromRoot(pipelineFiles.fragment),
    "--output",
    fromRoot(specReference),
  ]);
  if (redocly.output.trim()) console.log(redocly.output.trim());
  if (redocly.exitCode !== 0) throw new ScriptError(`redocly build-docs failed (exit ${redocly.exitCode})`);
  console.log(`docs: wrote docs/api/ and ${specReference}`);
});

function run(name: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: fromRoot("."),
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new ScriptError(`${name} failed (exit ${result.status ?? result.signal})`);
}
