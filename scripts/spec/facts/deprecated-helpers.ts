import { resolve } from "node:path";
import ts from "typescript";
import { sourceDirectory, sourceProgram } from "../type-check.js";

/** The client as its users see it: the entry point and the interface `createAtlasClient` returns. */
const entryPoint = resolve(sourceDirectory, "index.ts");
const clientInterface = "AtlasClient";

export type HelperState = "deprecated" | "not deprecated" | "missing";

/**
 * For each helper (`peers.get`: a member path of the client), whether its declaration, as an
 * editor and the API reference show it, carries `@deprecated` in its doc comment. Asked of the
 * TypeScript compiler, through the public `AtlasClient` type: a helper that a resource inherits
 * (`get` from ProviderResourceApi) counts as deprecated only when that resource redeclares it so.
 */
export function helperDeprecations(
  helpers: readonly string[],
  /** Sources read from memory instead of disk (keys relative to the repository root): for the tests. */
  sources: ReadonlyMap<string, string> = new Map(),
): Map<string, HelperState> {
  const program = sourceProgram(sources);
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(entryPoint);
  const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
  const exported =
    moduleSymbol &&
    checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === clientInterface);
  if (!exported) throw new Error(`${entryPoint} exports no ${clientInterface}`);
  const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const client = checker.getDeclaredTypeOfSymbol(target);
  return new Map(
    helpers.map((helper) => {
      let type: ts.Type = client;
      let member: ts.Symbol | undefined;
      for (const name of helper.split(".")) {
        member = checker.getPropertyOfType(type, name);
        if (!member) return [helper, "missing"] as const;
        type = checker.getNonNullableType(checker.getTypeOfSymbol(member));
      }
      const deprecated = member!.getJsDocTags(checker).some((tag) => tag.name === "deprecated");
      return [helper, deprecated ? "deprecated" : "not deprecated"] as const;
    }),
  );
}
