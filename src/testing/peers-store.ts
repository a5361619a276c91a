import { createHash, randomBytes } from "node:crypto";

export type ProviderName = "AWS" | "AZURE" | "GCP";

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
  errorStateName?: string;
  /** Azure. */
  errorState?: string;
  /** GCP. */
  errorMessage?: string;
}

interface PeerRecord {
  id: string;
  providerName: ProviderName;
  settings: Record<string, unknown>;
  phase: "creating" | "deleting";
  phaseStartedAt: number;
  failure?: PeerFailure;
}

/** One change the local Atlas applied, for tests that count what a client's retries did. */
export interface AppliedMutation {
  method: "POST" | "PATCH" | "DELETE";
  groupId: string;
  peerId: string;
  /** False for a PATCH whose settings equal the current ones: replaying it changed nothing. */
  changed: boolean;
  /** sha256 of the request body (for POST and PATCH), to tell one client call's replays from another's. */
  fingerprint?: string;
  at: number;
}

export type OperationResult =
  | { status: number; body: unknown; list?: false }
  | {
      status: 200;
      body: { results: unknown[]; totalCount?: number; links: Array<{ href: string; rel: string }> };
      list: true;
    }
  | {
      status: number;
      error: {
        errorCode: string;
        detail: string;
        badRequestDetail?: { fields: Array<{ field: string; description: string }> };
      };
    };

export function newAtlasId(): string {
  return randomBytes(12).toString("hex");
}

/**
 * The projects and peers of the local Atlas, with statuses that move over time: each step of a
 * lifecycle lasts `transitionMs`, and statuses are computed when read (from `now`, which a test
 * may control), so no timer runs.
 */
export class PeersStore {
  readonly #groups = new Map<string, Map<string, PeerRecord>>();
  readonly mutations: AppliedMutation[] = [];
  transitionMs: number;
  readonly #now: () => number;

  constructor(transitionMs: number, now: () => number = Date.now) {
    this.transitionMs = transitionMs;
    this.#now = now;
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

  /** Makes a peer FAILED, as Atlas does when the cloud provider refuses it. */
  failPeer(groupId: string, peerId: string, failure: PeerFailure = { errorStateName: "REJECTED" }): void {
    const record = this.#live(groupId).get(peerId);
    if (!record) throw new Error(`no peer ${peerId} in ${groupId}`);
    record.failure = failure;
  }

  create(groupId: string, body: Record<string, unknown>): OperationResult {
    const peers = this.#live(groupId);
    const providerName = body.providerName as ProviderName;
    const identity = identityFields[providerName];
    const duplicate = [...peers.values()].find(
      (record) =>
        record.providerName === providerName &&
        identity.every((field) => record.settings[field] === body[field]),
    );
    if (duplicate) {
      const errorCode =
        providerName === "AWS" ? "PEER_ALREADY_EXISTS" : `PEER_ALREADY_EXISTS_${providerName}`;
      return {
        status: 409,
        error: {
          errorCode,
          detail: `A peering connection to this network already exists (${duplicate.id}).`,
        },
      };
    }
    const record: PeerRecord = {
      id: newAtlasId(),
      providerName,
      settings: { ...body },
      phase: "creating",
      phaseStartedAt: this.#now(),
    };
    peers.set(record.id, record);
    this.mutations.push({
      method: "POST",
      groupId,
      peerId: record.id,
      changed: true,
      fingerprint: fingerprintOf(body),
      at: this.#now(),
    });
    return { status: 200, body: this.#view(record) };
  }

  get(groupId: string, peerId: string): OperationResult {
    const record = this.#live(groupId).get(peerId);
    return record ? { status: 200, body: this.#view(record) } : peerNotFound(peerId);
  }

  update(groupId: string, peerId: string, body: Record<string, unknown>): OperationResult {
    const record = this.#live(groupId).get(peerId);
    if (!record) return peerNotFound(peerId);
    if (record.phase === "deleting") {
      return {
        status: 409,
        error: {
          errorCode: "PEER_INVALID_STATE",
          detail: `Peer ${peerId} is being deleted and cannot be updated.`,
        },
      };
    }
    if (body.providerName !== record.providerName) {
      return {
        status: 400,
        error: {
          errorCode: "VALIDATION_ERROR",
          detail: "providerName cannot change.",
          badRequestDetail: {
            fields: [{ field: "providerName", description: `The peer is ${record.providerName}.` }],
          },
        },
      };
    }
    const changed = JSON.stringify(sortedEntries(record.settings)) !== JSON.stringify(sortedEntries(body));
    if (changed) {
      // New settings: Atlas sets the connection up again.
      record.settings = { ...body };
      record.phaseStartedAt = this.#now();
      delete record.failure;
    }
    this.mutations.push({
      method: "PATCH",
      groupId,
      peerId,
      changed,
      fingerprint: fingerprintOf(body),
      at: this.#now(),
    });
    return { status: 200, body: this.#view(record) };
  }

  delete(groupId: string, peerId: string): OperationResult {
    const record = this.#live(groupId).get(peerId);
    if (!record) return peerNotFound(peerId);
    if (record.phase === "deleting") {
      return {
        status: 409,
        error: {
          errorCode: "PEER_ALREADY_REQUESTED_DELETION",
          detail: `Deletion of peer ${peerId} was already requested.`,
        },
      };
    }
    record.phase = "deleting";
    record.phaseStartedAt = this.#now();
    delete record.failure;
    this.mutations.push({ method: "DELETE", groupId, peerId, changed: true, at: this.#now() });
    return { status: 202, body: {} };
  }

  list(groupId: string, baseUrl: string, query: URLSearchParams): OperationResult {
    const providerName = query.get("providerName") ?? "AWS";
    const itemsPerPage = Number(query.get("itemsPerPage") ?? 100);
    const pageNum = Number(query.get("pageNum") ?? 1);
    const includeCount = query.get("includeCount") !== "false";
    const all = this.peers(groupId).filter((peer) => peer.providerName === providerName);
    const results = all.slice((pageNum - 1) * itemsPerPage, pageNum * itemsPerPage);
    const page = (number: number) =>
      `${baseUrl}/api/atlas/v2/groups/${groupId}/peers?providerName=${providerName}&itemsPerPage=${itemsPerPage}&pageNum=${number}`;
    const links = [{ href: page(pageNum), rel: "self" }];
    if (pageNum > 1) links.push({ href: page(pageNum - 1), rel: "previous" });
    if (pageNum * itemsPerPage < all.length) links.push({ href: page(pageNum + 1), rel: "next" });
    return {
      status: 200,
      list: true,
      body: includeCount ? { links, results, totalCount: all.length } : { links, results },
    };
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
      const step =
        this.transitionMs <= 0
          ? Infinity
          : Math.floor((this.#now() - record.phaseStartedAt) / this.transitionMs);
      status = lifecycle.creating[Math.min(step, lifecycle.creating.length - 1)]!;
    }
    view[lifecycle.statusField] = status;
    if (record.providerName === "AWS" && status !== "INITIATING")
      view.connectionId = `pcx-${record.id.slice(0, 17)}`;
    if (record.failure) Object.assign(view, record.failure);
    return view;
  }
}

function peerNotFound(peerId: string): OperationResult {
  return {
    status: 404,
    error: {
      errorCode: "PEER_NOT_FOUND",
      detail: `No network peering connection with ID ${peerId} exists in this project.`,
    },
  };
}

function fingerprintOf(body: Record<string, unknown>): string {
  return createHash("sha256")
    .update(JSON.stringify(sortedEntries(body)))
    .digest("hex");
}

function sortedEntries(record: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}
