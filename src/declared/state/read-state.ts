import {
  peerStatus,
  type AtlasClient,
  type AtlasRequestOptions,
  type Container,
  type Peer,
  type ProviderName,
} from "atlas-peering-client";
import { normalizedBlock } from "../rules/cidr.js";
import { containerKey, peerKey } from "../plan/identity.js";
import type { ContainerSnapshot, PeerSnapshot, ProjectSnapshot } from "../plan/plan-types.js";

/** What exists in a project: the resources as Atlas returned them. */
export interface ProjectState {
  /** Every container, whatever its provider. */
  containers: Container[];
  /** Every peer of every provider. */
  peers: Peer[];
}

const providers: ProviderName[] = ["AWS", "AZURE", "GCP"];

/** The fields of a peer that are not its settings: set by Atlas, or moving on their own. */
const notSettings = new Set([
  "id",
  "providerName",
  "containerId",
  "statusName",
  "status",
  "connectionId",
  "errorStateName",
  "errorState",
  "errorMessage",
  "links",
]);

/**
 * Reads the project: every container (`GET /containers/all`) and the peers of each provider
 * (`GET /peers?providerName=...`: Atlas lists one provider's at a time). Four listings, page after
 * page; reads only.
 */
export async function readProjectState(
  client: AtlasClient,
  groupId: string,
  options: AtlasRequestOptions,
): Promise<ProjectState> {
  const containers: Container[] = [];
  for await (const container of client.containers.listAll(groupId, { ...options, itemsPerPage: 500 }))
    containers.push(container);
  const peers: Peer[] = [];
  for (const providerName of providers)
    for await (const peer of client.peers.list(groupId, { ...options, providerName, itemsPerPage: 500 }))
      peers.push(peer);
  return { containers, peers };
}

/** The state as the plan records it: ids and settings, statuses kept aside. */
export function snapshotOf(state: ProjectState): ProjectSnapshot {
  return {
    containers: state.containers.map(containerSnapshot).sort((a, b) => a.id.localeCompare(b.id)),
    peers: state.peers.map(peerSnapshot).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

export function containerSnapshot(container: Container): ContainerSnapshot {
  const snapshot: ContainerSnapshot = {
    id: container.id,
    providerName: container.providerName,
    key: containerKey(container),
    atlasCidrBlock: normalizedBlock(container.atlasCidrBlock),
    provisioned: container.provisioned === true,
  };
  if (container.providerName === "GCP") snapshot.regions = [...(container.regions ?? [])].sort();
  return snapshot;
}

export function peerSnapshot(peer: Peer): PeerSnapshot {
  const settings: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(peer).sort(([a], [b]) => a.localeCompare(b)))
    if (!notSettings.has(field)) settings[field] = value ?? null;
  return {
    id: peer.id,
    providerName: (peer.providerName ?? "AWS") as ProviderName,
    key: peerKey(peer),
    containerId: String(peer.containerId),
    settings,
    status: peerStatus(peer) ?? "unknown",
  };
}

/**
 * What differs between two snapshots in ids and settings (statuses and `provisioned`, which move on
 * their own, do not count): one line per difference; empty when the plan still holds.
 */
export function snapshotDifferences(before: ProjectSnapshot, now: ProjectSnapshot): string[] {
  const differences: string[] = [];
  const compare = <T extends { id: string; key: string }>(
    noun: string,
    was: T[],
    is: T[],
    settings: (item: T) => unknown,
  ) => {
    const current = new Map(is.map((item) => [item.id, item]));
    for (const item of was) {
      const found = current.get(item.id);
      if (!found) differences.push(`${noun} ${item.key} (${item.id}) is gone`);
      else if (JSON.stringify(settings(found)) !== JSON.stringify(settings(item)))
        differences.push(`${noun} ${item.key} (${item.id}) changed`);
      current.delete(item.id);
    }
    for (const item of current.values()) differences.push(`${noun} ${item.key} (${item.id}) appeared`);
  };
  compare("container", before.containers, now.containers, ({ atlasCidrBlock, regions, key }) => ({
    atlasCidrBlock,
    regions,
    key,
  }));
  compare("peer", before.peers, now.peers, ({ containerId, settings }) => ({ containerId, settings }));
  return differences;
}
