import type { RedundantFixup } from "./apply-fixups.js";
import { derivedFactChanges, type DerivedFactChange } from "./facts/check-spec-facts.js";
import { componentUses, type ComponentUse, type ComponentUses } from "./fragment-graph.js";
import type { OpenApiDocument } from "./openapi-document.js";
import { describeOperation, isEmptyDelta, type SelectionDelta } from "./selection-delta.js";
import { diffStructure, upstreamIdentity, type StructuralChange } from "./structural-diff.js";
import { timed } from "./timed.js";
import { compareGeneratedTypes, type FragmentPair, type TypeFinding } from "./type-compat.js";
import { markdownCodeSpan } from "./upstream-text/markdown.js";
import { phraseMarkdown, phraseText } from "./upstream-text/phrase.js";
import { visibleText } from "./upstream-text/visible-text.js";

export type Release = "major" | "minor" | "patch" | "none";

/** Two versions of the fragment: as cut from upstream (what changed) and as typed (what the types say). */
export interface FragmentVersions {
  /** As cut from upstream, objects unchanged: what MongoDB changed, for a person to read. */
  cuts: FragmentPair;
  /** With the fix-ups applied: what the generated types, and so the release, come from. */
  typed: FragmentPair;
  /** How the selected operations moved (against the last vendoring, or the older document). */
  selection?: SelectionDelta;
  /** Fix-ups the new fragment no longer needs. */
  redundantFixups?: RedundantFixup[];
}

export interface ChangeReport {
  upstream: { before: string; after: string };
  selection?: SelectionDelta;
  redundantFixups: RedundantFixup[];
  changes: StructuralChange[];
  findings: TypeFinding[];
  /** Facts src/ derives from the fragment at run time whose values changed (the local Atlas's versions). */
  derivedFacts: DerivedFactChange[];
  release: Release;
  /** For a change inside a component: which operations reach it (through $refs or security requirements), on which side. */
  usesOf: (component: string) => ComponentUse[];
}

/**
 * The change report of each pair: the structural changes, what the compiler finds, and the release
 * they call for. The compiler runs once for all pairs (see compareGeneratedTypes).
 */
export async function reportChanges(pairs: readonly FragmentVersions[]): Promise<ChangeReport[]> {
  const findings = await timed("compile old and new types", () =>
    compareGeneratedTypes(pairs.map((pair) => pair.typed)),
  );
  return pairs.map(({ cuts, typed, selection, redundantFixups = [] }, index) => {
    const changes = diffStructure(cuts.before, cuts.after);
    const found = findings[index]!;
    const derivedFacts = derivedFactChanges(typed.before, typed.after);
    // Who reaches a component now; for one that is gone, who reached it before.
    const [now, then] = [componentUses(cuts.after), componentUses(cuts.before)];
    return {
      upstream: { before: identity(cuts.before), after: identity(cuts.after) },
      ...(selection ? { selection } : {}),
      redundantFixups,
      changes,
      findings: found,
      derivedFacts,
      release: releaseFor(changes, found, derivedFacts),
      usesOf: (component) => {
        const of = (uses: ComponentUses) => [
          ...(uses.byReference.get(component) ?? []),
          ...(uses.byMappingOnly.get(component) ?? []),
        ];
        return of(now).length > 0 ? of(now) : of(then);
      },
    };
  });
}

export async function reportChange(versions: FragmentVersions): Promise<ChangeReport> {
  return (await reportChanges([versions]))[0]!;
}

/**
 * major or minor when the compiler says so; minor when something old code may use is now
 * deprecated (SemVer 2.0.0, item 7: a deprecation is a minor release, though old code still
 * compiles); major or minor when a value src/ derives from the fragment is gone or added; patch
 * when the fragment changed in a way the types do not show (a description, a pattern); none when
 * only the upstream's identity moved.
 */
export function releaseFor(
  changes: readonly StructuralChange[],
  findings: readonly TypeFinding[],
  derivedFacts: readonly DerivedFactChange[] = [],
): Release {
  if (findings.some((finding) => finding.impact === "major")) return "major";
  if (derivedFacts.some((fact) => fact.removed.length > 0)) return "major";
  if (findings.some((finding) => finding.impact === "minor")) return "minor";
  if (changes.some((change) => change.deprecates) || derivedFacts.length > 0) return "minor";
  return changes.length > 0 ? "patch" : "none";
}

function identity(document: OpenApiDocument): string {
  return String(document.info[upstreamIdentity] ?? "unknown");
}

const sectionTitles: Record<StructuralChange["section"], string> = {
  operations: "Operations",
  components: "Components",
  document: "Document",
};

/**
 * How each place a report lands shows what comes from upstream: the console as visible text (one
 * line, nothing hidden), Markdown as code spans (nothing in them is markup). Everything else the
 * report says is its own words.
 */
