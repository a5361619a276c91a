import { AtlasInvalidRequestError } from "atlas-peering-client";
import { peerBlockProblem } from "./cidr-rules.js";
import { containerNotFound, type ContainersStore } from "./containers-store.js";
import { failure, pageOf, providerCannotChange, type OperationResult } from "./operation-result.js";
import { logMutation, newAtlasId, sameSettings, type AppliedMutation, type ProviderName } from "./records.js";

/** How each provider's peer moves: states while being created (the last is final), and while deleted. */
const lifecycles: Record<
  ProviderName,
  { statusField: "statusName" | "status"; creating: string[]; deleting: string }
> = {
  AWS: {
    statusField: "statusName",
    creating: ["INITIATING", "PENDING_ACCEPTANCE", "FINALIZING", "AVAILABLE"],
    deleting: "TERMINATING",
  },
  AZURE: { statusField: "status", creating: ["ADDING_PEER", "AVAILABLE"], deleting: "DELETING" },
  GCP: {
    statusField: "status",
    creating: ["ADDING_PEER", "WAITING_FOR_USER", "AVAILABLE"],
    deleting: "DELETING",
  },
};

/** Fields that make two peers the same connection: creating it twice is a 409. */
const identityFields: Record<ProviderName, string[]> = {
  AWS: ["awsAccountId", "vpcId"],
  AZURE: ["azureSubscriptionId", "resourceGroupName", "vnetName"],
  GCP: ["gcpProjectId", "networkName"],
};

/** The error fields of a FAILED peer, one per provider. */
export interface PeerFailure {
  /** AWS: REJECTED, EXPIRED or INVALID_ARGUMENT. */
  errorStateName?: string | undefined;
  /** Azure. */
  errorState?: string | undefined;
  /** GCP. */
  errorMessage?: string | undefined;
}

interface PeerRecord {
  id: string;
  groupId: string;
  providerName: ProviderName;
  settings: Record<string, unknown>;
  phase: "creating" | "deleting";
  phaseStartedAt: number;
  failure?: PeerFailure;
  /** With `holdAtUserStep`: the user did their step (`state.acceptPeer`), so the lifecycle goes on. */
  accepted?: boolean;
}

/** The step of each lifecycle that waits for the user's side of the cloud (Azure has none). */
const userSteps: Record<ProviderName, string | undefined> = {
  AWS: "PENDING_ACCEPTANCE",
  AZURE: undefined,
  GCP: "WAITING_FOR_USER",
};

/**
 * The projects and peers of the local Atlas, with statuses that move over time: each step of a
 * lifecycle lasts `transitionMs`, and statuses are computed when read (from `now`, which a test
 * may control), so no timer runs. A peer lives in a container of its own provider: a `containerId`
 * that names no container of the project is 404 CLOUD_PROVIDER_CONTAINER_NOT_FOUND, as in Atlas.
 */
export class PeersStore {
  readonly #groups = new Map<string, Map<string, PeerRecord>>();
  readonly #mutations: AppliedMutation[];
  readonly #containers: ContainersStore;
  transitionMs: number;
  readonly #now: () => number;
  /** Peers stop at the user's step (PENDING_ACCEPTANCE, WAITING_FOR_USER) until `acceptPeer`. */
  readonly #holdAtUserStep: boolean;

  constructor(
    transitionMs: number,
    now: () => number,
    containers: ContainersStore,
    mutations: AppliedMutation[],
    holdAtUserStep = false,
  ) {
    this.transitionMs = transitionMs;
    this.#holdAtUserStep = holdAtUserStep;
    this.#now = now;
    this.#containers = containers;
    this.#mutations = mutations;
  }

