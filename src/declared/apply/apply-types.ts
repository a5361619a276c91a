import type { ProviderName } from "atlas-peering-client";
import type { PlannedChange } from "../plan/plan-types.js";
import type { NextStep } from "../report/next-steps.js";

/** Options of `applyPeering`. */
export interface ApplyOptions {
  /** The deadline of the whole apply (changes and waits); default 15 minutes (900 000 ms), at most a day. */
  timeoutMs?: number | undefined;
  /** Wait for each declared peer to be AVAILABLE or at your step; default true. */
  wait?: boolean | undefined;
  /** Time between polls while waiting; default 10 s. */
  intervalMs?: number | undefined;
  /** Ends the apply at once: it rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called as the apply goes: each change, and every `progressIntervalMs` while it waits. */
  onProgress?: ((event: ApplyProgress) => void) | undefined;
  /** How often `onProgress` hears `waiting` events; default 5 s. */
  progressIntervalMs?: number | undefined;
}

/** What `onProgress` hears. */
export type ApplyProgress =
  | {
      /** A change started, was made, or failed. */
      type: "change";
      /** `start`, `done` or `failed`. */
      phase: "start" | "done" | "failed";
      /** The change. */
      change: PlannedChange;
      /** For `failed`: why, in one line. */
      message?: string | undefined;
    }
  | {
      /** Still waiting for peers. */
      type: "waiting";
      /** The peers not yet settled (match keys). */
      peers: string[];
      /** Since the apply started. */
      elapsedMs: number;
      /** Before the deadline. */
      remainingMs: number;
    }
  | {
      /** A peer settled. */
      type: "peer";
      /** How it ended. */
      outcome: PeerOutcome;
    };

/** What became of one change. */
export interface AppliedChange {
  /** The planned change. */
  change: PlannedChange;
  /** `done`, `failed`, or `skipped` (an earlier change failed, or the deadline passed). */
  outcome: "done" | "failed" | "skipped";
  /** The id of the resource created (for creates and replaces). */
  id?: string | undefined;
  /** For `failed`: why, in one line. */
  error?: string | undefined;
}

/** Where one declared peer stands at the end. */
export interface PeerOutcome {
  /** Its match key. */
  key: string;
  /** Its provider. */
  providerName: ProviderName;
  /** Its Atlas id, when it exists. */
  id?: string | undefined;
  /** Its last status read. */
  status: string;
  /**
   * - `available`: AVAILABLE.
   * - `waiting-for-user`: PENDING_ACCEPTANCE (AWS) or WAITING_FOR_USER (GCP): see the next steps.
   * - `failed`: FAILED or DELETION_FAILED (`reason` says why).
   * - `timed-out`: the deadline passed first.
   * - `not-waited`: `wait: false`.
   */
  outcome: "available" | "waiting-for-user" | "failed" | "timed-out" | "not-waited";
  /** Why it failed, from the provider's error field; or what it was doing when time ran out. */
  reason?: string | undefined;
}

/** What `applyPeering` returns. */
export interface ApplyResult {
  /** The project. */
  groupId: string;
  /** True when every change was made and every declared peer is AVAILABLE or at your step (or not waited for). */
  ok: boolean;
  /** Each planned change and what became of it, in the order they were made. */
  changes: AppliedChange[];
  /** Each declared peer at the end. */
  peers: PeerOutcome[];
  /** What is left to do on your side of the cloud, filled in. */
  nextSteps: NextStep[];
  /** How long the apply took. */
  elapsedMs: number;
}
