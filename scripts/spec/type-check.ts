import { fileURLToPath } from "node:url";
import { relative, resolve } from "node:path";
import ts from "typescript";
import { ScriptError } from "../lib/script-error.js";
import { createInMemoryProgram, flattenMessage, programErrors } from "./in-memory-program.js";

/** The repository these scripts belong to: its hand-written sources and tsconfig.json. */
const sourceRoot = fileURLToPath(new URL("../../", import.meta.url));
const shownErrors = 5;

/**
 * Type-checks the hand-written sources (src/) against generated files that exist only in memory,
 * before anything is written: the compiler reads every file from disk except the ones in
 * `generated`, which it reads from the map (keys relative to the repository root, such as
 * `generated/atlas-network-peering.ts`). The hand-written sources always come from this repository,
 * also when the pipeline writes into a copy (ATLAS_PIPELINE_ROOT), since they are what the
 * generated types must serve. Returns the compiler's messages, empty when everything compiles.
 */
export function typeCheckAgainst(generated: ReadonlyMap<string, string>): string[] {
  return programErrors(sourceProgram(generated)).map((diagnostic) => describe(diagnostic));
}

/**
 * The hand-written sources (every file under src/, with tsconfig.json's options) as one program,
 * reading the files in `generated` (keys relative to the repository root) from memory.
 */
export function sourceProgram(generated: ReadonlyMap<string, string> = new Map()): ts.Program {
  const configPath = resolve(sourceRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (config.error) throw new ScriptError(`tsconfig.json: ${flattenMessage(config.error.messageText)}`);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, sourceRoot);
  const overrides = new Map([...generated].map(([path, text]) => [resolve(sourceRoot, path), text]));
  const rootNames = [
    ...new Set([
      ...parsed.fileNames.filter((file) => resolve(file).startsWith(`${sourceDirectory}/`)),
      ...[...overrides.keys()].filter((path) => path.endsWith(".ts")),
    ]),
  ];
  return createInMemoryProgram(rootNames, { ...parsed.options, noEmit: true }, overrides);
}

/** src/ of the repository these scripts belong to. */
export const sourceDirectory = resolve(sourceRoot, "src");

/** Refuses to go on when the generated types do not compile or break the hand-written sources. */
export function requireTypesCompile(generated: ReadonlyMap<string, string>, step: string): void {
  const errors = typeCheckAgainst(generated);
  if (errors.length === 0) return;
  const more = errors.length > shownErrors ? ` (and ${errors.length - shownErrors} more)` : "";
  throw new ScriptError(
    `the generated types do not compile with src/ (${step} wrote nothing): ${errors.slice(0, shownErrors).join("; ")}${more}`,
  );
}

function describe(diagnostic: ts.Diagnostic): string {
  const message = flattenMessage(diagnostic.messageText);
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = relative(sourceRoot, diagnostic.file.fileName);
  return `${file}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`;
}
