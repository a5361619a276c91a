import { operationLabel, type ResolvedSelection, type SelectedOperation } from "./selection.js";

/**
 * How the operations a selection takes from a document differ from those it took before (the last
 * vendoring, as spec/SOURCE.json records it, or the older of two documents compared): operations
 * gained and lost, and selection entries that match nothing in the new document. Upstream moving
 * an operation to another tag, renaming the path of an excluded one, or a download cut short all
 * show here first, by name, before anything they break downstream.
 */
export interface SelectionDelta {
  /** What the new selection is compared with: `spec/SOURCE.json (the last vendoring)`, a document. */
  against: string;
  gained: SelectedOperation[];
  lost: SelectedOperation[];
  /** Entries of spec/selection.yaml that match nothing in the new document: `exclude operation GET /x`. */
  unmatched: string[];
}

/** The delta between the operations taken before (`METHOD /path` -> operationId) and now. */
export function selectionDelta(
  before: ReadonlyMap<string, string> | undefined,
  now: ResolvedSelection,
  against: string,
): SelectionDelta {
  if (!before) return { against, gained: [], lost: [], unmatched: now.unmatched };
  const nowByLabel = new Map(now.operations.map((operation) => [operationLabel(operation), operation]));
  const lost = [...before]
    .filter(([label]) => !nowByLabel.has(label))
    .map(([label, operationId]) => {
      const [method, ...path] = label.split(" ");
      return { method: method!.toLowerCase(), path: path.join(" "), operationId };
    });
  return {
    against,
    gained: now.operations.filter((operation) => !before.has(operationLabel(operation))),
    lost,
    unmatched: now.unmatched,
  };
}

/** The operations of a cut, keyed as SOURCE.json keys them. */
export function operationsByLabel(selected: ResolvedSelection): Map<string, string> {
  return new Map(selected.operations.map((operation) => [operationLabel(operation), operation.operationId]));
}

export function isEmptyDelta(delta: SelectionDelta): boolean {
  return delta.gained.length + delta.lost.length + delta.unmatched.length === 0;
}

/** `GET /path (operationId)`, as the delta names an operation. */
export function describeOperation(operation: SelectedOperation): string {
  return `${operationLabel(operation)} (${operation.operationId})`;
}
