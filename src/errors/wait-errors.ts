import type { Peer, PeerStatus } from "../types.js";
import { AtlasError, nameErrorClass } from "./atlas-error.js";

/** `waitFor` saw the peer reach FAILED (or DELETION_FAILED): what Atlas said went wrong is kept. */
export class AtlasPeerFailedError extends AtlasError {
  override name = "AtlasPeerFailedError";
  static {
    nameErrorClass(this, "AtlasPeerFailedError");
  }
  declare readonly errorStateName?: string;
  declare readonly errorState?: string;
  declare readonly errorMessage?: string;

  constructor(
    readonly peerId: string,
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
  override name = "AtlasWaitTimeoutError";
  static {
    nameErrorClass(this, "AtlasWaitTimeoutError");
  }
  constructor(
    readonly peerId: string,
    readonly until: string,
    readonly timeoutMs: number,
    readonly lastStatus: PeerStatus | "unknown",
  ) {
    super(`peer ${peerId} did not become ${until} within ${timeoutMs} ms (last status: ${lastStatus})`);
  }
}
