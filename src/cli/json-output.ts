import type { ApplyResult, PeeringPlan, PlannedChange } from "atlas-peering-client/declared";

/**
 * The JSON documents the CLI prints with `--json`: one per run, on stdout. `changes[].action` is
 * `create`, `update`, `replace` or `delete`; `findings[].severity` is `error` or `warning`, with a
 * `code`. The declaration itself is not repeated (it is the file).
 */
export function planDocument(plan: PeeringPlan, file: string): Record<string, unknown> {
  return {
    command: "plan",
    file,
    groupId: plan.groupId,
    options: plan.options,
    changes: plan.changes.map(changeEntry),
    findings: plan.findings,
    unmanaged: plan.unmanaged,
    nextSteps: plan.nextSteps,
    stateRead: plan.state !== undefined,
  };
}

export function applyDocument(
  plan: PeeringPlan,
  file: string,
  result: ApplyResult | undefined,
  outcome: string,
): Record<string, unknown> {
  return {
    ...planDocument(plan, file),
    command: "apply",
    outcome,
    ok: result?.ok ?? false,
    applied: (result?.changes ?? []).map((item) => ({
      ...changeEntry(item.change),
      outcome: item.outcome,
      ...(item.id ? { createdId: item.id } : {}),
      ...(item.error ? { error: item.error } : {}),
    })),
    peers: result?.peers ?? [],
    nextSteps: result?.nextSteps ?? plan.nextSteps,
    elapsedMs: result?.elapsedMs,
  };
}

/** A change without the declared body (which is in the file). */
function changeEntry(change: PlannedChange): Record<string, unknown> {
  const { declared: _declared, ...entry } = change as PlannedChange & { declared?: unknown };
  return entry;
}
