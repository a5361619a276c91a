import { componentUses, type ComponentUse, type ComponentUses } from "./fragment-graph.js";
import type { OpenApiDocument } from "./openapi-document.js";
import { diffStructure, upstreamIdentity, type StructuralChange } from "./structural-diff.js";
import { timed } from "./timed.js";
import { compareGeneratedTypes, type FragmentPair, type TypeFinding } from "./type-compat.js";

export type Release = "major" | "minor" | "patch" | "none";

/** Two versions of the fragment: as cut from upstream (what changed) and as typed (what the types say). */
export interface FragmentVersions {
  /** As cut from upstream, objects unchanged: what MongoDB changed, for a person to read. */
  cuts: FragmentPair;
  /** With the fix-ups applied: what the generated types, and so the release, come from. */
  typed: FragmentPair;
}

export interface ChangeReport {
  upstream: { before: string; after: string };
  changes: StructuralChange[];
  findings: TypeFinding[];
  release: Release;
  /** For a change inside a component: which operations reach it, on which side. */
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
  return pairs.map(({ cuts }, index) => {
    const changes = diffStructure(cuts.before, cuts.after);
    const found = findings[index]!;
    // Who reaches a component now; for one that is gone, who reached it before.
    const [now, then] = [componentUses(cuts.after), componentUses(cuts.before)];
    return {
      upstream: { before: identity(cuts.before), after: identity(cuts.after) },
      changes,
      findings: found,
      release: releaseFor(changes, found),
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
 * major or minor when the compiler says so; patch when the fragment changed in a way the types do
 * not show (a description, a pattern); none when only the upstream's identity moved.
 */
export function releaseFor(changes: readonly StructuralChange[], findings: readonly TypeFinding[]): Release {
  if (findings.some((finding) => finding.impact === "major")) return "major";
  if (findings.some((finding) => finding.impact === "minor")) return "minor";
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

/** The report as console text: what spec:diff prints and spec:vendor shows. */
export function formatReportText(report: ChangeReport): string {
  const { before, after } = report.upstream;
  if (report.release === "none") {
    const moved = before !== after ? ` (upstream x-xgen-sha ${before} -> ${after})` : "";
    return `No change in the fragment.${moved}\n`;
  }
  const lines = [`Upstream x-xgen-sha ${before}${before !== after ? ` -> ${after}` : " (unchanged)"}`];
  lines.push("Compatibility (code written against the old types, compiled against the new):");
  if (report.findings.length === 0) lines.push("  [patch] the types accept and return what they did");
  for (const finding of groupFindings(report.findings))
    lines.push(
      `  [${finding.impact}] ${finding.about}: ${finding.detail}${finding.evidence ? `: ${finding.evidence}` : ""}`,
    );
  for (const [section, changes] of grouped(report.changes)) {
    lines.push(`${sectionTitles[section]}:`);
    for (const change of changes)
      lines.push(`  ${change.where}: ${change.what}${usesSuffix(report, change)}`);
  }
  lines.push(`Suggested release: ${report.release}`);
  return `${lines.join("\n")}\n`;
}

/** The report as Markdown: a pull request's body, and a changeset's. */
export function formatReportMarkdown(report: ChangeReport, source?: string): string {
  const { before, after } = report.upstream;
  const lines = [
    `Upstream: MongoDB's Atlas Admin API v2 document${source ? ` (${source})` : ""}, \`x-xgen-sha\` \`${before}\`${before !== after ? ` → \`${after}\`` : " (unchanged)"}.`,
    "",
  ];
  if (report.release === "none") return `${lines.join("\n")}No change in the fragment.\n`;
  lines.push(
    `**Release: ${report.release}.** Decided by the TypeScript compiler: code written against the old generated types, compiled against the new ones, per operation (see the README's spec pipeline section for the rule).`,
    "",
    "### Compatibility",
    "",
  );
  if (report.findings.length === 0) lines.push("- **patch**: the types accept and return what they did");
  for (const finding of groupFindings(report.findings))
    lines.push(
      `- **${finding.impact}** ${escapeMarkdown(finding.about)}: ${finding.detail}${finding.evidence ? `: ${codeSpan(finding.evidence)}` : ""}`,
    );
  for (const [section, changes] of grouped(report.changes)) {
    lines.push("", `### ${sectionTitles[section]}`, "");
    for (const change of changes)
      lines.push(`- \`${change.where}\`: ${escapeMarkdown(change.what)}${usesSuffix(report, change)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Findings that say the same about several operations, as one: a schema every answer shares (the
 * error body) changes the same way in each of them.
 */
function groupFindings(
  findings: readonly TypeFinding[],
): Array<{ impact: string; about: string; detail: string; evidence?: string }> {
  const groups = new Map<string, TypeFinding[]>();
  for (const finding of findings) {
    // Only operations' findings are grouped; a name added or removed is its own line.
    const key = `${finding.impact}\n${finding.aspect ?? finding.subject}\n${finding.detail}\n${finding.evidence}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group as [TypeFinding];
    const aspect = first.aspect ? `${first.aspect} of ` : "";
    if (group.length === 1)
      return { ...first, about: first.aspect ? `${first.subject} ${first.aspect}` : first.subject };
    // `GET /path (operationId)`: the operationId alone names an operation well enough in a list.
    const names = group.map((finding) => /\(([^()]+)\)$/.exec(finding.subject)?.[1] ?? finding.subject);
    return { ...first, about: `${aspect}${group.length} operations (${names.join(", ")})` };
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
function usesSuffix(report: ChangeReport, change: StructuralChange): string {
  if (!change.component) return "";
  const uses = report.usesOf(change.component);
  if (uses.length === 0) return "  (reached by no operation)";
  const sides = (["request", "answer"] as const).flatMap((side) => {
    const operations = uses
      .filter((use) => use.side === side)
      .map((use) => use.operationId)
      .sort();
    if (operations.length === 0) return [];
    const label = side === "request" ? "requests" : "answers";
    return [
      operations.length > 4
        ? `${label} of ${operations.length} operations`
        : `${label}: ${operations.join(", ")}`,
    ];
  });
  return `  (${sides.join("; ")})`;
}

/** Text shown as code, fenced with enough backticks to hold any it contains. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${longest > 0 ? ` ${text} ` : text}${fence}`;
}

/** Schema changes quote patterns and values: `*`, `_`, brackets and backticks would otherwise turn into formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]])/g, "\\$1");
}
