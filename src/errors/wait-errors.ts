import type { Peer, PeerStatus } from "../types.js";
import { AtlasError, nameErrorClass } from "./atlas-error.js";

/** `waitFor` saw the peer reach FAILED (or DELETION_FAILED): what Atlas said went wrong is kept. */
export class AtlasPeerFailedError extends AtlasError {
  /** Always `"AtlasPeerFailedError"`, whichever copy of the package made the error. */
  override name = "AtlasPeerFailedError";
  static {
    nameErrorClass(this, "AtlasPeerFailedError");
  }
  /** An AWS peer's `errorStateName` (`REJECTED`, `EXPIRED`, `INVALID_ARGUMENT`), when Atlas gave one. */
  declare readonly errorStateName?: string;
  /** An Azure peer's `errorState`, when Atlas gave one. */
  declare readonly errorState?: string;
  /** A GCP peer's `errorMessage`, when Atlas gave one. */
  declare readonly errorMessage?: string;

  /**
   * Made by `waitFor` from the peer it last read; exported so that a test can stand in for a
   * failed peer. The error fields are copied from `peer` when they are strings.
   */
  constructor(
    /** The id of the peer that failed. */
    readonly peerId: string,
    /** The failed state it reached: `FAILED` or `DELETION_FAILED`. */
    readonly status: PeerStatus,
    peer: Peer,
  ) {
    const record = peer as {
      errorStateName?: string | null;
      errorState?: string | null;
      errorMessage?: string | null;
    };
    const why = record.errorStateName ?? record.errorState ?? record.errorMessage;
    super(`peer ${peerId} is ${status}${why ? `: ${why}` : ""}`);
    if (typeof record.errorStateName === "string") this.errorStateName = record.errorStateName;
    if (typeof record.errorState === "string") this.errorState = record.errorState;
    if (typeof record.errorMessage === "string") this.errorMessage = record.errorMessage;
  }
}

/** `waitFor` ran out of time; says what the peer was doing last. */
export class AtlasWaitTimeoutError extends AtlasError {
  /** Always `"AtlasWaitTimeoutError"`, whichever copy of the package made the error. */
  override name = "AtlasWaitTimeoutError";
  static {
    nameErrorClass(this, "AtlasWaitTimeoutError");
  }
  /** Made by `waitFor` when its time is up; exported so that a test can stand in for one. */
  constructor(
    /** The id of the peer waited for. */
    readonly peerId: string,
    /** What the wait was for: `available`, `userAction` or `deleted` (`WaitForOptions.until`). */
    readonly until: string,
    /** The wait's `timeoutMs`, which ran out. */
    readonly timeoutMs: number,
    /** The status the last poll read; `unknown` when no poll got the peer, or the peer had none. */
    readonly lastStatus: PeerStatus | "unknown",
  ) {
    super(`peer ${peerId} did not become ${until} within ${timeoutMs} ms (last status: ${lastStatus})`);
  }
}