  addGroup(groupId: string = newAtlasId()): string {
    if (!this.#groups.has(groupId)) this.#groups.set(groupId, new Map());
    return groupId;
  }

  hasGroup(groupId: string): boolean {
    return this.#groups.has(groupId);
  }

  /** The peers of a project as Atlas would show them now. */
  peers(groupId: string): Array<Record<string, unknown>> {
    return [...this.#live(groupId).values()].map((record) => this.#view(record));
  }

  /** Whether a peer (not yet gone, deleting ones included) lives in the container. */
  usesContainer(groupId: string, containerId: string): boolean {
    return [...this.#live(groupId).values()].some((record) => record.settings.containerId === containerId);
  }

  /** Makes a peer FAILED, as Atlas does when the cloud provider refuses it. */
  failPeer(groupId: string, peerId: string, failure: PeerFailure = { errorStateName: "REJECTED" }): void {
    const record = this.#live(groupId).get(peerId);
    if (!record) throw new AtlasInvalidRequestError("peerId", `no peer ${peerId} in ${groupId}`);
    record.failure = failure;
  }

  /**
   * The user did their step for a peer held at it (accepted the AWS request, created the GCP
   * peering): it moves on one `transitionMs` later, as Atlas notices. Throws for a peer that is not
   * at such a step.
   */
  acceptPeer(groupId: string, peerId: string): void {
    const record = this.#live(groupId).get(peerId);
    if (!record) throw new AtlasInvalidRequestError("peerId", `no peer ${peerId} in ${groupId}`);
    const view = this.#view(record);
    const step = userSteps[record.providerName];
    if (!step || view[lifecycles[record.providerName].statusField] !== step)
      throw new AtlasInvalidRequestError(
        "peerId",
        `peer ${peerId} is not waiting for the user (${String(view.statusName ?? view.status)})`,
      );
    record.accepted = true;
    record.phaseStartedAt =
      this.#now() - lifecycles[record.providerName].creating.indexOf(step) * this.transitionMs;
  }

  create(groupId: string, body: Record<string, unknown>): OperationResult {
    const peers = this.#live(groupId);
    const providerName = body.providerName as ProviderName;
    const containerProblem = this.#containerProblem(groupId, body);
    if (containerProblem) return containerProblem;
    const identity = identityFields[providerName];
    const duplicate = [...peers.values()].find(
      (record) =>
        record.providerName === providerName &&
        identity.every((field) => record.settings[field] === body[field]),
    );
    if (duplicate) {
      const errorCode =
        providerName === "AWS" ? "PEER_ALREADY_EXISTS" : `PEER_ALREADY_EXISTS_${providerName}`;
      return failure(
        409,
        errorCode,
        `A peering connection to this network already exists (${duplicate.id}).`,
      );
    }
    const record: PeerRecord = {
      id: newAtlasId(),
      groupId,
      providerName,
      settings: { ...body },
      phase: "creating",
      phaseStartedAt: this.#now(),
    };
    peers.set(record.id, record);
    this.#containers.markProvisioned(groupId, String(body.containerId));
    this.#record("POST", groupId, record.id, true, body);
    return { status: 200, body: this.#view(record) };
  }

  get(groupId: string, peerId: string): OperationResult {
    const record = this.#live(groupId).get(peerId);
    return record ? { status: 200, body: this.#view(record) } : peerNotFound(peerId);
  }

  update(groupId: string, peerId: string, body: Record<string, unknown>): OperationResult {
    const record = this.#live(groupId).get(peerId);
    if (!record) return peerNotFound(peerId);
    if (record.phase === "deleting")
      return failure(409, "PEER_INVALID_STATE", `Peer ${peerId} is being deleted and cannot be updated.`);
    if (body.providerName !== record.providerName) return providerCannotChange("peer", record.providerName);
    const containerProblem = this.#containerProblem(groupId, body);
    if (containerProblem) return containerProblem;
    const changed = !sameSettings(record.settings, body);
    if (changed) {
      // New settings: Atlas sets the connection up again.
      record.settings = { ...body };
      record.phaseStartedAt = this.#now();
      delete record.failure;
      delete record.accepted;
      this.#containers.markProvisioned(groupId, String(body.containerId));
    }
    this.#record("PATCH", groupId, peerId, changed, body);
    return { status: 200, body: this.#view(record) };
  }

  delete(groupId: string, peerId: string): OperationResult {
    const record = this.#live(groupId).get(peerId);
    if (!record) return peerNotFound(peerId);
    if (record.phase === "deleting")
      return failure(
        409,
        "PEER_ALREADY_REQUESTED_DELETION",
        `Deletion of peer ${peerId} was already requested.`,
      );
    record.phase = "deleting";
    record.phaseStartedAt = this.#now();
    delete record.failure;
    this.#record("DELETE", groupId, peerId, true);
    return { status: 202, body: {} };
  }

  list(groupId: string, query: URLSearchParams, href: (page: string) => string): OperationResult {
    const providerName = query.get("providerName") ?? "AWS";
    const all = this.peers(groupId).filter((peer) => peer.providerName === providerName);
    return pageOf(all, query, (pageNum, itemsPerPage) =>
      href(`providerName=${providerName}&itemsPerPage=${itemsPerPage}&pageNum=${pageNum}`),
    );
  }

  /** A peer's container must exist in the project and serve the peer's provider; an AWS VPC must not overlap it. */
  #containerProblem(groupId: string, body: Record<string, unknown>): OperationResult | undefined {
    const containerId = String(body.containerId);
    const provider = this.#containers.providerOf(groupId, containerId);
    if (provider === undefined) return containerNotFound(containerId);
    if (provider !== body.providerName)
      return failure(
        400,
        "VALIDATION_ERROR",
        `Container ${containerId} is an ${provider} container; a ${String(body.providerName)} peer needs a ${String(body.providerName)} container.`,
        { field: "containerId" },
      );
    return peerBlockProblem(body, this.#containers.settingsOf(groupId, containerId)?.atlasCidrBlock);
  }

  #record(
    method: AppliedMutation["method"],
    groupId: string,
    id: string,
    changed: boolean,
    body?: Record<string, unknown>,
  ): void {
    logMutation(this.#mutations, { resource: "peers", method, groupId, id, changed, at: this.#now() }, body);
  }

  /** A project's peers, with those whose deletion has finished removed. */
  #live(groupId: string): Map<string, PeerRecord> {
    const peers = this.#groups.get(groupId) ?? new Map<string, PeerRecord>();
    const now = this.#now();
    for (const [id, record] of peers) {
      if (record.phase === "deleting" && now - record.phaseStartedAt >= this.transitionMs) peers.delete(id);
    }
    return peers;
  }

  #view(record: PeerRecord): Record<string, unknown> {
    const lifecycle = lifecycles[record.providerName];
    const view: Record<string, unknown> = {
      ...record.settings,
      id: record.id,
      providerName: record.providerName,
    };
    let status: string;
    if (record.failure) status = "FAILED";
    else if (record.phase === "deleting") status = lifecycle.deleting;
    else {
      let step =
        this.transitionMs <= 0
          ? Infinity
          : Math.floor((this.#now() - record.phaseStartedAt) / this.transitionMs);
      const userStep = userSteps[record.providerName];
      if (this.#holdAtUserStep && userStep && !record.accepted)
        step = Math.min(step, lifecycle.creating.indexOf(userStep));
      status = lifecycle.creating[Math.min(step, lifecycle.creating.length - 1)]!;
    }
    view[lifecycle.statusField] = status;
    if (record.providerName === "AWS" && status !== "INITIATING")
      view.connectionId = `pcx-${record.id.slice(0, 17)}`;
    // "The resource returns null if your VPC and the MongoDB Cloud VPC reside in the same region."
    if (record.providerName === "AWS" && typeof view.accepterRegionName === "string") {
      const region = this.#containers.settingsOf(
        record.groupId,
        String(record.settings.containerId),
      )?.regionName;
      if (
        typeof region === "string" &&
        view.accepterRegionName.toLowerCase() === region.toLowerCase().replace(/_/g, "-")
      )
        view.accepterRegionName = null;
    }
    if (record.failure) Object.assign(view, record.failure);
    return view;
  }
}

function peerNotFound(peerId: string): OperationResult {
  return failure(
    404,
    "PEER_NOT_FOUND",
    `No network peering connection with ID ${peerId} exists in this project.`,
  );
}
