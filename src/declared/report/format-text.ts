import type { ApplyResult } from "../apply/apply-types.js";
import type { FieldChange, PeeringPlan, PlannedChange } from "../plan/plan-types.js";
import type { NextStep } from "./next-steps.js";

/**
 * Plans, apply results and next steps as plain text for people and CI logs: fixed-width columns,
 * no colour, no cursor movement, one item per line. What the CLI prints without `--json`.
 */

/** The plan as text: the changes, the findings, what is not managed, and a summary line. */
export function formatPlan(plan: PeeringPlan): string {
  const sections: string[][] = [];
  if (plan.changes.length > 0)
    sections.push(["Changes", ...table(["action", "resource", "details"], plan.changes.map(changeRow))]);
  else if (plan.state) sections.push(["No changes: the project matches the declaration."]);
  if (plan.findings.length > 0)
    sections.push([
      "Findings",
      ...table(
        ["severity", "code", "where", "message"],
        plan.findings.map((finding) => [
          finding.severity,
          finding.code,
          finding.field ?? "",
          finding.message,
        ]),
      ),
    ]);
  if (plan.unmanaged.length > 0)
    sections.push([
      plan.options.prune ? "Not declared (deleted: prune)" : "Not managed (left alone; --prune deletes them)",
      ...table(
        ["resource", "key", "id", "state"],
        plan.unmanaged.map((item) => [item.resource, item.key, item.id, item.detail]),
      ),
    ]);
  if (plan.nextSteps.length > 0) sections.push([formatNextSteps(plan.nextSteps)]);
  sections.push([summary(plan)]);
  return sections.map((lines) => lines.join("\n")).join("\n\n");
}

/** One line: `Plan: 1 to create, 1 to update, 0 to replace, 0 to delete; 0 errors, 1 warning.` */
export function summary(plan: PeeringPlan): string {
  const count = (action: PlannedChange["action"]) =>
    plan.changes.filter((change) => change.action === action).length;
  const errors = plan.findings.filter((finding) => finding.severity === "error").length;
  const warnings = plan.findings.length - errors;
  return (
    `Plan: ${count("create")} to create, ${count("update")} to update, ${count("replace")} to replace, ` +
    `${count("delete")} to delete; ${plural(errors, "error")}, ${plural(warnings, "warning")}.` +
    (plan.state ? "" : " Nothing was read from Atlas: fix the errors first.")
  );
}

/** The apply's outcome: each change, each peer, the next steps, and a closing line. */
export function formatApplyResult(result: ApplyResult): string {
  const lines: string[] = [];
  if (result.changes.length > 0)
    lines.push(
      "Applied",
      ...table(
        ["action", "resource", "outcome"],
        result.changes.map((item) => [
          item.change.action,
          `${item.change.resource} ${item.change.key}`,
          item.outcome === "failed"
            ? `failed: ${item.error}`
            : item.id
              ? `${item.outcome} (${item.id})`
              : item.outcome,
        ]),
      ),
      "",
    );
  if (result.peers.length > 0)
    lines.push(
      "Peers",
      ...table(
        ["peer", "id", "status", "outcome"],
        result.peers.map((peer) => [
          peer.key,
          peer.id ?? "",
          peer.status,
          peer.reason ? `${peer.outcome}: ${peer.reason}` : peer.outcome,
        ]),
      ),
      "",
    );
  if (result.nextSteps.length > 0) lines.push(formatNextSteps(result.nextSteps), "");
  const seconds = (result.elapsedMs / 1000).toFixed(1);
  lines.push(
    result.ok ? `Apply complete in ${seconds} s.` : `Apply did not complete (${seconds} s): see above.`,
  );
  return lines.join("\n");
}

/** The next steps, each with its commands, indented for copying. */
export function formatNextSteps(steps: NextStep[]): string {
  const lines = ["Next steps on your side of the cloud"];
  steps.forEach((step, index) => {
    lines.push(
      `  ${index + 1}. ${step.peer}${step.peerId ? ` (${step.peerId})` : ""}, ${step.status}: ${step.summary}`,
    );
    for (const command of step.commands) lines.push(`       ${command}`);
  });
  return lines.join("\n");
}

function changeRow(change: PlannedChange): string[] {
  const resource = `${change.resource} ${change.key}`;
  if (change.action === "create") return [change.action, resource, createDetails(change)];
  if (change.action === "update")
    return [change.action, `${resource} (${change.id})`, fieldChanges(change.fields)];
  if (change.action === "replace")
    return [
      change.action,
      `${resource} (${change.id})`,
      [fieldChanges(change.fields), `delete + create: ${change.reason}`].filter(Boolean).join("; "),
    ];
  return [change.action, `${resource} (${change.id})`, "not declared (prune)"];
}

function createDetails(change: PlannedChange & { action: "create" }): string {
  const declared = change.declared as unknown as Record<string, unknown>;
  const shown =
    change.resource === "container"
      ? ["atlasCidrBlock", "regions"]
      : ["routeTableCidrBlock", "accepterRegionName"];
  const details = shown
    .filter((field) => declared[field] !== undefined)
    .map((field) => `${field} ${show(declared[field])}`);
  if (change.resource === "peer") {
    const peer = change.declared as { providerName: string; regionName?: string; region?: string };
    details.unshift(`in ${[peer.providerName, peer.regionName ?? peer.region].filter(Boolean).join(" ")}`);
  }
  return details.join(", ");
}

function fieldChanges(fields: FieldChange[]): string {
  return fields.map((change) => `${change.field}: ${show(change.from)} -> ${show(change.to)}`).join(", ");
}

function show(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(",")}]` : value === null ? "null" : String(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Columns padded to their widest cell; the last column is not padded. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(
      title.length,
      ...rows.map((row) => (column === header.length - 1 ? 0 : (row[column] ?? "").length)),
    ),
  );
  const line = (cells: string[]) =>
    "  " +
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ");
  return [line(header), ...rows.map(line)];
}
