import { dirname, resolve } from "node:path";
import ts from "typescript";

/**
 * Source files parsed from disk (TypeScript's lib files, node_modules declarations, src/), kept for
 * the life of the process keyed by path and how they were parsed: every program the pipeline builds
 * reads the same ones, and parsing them again is most of the cost of a small program (spec:vendor
 * builds two, the change report's tests several).
 */
const parsedFromDisk = new Map<string, ts.SourceFile | undefined>();

/**
 * A TypeScript program whose files come from disk except those in `inMemory` (absolute paths to
 * contents), which the compiler reads from the map as if they were on disk: generated types that
 * exist only in memory, and probes written to check them.
 */
export function createInMemoryProgram(
  rootNames: readonly string[],
  options: ts.CompilerOptions,
  inMemory: ReadonlyMap<string, string>,
): ts.Program {
  const files = new Map([...inMemory].map(([path, text]) => [resolve(path), text]));
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => files.get(resolve(path)) ?? readFile(path);
  host.fileExists = (path) => files.has(resolve(path)) || fileExists(path);
  // Module resolution looks for the directory before the file: in-memory files make their directories exist.
  const directories = new Set([...files.keys()].flatMap((path) => ancestors(path)));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (path) => directories.has(resolve(path)) || (directoryExists?.(path) ?? false);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const text = files.get(resolve(path));
    if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
    // How a file is parsed depends on the language version and, under NodeNext, on whether it is
    // an ES module or CommonJS: a file parsed for one program is reused only where it parses alike.
    const [version, format] =
      typeof languageVersion === "object"
        ? [languageVersion.languageVersion, languageVersion.impliedNodeFormat]
        : [languageVersion, undefined];
    const key = `${version}:${format}:${resolve(path)}`;
    if (!parsedFromDisk.has(key))
      parsedFromDisk.set(key, getSourceFile(path, languageVersion, onError, shouldCreate));
    return parsedFromDisk.get(key);
  };
  return ts.createProgram({ rootNames: [...rootNames], options, host });
}

function ancestors(path: string): string[] {
  const found: string[] = [];
  for (let directory = dirname(path); directory !== dirname(directory); directory = dirname(directory))
    found.push(directory);
  return found;
}

/** The program's errors (warnings and suggestions aside). */
export function programErrors(program: ts.Program): ts.Diagnostic[] {
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
}

/** A compiler message on one line (chains joined), as a one-line script error needs. */
export function flattenMessage(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, " ").replace(/\s+/g, " ").trim();
}
