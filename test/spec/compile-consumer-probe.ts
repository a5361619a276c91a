import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  createInMemoryProgram,
  flattenMessage,
  programErrors,
} from "../../scripts/spec/in-memory-program.js";
import { fromRoot } from "../../scripts/spec/layout.js";
import { consumerCompilerOptions } from "../../scripts/spec/type-compat.js";

const probeFile = fromRoot("test/fixtures/spec-change/consumer-probe.ts");

/**
 * Compiles the consumer probe (test/fixtures/spec-change/consumer-probe.ts) against each set of
 * generated types, all in one program: each gets its own in-memory directory holding `types.ts`
 * and a copy of the probe without its `@ts-nocheck` line. Returns each one's compiler errors.
 */
export function compileConsumerProbe(typeModules: readonly string[]): string[][] {
  const [directive, ...rest] = readFileSync(probeFile, "utf8").split("\n");
  if (!directive?.startsWith("// @ts-nocheck"))
    throw new Error(`${probeFile} must start with its @ts-nocheck line`);
  const probe = rest.join("\n");
  const files = new Map<string, string>();
  const roots = typeModules.map((types, index) => {
    // Beside the real probe, so that openapi-fetch resolves from the repository's node_modules.
    const directory = fromRoot(`test/fixtures/spec-change/.compiled-${index}`);
    files.set(join(directory, "types.ts"), types);
    files.set(join(directory, "consumer-probe.ts"), probe);
    return directory;
  });
  const program = createInMemoryProgram(
    roots.map((directory) => join(directory, "consumer-probe.ts")),
    consumerCompilerOptions,
    files,
  );
  const errors = programErrors(program);
  return roots.map((directory) =>
    errors
      .filter((error) => error.file?.fileName.startsWith(`${directory}/`))
      .map((error) => {
        const file = relative(directory, error.file!.fileName);
        // Lines as in the file on disk, whose first line (the directive) the compiled copy lacks.
        const shift = file === "consumer-probe.ts" ? 2 : 1;
        const line = error.file!.getLineAndCharacterOfPosition(error.start ?? 0).line + shift;
        return `${file}:${line} TS${error.code}: ${flattenMessage(error.messageText)}`;
      }),
  );
}
