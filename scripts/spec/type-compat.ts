import { fileURLToPath } from "node:url";
import { join, relative, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import ts from "typescript";
import { writeProbe, type Aspect, type Flow, type ProbedSchema } from "./compat-probe.js";
import { componentUses, operationsOf } from "./fragment-graph.js";
import { createInMemoryProgram, flattenMessage, programErrors } from "./in-memory-program.js";
import { own, type OpenApiDocument } from "./openapi-document.js";
import { generateTypesSource } from "./render-types.js";

/**
 * What the TypeScript compiler says about code written against the old generated types, once it is
 * compiled against the new ones. `major`: some such code no longer compiles (a value it sends is
 * refused, a value it may now receive is one it does not handle, a name it uses is gone). `minor`:
 * all of it compiles, and the new types offer something more (an operation, a name, a value).
 */
export interface TypeFinding {
  impact: "major" | "minor";
  /** `GET /path (operationId)`, `components.schemas.Name`, `types`. */
  subject: string;
  /** For an operation: whether the finding is about what a call sends (params, body) or gets back (data, error). */
  aspect?: Aspect;
  /** What it means for old code, in words. */
  detail: string;
  /** What the compiler said (the property path it walked and its message), or the names concerned. */
  evidence?: string;
}

export interface FragmentPair {
  /** Fragments as the types are generated from them (fix-ups applied). */
  before: OpenApiDocument;
  after: OpenApiDocument;
}

/** The repository these scripts belong to: the probe's helpers and the openapi-fetch it uses live here. */
const scriptsRoot = fileURLToPath(new URL("../../", import.meta.url));
const helpersModule = resolve(scriptsRoot, "scripts/spec/compat-probe-helpers.ts");

/** Consumer-like settings: strict null checks decide most answers; nothing is emitted. */
export const consumerCompilerOptions: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  // openapi-fetch's declarations name fetch's Request and Response.
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  types: [],
};

/**
 * Generates the old and the new types of each pair and compiles, in one program, a probe per pair
 * that asks the compiler the questions of compat-probe.ts. One program for many pairs, because
 * most of the time goes into checking the probe's helper types and openapi-fetch's, which pairs
 * share (the change report's tests compare some twenty pairs).
 */
export async function compareGeneratedTypes(pairs: readonly FragmentPair[]): Promise<TypeFinding[][]> {
  const files = new Map<string, string>();
  const probes = await Promise.all(
    pairs.map(async ({ before, after }, index) => {
      // Virtual files beside the scripts, so that "openapi-fetch" resolves from this repository's node_modules.
      const directory = resolve(scriptsRoot, `.type-compat/${index}`);
      const [oldTypes, newTypes] = await Promise.all([
        generateTypesSource(before),
        generateTypesSource(after),
      ]);
      files.set(join(directory, "old.ts"), oldTypes);
      files.set(join(directory, "new.ts"), newTypes);
      const probe = writeProbe(
        { old: "./old.ts", new: "./new.ts", helpers: relativeImport(directory, helpersModule) },
        operationsInBoth(before, after),
        schemasOnlyMappingsReach(before, after),
      );
      const probeFile = join(directory, "probe.ts");
      files.set(probeFile, probe.source);
      return { directory, probe, probeFile };
    }),
  );
  const program = createInMemoryProgram(
    probes.map(({ probeFile }) => probeFile),
    consumerCompilerOptions,
    files,
  );
  const errors = programErrors(program);
  const checker = program.getTypeChecker();

  return probes.map(({ directory, probe, probeFile }) => {
    const findings: TypeFinding[] = [];
    const probeErrors = new Map<number, ts.Diagnostic>();
    for (const error of errors) {
      if (!error.file || error.start === undefined) continue;
      const file = resolve(error.file.fileName);
      if (file === probeFile) {
        const line = error.file.getLineAndCharacterOfPosition(error.start).line + 1;
        if (!probeErrors.has(line)) probeErrors.set(line, error);
      } else if (file.startsWith(`${directory}/`)) {
        // Types that do not compile at all: nothing written against them can be trusted to compile.
        const which = file.endsWith("new.ts") ? "the new" : "the old";
        findings.push({
          impact: "major",
          subject: "types",
          detail: `${which} generated types do not compile`,
          evidence: `TS${error.code} ${flattenMessage(error.messageText)}`,
        });
      }
    }
    const askedLines = new Set(
      probe.questions.flatMap((question) => [question.requiredLine, question.widenedLine]),
    );
    for (const [line, error] of probeErrors) {
      // The probe itself is wrong (a helper type, an import): a bug here, never a verdict.
      if (!askedLines.has(line))
        throw new Error(`compat probe line ${line}: ${flattenMessage(error.messageText)}`);
    }
    const sourceFile = program.getSourceFile(probeFile)!;
    const aliasValues = (name: string) => literalMembers(checker, typeAlias(checker, sourceFile, name));

    for (const list of probe.nameLists) {
      const named = (name: string) => (list.subject === "operations" ? name : `${list.subject}.${name}`);
      const user = list.subject === "operations" ? "calls it" : "names it";
      for (const name of aliasValues(list.lost))
        findings.push({
          impact: "major",
          subject: named(name),
          detail: `removed: code that ${user} no longer compiles`,
        });
      for (const name of aliasValues(list.gained))
        findings.push({ impact: "minor", subject: named(name), detail: "added" });
    }
    for (const question of probe.questions) {
      const refused = probeErrors.get(question.requiredLine);
      if (refused)
        findings.push({
          impact: "major",
          subject: question.subject,
          ...aspectOf(question),
          detail: breakingWords[question.flow],
          evidence: explain(refused),
        });
      const lost = aliasValues(question.lostPaths);
      if (lost.length > 0)
        findings.push({
          impact: "major",
          subject: question.subject,
          ...aspectOf(question),
          detail: "names old code may use are gone",
          evidence: shortList(lost),
        });
      const widened = probeErrors.get(question.widenedLine);
      const gained = aliasValues(question.gainedPaths);
      if (!refused && widened)
        findings.push({
          impact: "minor",
          subject: question.subject,
          ...aspectOf(question),
          detail: wideningWords[question.flow],
          evidence: explain(widened),
        });
      if (gained.length > 0)
        findings.push({
          impact: "minor",
          subject: question.subject,
          ...aspectOf(question),
          detail: "new names",
          evidence: shortList(gained),
        });
    }
    // A schema asked about in both directions may give the same answer twice.
    return findings.filter(
      (finding, index) => findings.findIndex((other) => isDeepStrictEqual(other, finding)) === index,
    );
  });
}

