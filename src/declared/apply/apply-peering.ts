import {
  AtlasConnectionError,
  AtlasPeerFailedError,
  AtlasTimeoutError,
  AtlasWaitTimeoutError,
  isAtlasErrorCode,
  peerStatus,
  type AtlasClient,
  type Container,
  type ContainerRequest,
  type Peer,
  type PeerRequest,
} from "atlas-peering-client";
import type { DeclaredPeer } from "../declaration/types.js";
import { AtlasApplyDeadlineError, AtlasPlanBlockedError, AtlasPlanStaleError } from "../errors.js";
import { containerKey, containerKeyOfPeer, peerKey } from "../plan/identity.js";
import { failureReason, leavingStatuses } from "../plan/plan-peering.js";
import type { PeeringPlan, PlannedChange, ProjectSnapshot } from "../plan/plan-types.js";
import { nextStepsFor, type NextStep } from "../report/next-steps.js";
import { peerBody } from "../plan/compare-peer.js";
import { readProjectState, snapshotDifferences, snapshotOf, type ProjectState } from "../state/read-state.js";
import type { AppliedChange, ApplyOptions, ApplyResult, PeerOutcome } from "./apply-types.js";
import { startDeadline, type ApplyDeadline } from "./deadline.js";

const defaultTimeoutMs = 15 * 60_000;

/**
 * Makes a plan's changes, then waits. Refuses a plan with error findings (`AtlasPlanBlockedError`)
 * and one made against a state that has changed since (`AtlasPlanStaleError`: ids and settings, not
 * statuses). Changes go in dependency order: peers leaving first (and waited for until gone), then
 * containers (deleted, created, updated), then peers (created, updated). Each step is idempotent:
 * a create whose answer was lost is read back, not sent twice (`containers.ensure`; a peer by its
 * network's identity), a delete of what is already gone is done. Then it waits, under the same
 * deadline, until each declared peer is AVAILABLE or at the step that needs you
 * (PENDING_ACCEPTANCE, WAITING_FOR_USER), and ends with the next steps, filled in.
 */
