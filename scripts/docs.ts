// npm run docs: the API reference from the TypeScript sources (typedoc, into docs/api/) and an HTML
// reference of the vendored fragment (redocly build-docs, into docs/spec.html). With --check-only,
// only typedoc's validation runs: every public export must have a doc comment (typedoc.json).
import { spawnSync } from "node:child_process";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import { redoclyCli, redoclyEnvironment } from "./spec/redocly-lint.js";

export const specReference = "docs/spec.html";

runScript("docs", async (args) => {
  const checkOnly = args.includes("--check-only");
  run(
    "typedoc",
    [fromRoot("node_modules/typedoc/bin/typedoc"), ...(checkOnly ? ["--emit", "none"] : [])],
    {},
  );
  if (checkOnly) {
    console.log("docs: every public export is documented");
    return;
  }
  run(
    "redocly build-docs",
    [redoclyCli, "build-docs", fromRoot(pipelineFiles.fragment), "--output", fromRoot(specReference)],
    redoclyEnvironment,
  );
  console.log(`docs: wrote docs/api/ and ${specReference}`);
});

function run(name: string, args: string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, args, {
    cwd: fromRoot("."),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new ScriptError(`${name} failed (exit ${result.status ?? result.signal})`);
}
