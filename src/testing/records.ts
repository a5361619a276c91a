import { createHash, randomBytes } from "node:crypto";

export type ProviderName = "AWS" | "AZURE" | "GCP";

/** One change the local Atlas applied, for tests that count what a client's retries did. */
export interface AppliedMutation {
  /** Which collection changed. */
  resource: "peers" | "containers";
  /** The operation: `POST` created, `PATCH` updated, `DELETE` deleted a container or started a peer's deletion. */
  method: "POST" | "PATCH" | "DELETE";
  /** The project of the peer or container. */
  groupId: string;
  /** The peer's or container's id. */
  id: string;
  /** False for a PATCH whose settings equal the current ones: replaying it changed nothing. */
  changed: boolean;
  /** sha256 of the request body (for POST and PATCH), to tell one client call's replays from another's. */
  fingerprint?: string;
  /** When it was applied, by the local Atlas's `clock` (default `Date.now`). */
  at: number;
}

/** Appends a change to the log tests read, with its body's fingerprint when it has a body. */
export function logMutation(
  log: AppliedMutation[],
  mutation: Omit<AppliedMutation, "fingerprint">,
  body?: Record<string, unknown>,
): void {
  log.push(body ? { ...mutation, fingerprint: fingerprintOf(body) } : mutation);
}

export function newAtlasId(): string {
  return randomBytes(12).toString("hex");
}

/** Whether two bodies hold the same settings, whatever the order of their keys. */
export function sameSettings(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(sortedEntries(a)) === JSON.stringify(sortedEntries(b));
}

export function fingerprintOf(body: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify(sortedEntries(body)))
    .digest("hex");
}

function sortedEntries(record: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
