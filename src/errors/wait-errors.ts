import type { Peer, PeerStatus } from "../types.js";
import { AtlasError, nameErrorClass } from "./atlas-error.js";

/** `waitFor` saw the peer reach FAILED (or DELETION_FAILED): what Atlas said went wrong is kept. */
export class AtlasPeerFailedError extends AtlasError {
  /** Always `"AtlasPeerFailedError"`, whichever copy of the package made the error. */
  override name = "AtlasPeerFailedError";
  static {
    nameErrorClass(this, "AtlasPeerFailedError");
  }
  /** The id of the peer that failed. */
  declare readonly peerId: string;
  /** The failed state it reached: `FAILED` or `DELETION_FAILED`. */
  declare readonly status: PeerStatus;
  /** An AWS peer's `errorStateName` (`REJECTED`, `EXPIRED`, `INVALID_ARGUMENT`), when Atlas gave one. */
  declare readonly errorStateName?: string;
  /** An Azure peer's `errorState`, when Atlas gave one. */
  declare readonly errorState?: string;
  /** A GCP peer's `errorMessage`, when Atlas gave one. */
  declare readonly errorMessage?: string;

  /**
   * Made by `waitFor` from the peer it last read; exported so that a test can stand in for a
   * failed peer. The error fields are copied from `peer` when they are strings (redacted and
   * bounded, like every text an error carries: they come from a server).
   */
  constructor(peerId: string, status: PeerStatus, peer: Peer) {
    const record = peer as { errorStateName?: unknown; errorState?: unknown; errorMessage?: unknown };
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    const errorStateName = text(record.errorStateName);
    const errorState = text(record.errorState);
    const errorMessage = text(record.errorMessage);
    const why = errorStateName ?? errorState ?? errorMessage;
    super(`peer ${peerId} is ${status}${why ? `: ${why}` : ""}`, {
      fields: { peerId, status, errorStateName, errorState, errorMessage },
    });
  }
}

/** `waitFor` ran out of time; says what the peer was doing last. */
export class AtlasWaitTimeoutError extends AtlasError {
  /** Always `"AtlasWaitTimeoutError"`, whichever copy of the package made the error. */
  override name = "AtlasWaitTimeoutError";
  static {
    nameErrorClass(this, "AtlasWaitTimeoutError");
  }
  /** The id of the peer waited for. */
  declare readonly peerId: string;
  /** What the wait was for: `available`, `userAction` or `deleted` (`WaitForOptions.until`). */
  declare readonly until: string;
  /** The wait's `timeoutMs`, which ran out. */
  declare readonly timeoutMs: number;
  /** The status the last poll read; `unknown` when no poll got the peer, or the peer had none. */
  declare readonly lastStatus: PeerStatus | "unknown";

  /** Made by `waitFor` when its time is up; exported so that a test can stand in for one. */
  constructor(peerId: string, until: string, timeoutMs: number, lastStatus: PeerStatus | "unknown") {
    super(`peer ${peerId} did not become ${until} within ${timeoutMs} ms (last status: ${lastStatus})`, {
      fields: { peerId, until, timeoutMs, lastStatus },
    });
  }
}
