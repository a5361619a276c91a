// npm run spec:lint: Redocly lint of the vendored fragment with the project's redocly.yaml.
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import { redoclyLint } from "./spec/redocly-lint.js";

runScript("spec:lint", async () => {
  const outcome = redoclyLint(fromRoot(pipelineFiles.fragment), "codeframe");
  process.stdout.write(outcome.output.endsWith("\n") ? outcome.output : `${outcome.output}\n`);
  if (outcome.exitCode !== 0)
    throw new ScriptError(`${pipelineFiles.fragment} does not pass redocly lint (see above)`);
});