interface Encoding {
  value: (text: string) => string;
  phrase: typeof phraseText;
}
const asText: Encoding = { value: visibleText, phrase: phraseText };
const asMarkdown: Encoding = { value: markdownCodeSpan, phrase: phraseMarkdown };

/** The report as console text: what spec:diff prints and spec:vendor shows. */
export function formatReportText(report: ChangeReport): string {
  const { before, after } = report.upstream;
  const show = asText.value;
  const lines = [...prefaceLines(report, asText, (title) => `${title}:`, "  ")];
  if (report.release === "none") {
    const moved = before !== after ? ` (upstream x-xgen-sha ${show(before)} -> ${show(after)})` : "";
    return `${[...lines, `No change in the fragment.${moved}`].join("\n")}\n`;
  }
  lines.unshift(
    `Upstream x-xgen-sha ${show(before)}${before !== after ? ` -> ${show(after)}` : " (unchanged)"}`,
  );
  lines.push("Compatibility (code written against the old types, compiled against the new):");
  lines.push(...compatibilityLines(report, asText).map((line) => `  ${line}`));
  for (const [section, changes] of grouped(report.changes)) {
    lines.push(`${sectionTitles[section]}:`);
    for (const change of changes)
      lines.push(`  ${show(change.where)}: ${phraseText(change.what)}${usesSuffix(report, change, asText)}`);
  }
  lines.push(`Suggested release: ${report.release}`);
  return `${lines.join("\n")}\n`;
}

/** Where a document came from: what was asked for and, after a redirect, what served it. */
export interface ReportSource {
  location: string;
  servedFrom?: string;
}

/** The report as Markdown: a pull request's body, and a changeset's. */
export function formatReportMarkdown(report: ChangeReport, source?: ReportSource): string {
  const { before, after } = report.upstream;
  const code = asMarkdown.value;
  const lines = [
    `Upstream: MongoDB's Atlas Admin API v2 document${source ? ` (${describeSource(source, code)})` : ""}, \`x-xgen-sha\` ${code(before)}${before !== after ? ` → ${code(after)}` : " (unchanged)"}.`,
    "",
  ];
  const preface = prefaceLines(report, asMarkdown, (title) => `### ${title}\n`, "- ");
  if (preface.length > 0) lines.push(...preface, "");
  if (report.release === "none") return `${lines.join("\n")}No change in the fragment.\n`;
  lines.push(
    `**Release: ${report.release}.** Decided by the TypeScript compiler: code written against the old generated types, compiled against the new ones, per operation (see guide/spec-pipeline.md for the rule).`,
    "",
    "### Compatibility",
    "",
  );
  lines.push(...compatibilityLines(report, asMarkdown).map((line) => `- ${line}`));
  for (const [section, changes] of grouped(report.changes)) {
    lines.push("", `### ${sectionTitles[section]}`, "");
    for (const change of changes)
      lines.push(
        `- ${code(change.where)}: ${phraseMarkdown(change.what)}${usesSuffix(report, change, asMarkdown)}`,
      );
  }
  return `${lines.join("\n")}\n`;
}

/** `<location>`, or `<location>, served by <URL> after a redirect`. */
export function describeSource(source: ReportSource, code: (text: string) => string): string {
  const redirected = source.servedFrom !== undefined && source.servedFrom !== source.location;
  return `${code(source.location)}${redirected ? `, served by ${code(source.servedFrom!)} after a redirect` : ""}`;
}

/**
 * What a reviewer must see first: how the selection moved since the last vendoring (operations
 * gained or lost, entries that match nothing), and the fix-ups upstream has made unnecessary.
 */
function prefaceLines(
  report: ChangeReport,
  encoding: Encoding,
  heading: (title: string) => string,
  item: string,
): string[] {
  const lines: string[] = [];
  const delta = report.selection;
  if (delta && !isEmptyDelta(delta)) {
    lines.push(heading(`Selection (against ${delta.against})`));
    for (const entry of delta.unmatched)
      lines.push(
        `${item}matches nothing: ${encoding.value(entry)} (spec/selection.yaml): upstream renamed or removed what it names; update or remove the entry`,
      );
    for (const operation of delta.gained)
      lines.push(`${item}operation gained: ${encoding.value(describeOperation(operation))}`);
    for (const operation of delta.lost)
      lines.push(`${item}operation lost: ${encoding.value(describeOperation(operation))}`);
  }
  if (report.redundantFixups.length > 0) {
    lines.push(heading("Fix-ups upstream has made unnecessary (spec/fixups.overlay.yaml)"));
    for (const fixup of report.redundantFixups)
      lines.push(
        fixup.partly.length === 0
          ? `${item}action #${fixup.number} (${encoding.value(fixup.target)}) changes nothing: upstream already has it; remove it`
          : `${item}action #${fixup.number} (${encoding.value(fixup.target)}) adds only what upstream already has at ${fixup.partly.map(encoding.value).join(", ")}; narrow or remove it`,
      );
  }
  return lines;
}

