import type { AtlasClient, AtlasRequestOptions } from "atlas-peering-client";
import { AtlasApplyDeadlineError } from "../errors.js";

/** One deadline for a whole apply: every call and every wait runs inside it. */
export interface ApplyDeadline {
  /** Aborts when the deadline passes (reason: `AtlasApplyDeadlineError`), the caller's signal does, or at close(). */
  readonly signal: AbortSignal;
  /** Milliseconds left; 0 once passed. */
  remainingMs(): number;
  /** The options to give one call: the operation it runs inside. */
  call(): AtlasRequestOptions;
  /** Throws the deadline's error (or the caller's abort reason) when either has fired. */
  check(): void;
  /** Ends the operation: releases its timer. */
  dispose(): void;
}

/**
 * The apply's deadline: one operation of the client (`client.operation()`), which every call and
 * every wait of the apply is given, so that the client's own scope bounds all of it (backoffs,
 * tokens, a Retry-After, the polls) under this one deadline, and ends with the apply's own error.
 */
export function startDeadline(client: AtlasClient, timeoutMs: number, outer?: AbortSignal): ApplyDeadline {
  const operation = client.operation({
    totalTimeoutMs: timeoutMs,
    signal: outer,
    deadlineError: () => new AtlasApplyDeadlineError(timeoutMs),
  });
  return {
    get signal() {
      return operation.signal;
    },
    remainingMs: () => Math.max(0, Math.floor(operation.remainingMs())),
    call: () => ({ operation }),
    check() {
      if (operation.signal.aborted) throw operation.signal.reason;
    },
    dispose: () => operation.end(),
  };
}
