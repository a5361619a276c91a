import { AtlasInvalidRequestError } from "atlas-peering-client";
import { randomBytes } from "node:crypto";
import { containerBlockProblem } from "./cidr-rules.js";
import { failure, pageOf, providerCannotChange, type OperationResult } from "./operation-result.js";
import { logMutation, newAtlasId, sameSettings, type AppliedMutation, type ProviderName } from "./records.js";

interface ContainerRecord {
  id: string;
  providerName: ProviderName;
  /** What the caller set: atlasCidrBlock and regionName (AWS), region (Azure) or regions (GCP). */
  settings: Record<string, unknown>;
  /** What Atlas set when it created the container (vpcId, azureSubscriptionId, gcpProjectId, ...). */
  assigned: Record<string, string>;
  /** Set for good once a peer or a cluster uses the container, as Atlas does. */
  provisioned: boolean;
}

/**
 * The network peering containers of the local Atlas. Atlas's rules, where a client can tell:
 * one container per provider and region for AWS and Azure, one per project for GCP (a second is
 * 409 CONTAINER_ALREADY_EXISTS); a container in use by peers or clusters cannot be deleted or have
 * its settings changed (409 CONTAINERS_IN_USE); `provisioned` becomes true once something uses it,
 * and the Azure and GCP network names appear then (null before, as the descriptions say).
 */
export class ContainersStore {
  readonly #groups = new Map<string, Map<string, ContainerRecord>>();
  /** `groupId/containerId` of containers a cluster was deployed to (`state.deployCluster`). */
  readonly #clusters = new Set<string>();
  readonly #mutations: AppliedMutation[];
  readonly #now: () => number;

  constructor(mutations: AppliedMutation[], now: () => number) {
    this.#mutations = mutations;
    this.#now = now;
  }