/** The compiler's findings, the deprecations and the derived facts that changed, one line each. */
function compatibilityLines(report: ChangeReport, encoding: Encoding): string[] {
  const markdown = encoding === asMarkdown;
  const impact = (level: string) => (markdown ? `**${level}**` : `[${level}]`);
  const lines: string[] = [];
  const deprecations = report.changes.filter((change) => change.deprecates);
  if (report.findings.length + deprecations.length + report.derivedFacts.length === 0)
    lines.push(`${impact("patch")} the types accept and return what they did`);
  for (const finding of groupFindings(report.findings)) {
    const about =
      finding.names.length === 1
        ? `${encoding.value(finding.names[0]!)}${finding.aspect ? ` ${finding.aspect}` : ""}`
        : `${finding.aspect ? `${finding.aspect} of ` : ""}${finding.names.length} operations (${finding.names.map(encoding.value).join(", ")})`;
    const evidence = finding.evidence ? `: ${encoding.value(finding.evidence)}` : "";
    lines.push(`${impact(finding.impact)} ${about}: ${finding.detail}${evidence}`);
  }
  for (const change of deprecations)
    lines.push(
      `${impact("minor")} ${encoding.value(change.where)}: ${encoding.phrase(change.what)} (a deprecation is a minor release: SemVer 2.0.0, item 7)`,
    );
  for (const fact of report.derivedFacts) {
    const values = (list: string[]) => list.map(encoding.value).join(", ");
    const parts = [
      ...(fact.removed.length > 0 ? [`values gone: ${values(fact.removed)}`] : []),
      ...(fact.added.length > 0 ? [`values added: ${values(fact.added)}`] : []),
    ];
    lines.push(
      `${impact(fact.removed.length > 0 ? "major" : "minor")} spec fact ${fact.fact} (derived from the fragment, used by ${fact.usedBy}): ${parts.join("; ")}`,
    );
  }
  return lines;
}

interface FindingGroup {
  impact: string;
  aspect?: string;
  /** The operations (or components) it is about: one, or several that the same finding holds for. */
  names: string[];
  detail: string;
  evidence?: string;
}

/**
 * Findings that say the same about several operations, as one: a schema every answer shares (the
 * error body) changes the same way in each of them.
 */
function groupFindings(findings: readonly TypeFinding[]): FindingGroup[] {
  const groups = new Map<string, TypeFinding[]>();
  for (const finding of findings) {
    // Only operations' findings are grouped; a name added or removed is its own line.
    const key = `${finding.impact}\n${finding.aspect ?? finding.subject}\n${finding.detail}\n${finding.evidence}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group as [TypeFinding];
    const base = {
      impact: first.impact,
      ...(first.aspect ? { aspect: first.aspect } : {}),
      detail: first.detail,
      ...(first.evidence ? { evidence: first.evidence } : {}),
    };
    if (group.length === 1) return { ...base, names: [first.subject] };
    // `GET /path (operationId)`: the operationId alone names an operation well enough in a list.
    return {
      ...base,
      names: group.map((finding) => /\(([^()]+)\)$/.exec(finding.subject)?.[1] ?? finding.subject),
    };
  });
}

function grouped(
  changes: readonly StructuralChange[],
): Array<[StructuralChange["section"], StructuralChange[]]> {
  const sections: Array<StructuralChange["section"]> = ["operations", "components", "document"];
  return sections
    .map(
      (section) =>
        [section, changes.filter((change) => change.section === section)] as [
          StructuralChange["section"],
          StructuralChange[],
        ],
    )
    .filter(([, inSection]) => inSection.length > 0);
}

/** `  (answers: getThing, listThings; requests: createThing)`: who sees a component's change. */
function usesSuffix(report: ChangeReport, change: StructuralChange, encoding: Encoding): string {
  if (!change.component) return "";
  const uses = report.usesOf(change.component);
  if (uses.length === 0) return "  (reached by no operation)";
  const sides = (["request", "answer"] as const).flatMap((side) => {
    const operations = [
      ...new Set(uses.filter((use) => use.side === side).map((use) => use.operationId)),
    ].sort();
    if (operations.length === 0) return [];
    const label = side === "request" ? "requests" : "answers";
    return [
      operations.length > 4
        ? `${label} of ${operations.length} operations`
        : `${label}: ${operations.map(encoding.value).join(", ")}`,
    ];
  });
  return `  (${sides.join("; ")})`;
}