function aspectOf(question: { aspect?: Aspect }): { aspect?: Aspect } {
  return question.aspect ? { aspect: question.aspect } : {};
}

const breakingWords: Record<Flow, string> = {
  accepts: "a value old code may send is refused",
  handles: "a value the new types allow is one old code does not handle",
};
const wideningWords: Record<Flow, string> = {
  accepts: "accepts values the old types refused",
  handles: "narrower than before (old code handles more than can now arrive)",
};

function operationsInBoth(before: OpenApiDocument, after: OpenApiDocument) {
  const now = new Map(
    operationsOf(after).map((operation) => [`${operation.method} ${operation.path}`, operation]),
  );
  return operationsOf(before).flatMap((operation) => {
    const match = now.get(`${operation.method} ${operation.path}`);
    return match ? [match] : [];
  });
}

/** Schemas that only a discriminator mapping reaches in either document, with the flows the documents use them in. */
function schemasOnlyMappingsReach(before: OpenApiDocument, after: OpenApiDocument): ProbedSchema[] {
  const prefix = "#/components/schemas/";
  const flows = new Map<string, Set<Flow>>();
  for (const document of [before, after]) {
    for (const [reference, uses] of componentUses(document).byMappingOnly) {
      if (!reference.startsWith(prefix)) continue;
      const name = reference.slice(prefix.length);
      const known = flows.get(name) ?? new Set<Flow>();
      for (const use of uses) known.add(use.side === "request" ? "accepts" : "handles");
      flows.set(name, known);
    }
  }
  const inBoth = (name: string) =>
    own(own(before.components, "schemas"), name) !== undefined &&
    own(own(after.components, "schemas"), name) !== undefined;
  return [...flows]
    .filter(([name]) => inBoth(name))
    .flatMap(([name, both]) => [...both].map((flow) => ({ name, flow })));
}

function typeAlias(checker: ts.TypeChecker, sourceFile: ts.SourceFile, name: string): ts.Type {
  const declaration = sourceFile.statements.find(
    (statement): statement is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(statement) && statement.name.text === name,
  );
  if (!declaration) throw new Error(`compat probe: no type alias ${name}`);
  return checker.getTypeAtLocation(declaration.name);
}

/** The members of a union of string literals (template patterns shown as the compiler writes them). */
function literalMembers(checker: ts.TypeChecker, type: ts.Type): string[] {
  if (type.flags & ts.TypeFlags.Never) return [];
  const members = type.isUnion() ? type.types : [type];
  return members
    .map((member) => (member.isStringLiteral() ? member.value : checker.typeToString(member)))
    .sort();
}

/**
 * The compiler's complaint, short: the property path its elaboration walked ("Types of property
 * 'results' are incompatible", ...) and its last, most specific message.
 */
export function explain(diagnostic: ts.Diagnostic): string {
  const messages: string[] = [];
  let chain: string | ts.DiagnosticMessageChain | undefined = diagnostic.messageText;
  while (chain !== undefined) {
    if (typeof chain === "string") {
      messages.push(chain);
      break;
    }
    messages.push(chain.messageText);
    chain = chain.next?.[0];
  }
  // TypeScript says it either way: one property per message, or a dotted path at once.
  const walked = (message: string) =>
    /^Types of property '([^']+)' are incompatible\.$/.exec(message)?.[1] ??
    /^The types of '([^']+)' are incompatible between these types\.$/.exec(message)?.[1];
  const path = messages.flatMap((message) => walked(message) ?? []);
  const leaf = messages.filter((message) => walked(message) === undefined).at(-1) ?? "";
  // "Did you mean ...?" guesses at a typo; here the old value is simply gone.
  const said = leaf.replace(/\s+/g, " ").replace(/ Did you mean '.*'\?$/, "");
  const text = `${path.length > 0 ? `${path.join(".")}: ` : ""}${said}`;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** At most eight names, then how many more: a whole schema swapped can change hundreds of paths. */
function shortList(names: readonly string[]): string {
  const shown = names.slice(0, 8).join(", ");
  return names.length > 8 ? `${shown} and ${names.length - 8} more` : shown;
}

function relativeImport(fromDirectory: string, file: string): string {
  const path = relative(fromDirectory, file).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
}
