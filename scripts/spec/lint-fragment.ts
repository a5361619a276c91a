import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ScriptError } from "../lib/script-error.js";
import { redoclyLint } from "./redocly-lint.js";

/**
 * Lints a fragment before it is written anywhere in the repository, so that a cut that would not
 * lint (a `$ref` that does not resolve, a fix-up that no longer fits) leaves spec/ untouched.
 */
export async function lintFragmentBeforeWriting(fragmentYaml: string, describedAs: string): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), "atlas-fragment-lint-"));
  try {
    const file = join(directory, "fragment.yaml");
    await writeFile(file, fragmentYaml);
    const outcome = redoclyLint(file, "json");
    const [first] = outcome.errors;
    if (first) {
      const more = outcome.errors.length > 1 ? ` (and ${outcome.errors.length - 1} more)` : "";
      throw new ScriptError(
        `${describedAs} does not lint: ${first.message} [${first.ruleId}] at ${first.pointer || "#"}${more}`,
      );
    }
    if (outcome.exitCode !== 0) {
      throw new ScriptError(
        `${describedAs}: redocly lint failed: ${outcome.output.trim().split("\n").slice(-1)[0]}`,
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
