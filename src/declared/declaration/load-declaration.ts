import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AtlasDeclarationError } from "../errors.js";
import { parseDeclaration } from "./parse-declaration.js";
import type { PeeringDeclaration } from "./types.js";

/** The command that installs the YAML parser, an optional peer dependency loaded only for `.yaml` files. */
export const yamlInstallCommand = "npm install yaml@2";

/**
 * Reads a declaration file: `.json`; `.yaml` or `.yml` (with the `yaml` package, an optional peer
 * dependency: `npm install yaml@2`); `.js`, `.mjs`, `.cjs` or `.ts` exporting it as `default`
 * (`export default defineConfig({ ... })`; `.ts` needs a Node.js that strips types, 22.18 or later,
 * or a loader such as tsx). Anything unreadable or invalid is an `AtlasDeclarationError` naming the
 * field at fault, in one line.
 */
export async function loadDeclaration(path: string): Promise<PeeringDeclaration> {
  const extension = extname(path).toLowerCase();
  if (extension === ".json") {
    const text = await readText(path);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new AtlasDeclarationError("", `not valid JSON: ${(error as Error).message}`, path);
    }
    return parseDeclaration(value, { source: path });
  }
  if (extension === ".yaml" || extension === ".yml") return loadYaml(path, await readText(path));
  if ([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"].includes(extension)) return loadModule(path);
  throw new AtlasDeclarationError(
    "",
    `unknown file type ${JSON.stringify(extension || "(none)")}: use .json, .yaml, .yml, .js, .mjs or .ts`,
    path,
  );
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "unreadable";
    throw new AtlasDeclarationError("", `cannot read the file (${code})`, path);
  }
}

/** The parts of the `yaml` package this loader uses. */
interface YamlModule {
  LineCounter: new () => { linePos(offset: number): { line: number; col: number } };
  parseDocument(
    text: string,
    options: { lineCounter: unknown; prettyErrors: boolean; uniqueKeys: boolean },
  ): {
    errors: Array<{ message: string; linePos?: Array<{ line: number; col: number }> }>;
    toJS(): unknown;
    getIn(path: Array<string | number>, keepNode: true): { range?: [number, number, number] } | undefined;
  };
}

async function loadYaml(path: string, text: string): Promise<PeeringDeclaration> {
  let yaml: YamlModule;
  try {
    // A variable specifier, left alone by bundlers: yaml is optional and loaded only for YAML files.
    const specifier = "yaml";
    yaml = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as YamlModule;
  } catch {
    throw new AtlasDeclarationError(
      "",
      `reading YAML needs the yaml package, an optional peer dependency: ${yamlInstallCommand} (or write the declaration as JSON)`,
      path,
    );
  }
  const lineCounter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0];
    const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "");
    throw new AtlasDeclarationError(
      "",
      `not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${message}`,
      path,
    );
  }
  const locate = (field: string) => {
    const segments = [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) =>
      match[2] === undefined ? match[1]! : Number(match[2]),
    );
    // A missing field has no node: name the line of the object that lacks it.
    for (let length = segments.length; length >= 0; length -= 1) {
      const node = document.getIn(segments.slice(0, length), true);
      if (node?.range) return `line ${lineCounter.linePos(node.range[0]).line}`;
    }
    return undefined;
  };
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // yaml refuses a document whose aliases would expand past its limit (an "alias bomb").
    throw new AtlasDeclarationError("", `not valid YAML: ${(error as Error).message.split("\n")[0]}`, path);
  }
  return parseDeclaration(value, { source: path, locate });
}

async function loadModule(path: string): Promise<PeeringDeclaration> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const problem =
      code === "ERR_UNKNOWN_FILE_EXTENSION"
        ? "this Node.js cannot load TypeScript: use Node.js 22.18 or later, run through tsx, or write the declaration as .js or .json"
        : code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes(resolve(path))
          ? "no such file"
          : `cannot load the module: ${String((error as Error).message).split("\n")[0]}`;
    throw new AtlasDeclarationError("", problem, path);
  }
  return parseDeclaration(module.default ?? module, { source: path });
}