  /** The containers of a project as Atlas would show them now. */
  containers(groupId: string): Array<Record<string, unknown>> {
    return [...this.#of(groupId).values()].map(view);
  }

  /** The provider of a container, for checking a peer's `containerId`; undefined when there is none. */
  providerOf(groupId: string, containerId: string): ProviderName | undefined {
    return this.#of(groupId).get(containerId)?.providerName;
  }

  /** A container's settings as its creator set them (atlasCidrBlock, regionName, ...); undefined when there is none. */
  settingsOf(groupId: string, containerId: string): Readonly<Record<string, unknown>> | undefined {
    return this.#of(groupId).get(containerId)?.settings;
  }

  /** Marks a container as used (a peer was created in it, or a cluster deployed to it). */
  markProvisioned(groupId: string, containerId: string): void {
    const record = this.#of(groupId).get(containerId);
    if (record) record.provisioned = true;
  }

  /** As if a cluster were deployed to the container: provisioned, and in use for good. */
  deployCluster(groupId: string, containerId: string): void {
    if (!this.#of(groupId).has(containerId))
      throw new AtlasInvalidRequestError("containerId", `no container ${containerId} in ${groupId}`);
    this.markProvisioned(groupId, containerId);
    this.#clusters.add(`${groupId}/${containerId}`);
  }

  hasCluster(groupId: string, containerId: string): boolean {
    return this.#clusters.has(`${groupId}/${containerId}`);
  }

  /**
   * `seeded`: one of the containers the local Atlas starts with (`startMockAtlas({ containers })`),
   * with its own id; part of the initial state, so not a mutation.
   */
  create(groupId: string, body: Record<string, unknown>, seeded?: { id: string }): OperationResult {
    const providerName = body.providerName as ProviderName;
    const invalidBlock = containerBlockProblem(body);
    if (invalidBlock) return invalidBlock;
    if (this.#sameSlot(groupId, providerName, body)) return alreadyExists(groupId);
    const record: ContainerRecord = {
      id: seeded?.id ?? newAtlasId(),
      providerName,
      settings: { ...body },
      assigned: assignedFields(providerName),
      provisioned: false,
    };
    this.#of(groupId).set(record.id, record);
    if (!seeded) this.#record("POST", groupId, record.id, true, body);
    return { status: 200, body: view(record) };
  }

  get(groupId: string, containerId: string): OperationResult {
    const record = this.#of(groupId).get(containerId);
    return record ? { status: 200, body: view(record) } : containerNotFound(containerId);
  }

  /** `inUse`: whether peers (or clusters) use the container now, as the local Atlas knows. */
  update(
    groupId: string,
    containerId: string,
    body: Record<string, unknown>,
    inUse: boolean,
  ): OperationResult {
    const record = this.#of(groupId).get(containerId);
    if (!record) return containerNotFound(containerId);
    if (body.providerName !== record.providerName)
      return providerCannotChange("container", record.providerName);
    const changed = !sameSettings(record.settings, body);
    const invalidBlock = changed ? containerBlockProblem(body) : undefined;
    if (invalidBlock) return invalidBlock;
    if (changed && inUse && !onlyAddsRegions(record.settings, body))
      return failure(409, "CONTAINERS_IN_USE", `Cannot modify in use containers. ${containerId} is in use.`, {
        parameters: [containerId],
      });
    if (changed && this.#sameSlot(groupId, record.providerName, body, containerId))
      return alreadyExists(groupId);
    if (changed) record.settings = { ...body };
    this.#record("PATCH", groupId, containerId, changed, body);
    return { status: 200, body: view(record) };
  }

  delete(groupId: string, containerId: string, inUse: boolean): OperationResult {
    const record = this.#of(groupId).get(containerId);
    if (!record) return containerNotFound(containerId);
    if (inUse)
      return failure(409, "CONTAINERS_IN_USE", `Cannot modify in use containers. ${containerId} is in use.`, {
        parameters: [containerId],
      });
    this.#of(groupId).delete(containerId);
    this.#clusters.delete(`${groupId}/${containerId}`);
    this.#record("DELETE", groupId, containerId, true);
    return { status: 204, body: undefined };
  }

  /** `GET /containers` (one provider, AWS by default) and `GET /containers/all` (`providerName` undefined). */
  list(
    groupId: string,
    providerName: string | undefined,
    query: URLSearchParams,
    href: (page: string) => string,
  ): OperationResult {
    const all = this.containers(groupId).filter(
      (container) => !providerName || container.providerName === providerName,
    );
    return pageOf(all, query, (pageNum, itemsPerPage) =>
      href(
        `${providerName ? `providerName=${providerName}&` : ""}itemsPerPage=${itemsPerPage}&pageNum=${pageNum}`,
      ),
    );
  }

  /** Another container of the project already holds this provider and region (GCP: this provider). */
  #sameSlot(
    groupId: string,
    providerName: ProviderName,
    body: Record<string, unknown>,
    except?: string,
  ): boolean {
    return [...this.#of(groupId).values()].some(
      (record) =>
        record.id !== except &&
        record.providerName === providerName &&
        (providerName === "GCP" || regionOf(record.settings) === regionOf(body)),
    );
  }

  #of(groupId: string): Map<string, ContainerRecord> {
    let containers = this.#groups.get(groupId);
    if (!containers) this.#groups.set(groupId, (containers = new Map()));
    return containers;
  }

  #record(
    method: AppliedMutation["method"],
    groupId: string,
    id: string,
    changed: boolean,
    body?: Record<string, unknown>,
  ): void {
    logMutation(
      this.#mutations,
      { resource: "containers", method, groupId, id, changed, at: this.#now() },
      body,
    );
  }
}

function regionOf(settings: Record<string, unknown>): unknown {
  return settings.regionName ?? settings.region;
}

/** GCP lets a container in use gain regions (clusters may then deploy there); nothing else may change. */
function onlyAddsRegions(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  const { regions: had = [], ...rest } = before as { regions?: string[] };
  const { regions: has = [], ...restAfter } = after as { regions?: string[] };
  return sameSettings(rest, restAfter) && had.every((region) => has.includes(region));
}

/** Identifiers Atlas assigns a new container, in the patterns the fragment declares for them. */
function assignedFields(providerName: ProviderName): Record<string, string> {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  const base36 = (length: number) =>
    [...randomBytes(length)].map((byte) => "0123456789abcdefghijklmnopqrstuvwxyz"[byte % 36]).join("");
  if (providerName === "AWS") return { vpcId: `vpc-${hex(9).slice(0, 17)}` };
  if (providerName === "AZURE") return { azureSubscriptionId: hex(12), vnetName: `vnet_${hex(12)}` };
  return { gcpProjectId: `p-${base36(24)}`, networkName: `nt-${hex(12)}-${base36(8)}` };
}

/** The container as Atlas shows it: network names only once provisioned (null before). */
function view(record: ContainerRecord): Record<string, unknown> {
  const shown: Record<string, unknown> = {
    ...record.settings,
    id: record.id,
    providerName: record.providerName,
  };
  shown.provisioned = record.provisioned;
  for (const [field, value] of Object.entries(record.assigned))
    shown[field] = field === "vpcId" || field === "azureSubscriptionId" || record.provisioned ? value : null;
  return shown;
}

function alreadyExists(groupId: string): OperationResult {
  return failure(409, "CONTAINER_ALREADY_EXISTS", `A container already exists for group ${groupId}.`, {
    parameters: [groupId],
  });
}

export function containerNotFound(containerId: string): OperationResult {
  return failure(
    404,
    "CLOUD_PROVIDER_CONTAINER_NOT_FOUND",
    `An invalid cloud provider container ID ${containerId} was specified.`,
    {
      parameters: [containerId],
    },
  );
}