export async function applyPeering(
  client: AtlasClient,
  plan: PeeringPlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const errors = plan.findings.filter((finding) => finding.severity === "error");
  if (errors.length > 0 || !plan.state) throw new AtlasPlanBlockedError(errors);
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const deadline = startDeadline(client, timeoutMs, options.signal);
  try {
    const state = await readProjectState(client, plan.groupId, deadline.call());
    const differences = snapshotDifferences(settled(plan.state), settled(snapshotOf(state)));
    if (differences.length > 0) throw new AtlasPlanStaleError(differences);
    const run = new ApplyRun(client, plan, state, deadline, options);
    const changes = await run.makeChanges();
    const failed = changes.some((change) => change.outcome !== "done");
    const peers = failed ? [] : await run.settlePeers(performance.now() - started);
    const nextSteps = failed ? [] : await run.nextSteps(peers);
    const wanted =
      options.wait === false
        ? ["not-waited", "available", "waiting-for-user"]
        : ["available", "waiting-for-user"];
    return {
      groupId: plan.groupId,
      ok: !failed && peers.every((peer) => wanted.includes(peer.outcome)),
      changes,
      peers,
      nextSteps,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    deadline.dispose();
  }
}

/** A snapshot without the peers on their way out: they vanish on their own, which is no change. */
function settled(snapshot: ProjectSnapshot): ProjectSnapshot {
  return { ...snapshot, peers: snapshot.peers.filter((peer) => !leavingStatuses.has(peer.status)) };
}

class ApplyRun {
  readonly #containerIds = new Map<string, string>();
  readonly #peers = new Map<string, Peer>();

  constructor(
    private readonly client: AtlasClient,
    private readonly plan: PeeringPlan,
    private readonly state: ProjectState,
    private readonly deadline: ApplyDeadline,
    private readonly options: ApplyOptions,
  ) {
    for (const container of state.containers) this.#containerIds.set(containerKey(container), container.id);
    for (const peer of state.peers)
      if (!leavingStatuses.has(peerStatus(peer) ?? "")) this.#peers.set(peerKey(peer), peer);
  }

  get #groupId(): string {
    return this.plan.groupId;
  }

  /** Every change, in dependency order; after the first failure the rest are skipped. */
  async makeChanges(): Promise<AppliedChange[]> {
    const phases: Array<
      [(change: PlannedChange) => boolean, (change: PlannedChange) => Promise<string | undefined>]
    > = [
      [
        (change) => change.resource === "peer" && (change.action === "delete" || change.action === "replace"),
        (change) => this.#deletePeer(change),
      ],
      [
        (change) => change.resource === "container" && change.action === "delete",
        (change) => this.#deleteContainer(change),
      ],
      [
        (change) => change.resource === "container" && change.action !== "delete",
        (change) => this.#putContainer(change),
      ],
      [
        (change) => change.resource === "peer" && (change.action === "create" || change.action === "replace"),
        (change) => this.#createPeer(change),
      ],
      [
        (change) => change.resource === "peer" && change.action === "update",
        (change) => this.#updatePeer(change),
      ],
    ];
    const results = new Map<PlannedChange, AppliedChange>();
    let failed = false;
    for (const [belongs, make] of phases) {
      for (const change of this.plan.changes.filter(belongs)) {
        const previous = results.get(change);
        if (failed) {
          if (!previous) results.set(change, { change, outcome: "skipped" });
          continue;
        }
        this.options.onProgress?.({ type: "change", phase: "start", change });
        try {
          this.deadline.check();
          const id = await make(change);
          results.set(change, { change, outcome: "done", ...(id ? { id } : {}) });
          this.options.onProgress?.({ type: "change", phase: "done", change });
        } catch (error) {
          failed = true;
          const message = oneLine(error);
          results.set(change, { change, outcome: "failed", error: message });
          this.options.onProgress?.({ type: "change", phase: "failed", change, message });
        }
      }
    }
    return this.plan.changes.map((change) => results.get(change) ?? { change, outcome: "skipped" });
  }

  async #deletePeer(change: PlannedChange): Promise<undefined> {
    const id = (change as { id: string }).id;
    try {
      await this.client.peers.delete(this.#groupId, id, this.deadline.call());
    } catch (error) {
      if (
        !isAtlasErrorCode(error, "PEER_NOT_FOUND") &&
        !isAtlasErrorCode(error, "PEER_ALREADY_REQUESTED_DELETION")
      )
        throw error;
    }
    // Gone before anything takes its place: its container, or a new peer for the same network.
    await this.client.peers.waitFor(this.#groupId, id, this.#wait("deleted"));
    this.#peers.delete(change.key);
    return undefined;
  }

  async #deleteContainer(change: PlannedChange): Promise<undefined> {
    try {
      await this.client.containers.delete(this.#groupId, (change as { id: string }).id, this.deadline.call());
    } catch (error) {
      if (!isAtlasErrorCode(error, "CLOUD_PROVIDER_CONTAINER_NOT_FOUND")) throw error;
    }
    this.#containerIds.delete(change.key);
    return undefined;
  }

  async #putContainer(change: PlannedChange): Promise<string> {
    const declared = (change as { declared: ContainerRequest }).declared;
    const container: Container =
      change.action === "update"
        ? await this.client.containers.update(this.#groupId, change.id, declared, this.deadline.call())
        : // ensure: found when a create's answer was lost, or another process made it meanwhile.
          await this.client.containers.ensure(this.#groupId, declared, this.deadline.call());
    this.#containerIds.set(containerKey(container), container.id);
    return container.id;
  }

  async #createPeer(change: PlannedChange): Promise<string> {
    const declared = (change as { declared: DeclaredPeer }).declared;
    const containerId = this.#containerIds.get(containerKeyOfPeer(declared));
    if (!containerId)
      throw new Error(`no ${containerKeyOfPeer(declared)} container to create ${change.key} in`);
    // A peer for the same network still being deleted: Atlas refuses a second one until it is gone.
    for (const leaving of this.state.peers)
      if (peerKey(leaving) === change.key && leavingStatuses.has(peerStatus(leaving) ?? ""))
        await this.client.peers.waitFor(this.#groupId, leaving.id, this.#wait("deleted"));
    const body = peerBody(declared, containerId) as PeerRequest;
    let peer: Peer | undefined;
    try {
      peer = await this.client.peers.create(this.#groupId, body, this.deadline.call());
    } catch (error) {
      // The create may have been made (a lost answer), or made by someone else: read it back.
      const mayExist =
        error instanceof AtlasConnectionError ||
        (error instanceof AtlasTimeoutError && !this.deadline.signal.aborted) ||
        isAtlasErrorCode(error, "PEER_ALREADY_EXISTS") ||
        isAtlasErrorCode(error, "PEER_ALREADY_EXISTS_AZURE") ||
        isAtlasErrorCode(error, "PEER_ALREADY_EXISTS_GCP");
      if (mayExist) peer = await this.#findPeer(declared);
      if (!peer) throw error;
    }
    this.#peers.set(change.key, peer);
    return peer.id;
  }

  async #findPeer(declared: DeclaredPeer): Promise<Peer | undefined> {
    const key = peerKey(declared);
    for await (const peer of this.client.peers.list(this.#groupId, {
      ...this.deadline.call(),
      providerName: declared.providerName,
    }))
      if (peerKey(peer) === key && !leavingStatuses.has(peerStatus(peer) ?? "")) return peer;
    return undefined;
  }

  async #updatePeer(change: PlannedChange): Promise<undefined> {
    const declared = (change as { declared: DeclaredPeer }).declared;
    const containerId = this.#containerIds.get(containerKeyOfPeer(declared))!;
    const peer = await this.client.peers.update(
      this.#groupId,
      (change as { id: string }).id,
      peerBody(declared, containerId) as PeerRequest,
      this.deadline.call(),
    );
    this.#peers.set(change.key, peer);
    return undefined;
  }

  /** Waits for every declared peer (AVAILABLE, or the step that needs the user), all at once. */
  async settlePeers(elapsedBefore: number): Promise<PeerOutcome[]> {
    const declaredPeers = this.plan.declaration.peers ?? [];
    if (this.options.wait === false)
      return declaredPeers.map((declared) =>
        this.#outcome(declared, this.#peers.get(peerKey(declared)), "not-waited"),
      );
    const pending = new Set(declaredPeers.map(peerKey));
    const started = performance.now();
    const ticker = setInterval(
      () =>
        this.options.onProgress?.({
          type: "waiting",
          peers: [...pending],
          elapsedMs: Math.round(elapsedBefore + performance.now() - started),
          remainingMs: this.deadline.remainingMs(),
        }),
      this.options.progressIntervalMs ?? 5_000,
    );
    ticker.unref?.();
    try {
      return await Promise.all(
        declaredPeers.map(async (declared) => {
          const outcome = await this.#settle(declared);
          pending.delete(outcome.key);
          this.options.onProgress?.({ type: "peer", outcome });
          return outcome;
        }),
      );
    } finally {
      clearInterval(ticker);
    }
  }

  async #settle(declared: DeclaredPeer): Promise<PeerOutcome> {
    const key = peerKey(declared);
    const known = this.#peers.get(key);
    if (!known)
      return {
        key,
        providerName: declared.providerName,
        status: "none",
        outcome: "failed",
        reason: "not created",
      };
    try {
      // Azure has no step of yours after creation: its peer goes from ADDING_PEER to AVAILABLE.
      const until = declared.providerName === "AZURE" ? "available" : "userAction";
      const peer = (await this.client.peers.waitFor(this.#groupId, known.id, this.#wait(until)))!;
      this.#peers.set(key, peer);
      return this.#outcome(
        declared,
        peer,
        peerStatus(peer) === "AVAILABLE" ? "available" : "waiting-for-user",
      );
    } catch (error) {
      if (error instanceof AtlasPeerFailedError) {
        const failed = { ...known, ...pickErrors(error) } as Peer;
        return {
          ...this.#outcome(declared, known, "failed"),
          status: error.status,
          reason: failureReason(failed),
        };
      }
      if (error instanceof AtlasWaitTimeoutError || error instanceof AtlasApplyDeadlineError)
        return {
          ...this.#outcome(declared, known, "timed-out"),
          status:
            error instanceof AtlasWaitTimeoutError ? error.lastStatus : (peerStatus(known) ?? "unknown"),
          reason: "the deadline passed first",
        };
      throw error;
    }
  }

  #outcome(declared: DeclaredPeer, peer: Peer | undefined, outcome: PeerOutcome["outcome"]): PeerOutcome {
    return {
      key: peerKey(declared),
      providerName: declared.providerName,
      ...(peer ? { id: peer.id } : {}),
      status: peer ? (peerStatus(peer) ?? "unknown") : "none",
      outcome,
    };
  }

  /** The next steps of each declared peer as it ended, with its container as Atlas shows it now. */
  async nextSteps(outcomes: PeerOutcome[]): Promise<NextStep[]> {
    const containers = new Map(
      this.state.containers.map((container) => [containerKey(container), container]),
    );
    // Atlas names a GCP container's network once a peer uses it: read the containers again, time allowing.
    if (!this.deadline.signal.aborted && outcomes.some((outcome) => outcome.outcome !== "timed-out"))
      for await (const container of this.client.containers.listAll(this.#groupId, this.deadline.call()))
        containers.set(containerKey(container), container);
    return (this.plan.declaration.peers ?? []).flatMap((declared) =>
      nextStepsFor(
        declared,
        this.#peers.get(peerKey(declared)),
        containers.get(containerKeyOfPeer(declared)),
      ),
    );
  }

  #wait(until: "available" | "userAction" | "deleted") {
    this.deadline.check();
    // The apply's operation bounds the wait; its own timeoutMs (a day) never comes first.
    return {
      until,
      ...this.deadline.call(),
      timeoutMs: 24 * 3600_000,
      intervalMs: this.options.intervalMs ?? 10_000,
    };
  }
}

function pickErrors(error: AtlasPeerFailedError): Record<string, string> {
  const fields: Record<string, string> = {};
  if (error.errorStateName) fields.errorStateName = error.errorStateName;
  if (error.errorState) fields.errorState = error.errorState;
  if (error.errorMessage) fields.errorMessage = error.errorMessage;
  return fields;
}

/** An error as one line for a report: its name and message, no stack. */
export function oneLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.replace(/\s+/g, " ");
  return String(error).replace(/\s+/g, " ");
}
