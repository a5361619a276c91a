import { peerStatus, type AtlasClient, type Container, type Peer } from "atlas-peering-client";
import { parseDeclaration } from "../declaration/parse-declaration.js";
import type { DeclaredContainer, DeclaredPeer, PeeringDeclaration } from "../declaration/types.js";
import { overlaps, parseIpv4Block, sameBlock } from "../rules/cidr.js";
import { checkDeclaration } from "../rules/check-declaration.js";
import { replacedPeerFields } from "../rules/replace-rules.js";
import { ruleSources } from "../rules/sources.js";
import { nextStepsFor, type NextStep } from "../report/next-steps.js";
import { readProjectState, snapshotOf, type ProjectState } from "../state/read-state.js";
import { peerDifferences } from "./compare-peer.js";
import { containerKey, containerKeyOfPeer, peerKey } from "./identity.js";
import type {
  Finding,
  PeeringPlan,
  PlanOptions,
  PlannedChange,
  UnmanagedResource,
  FieldChange,
} from "./plan-types.js";

/** Statuses of a peer on its way out: it will be gone on its own. */
export const leavingStatuses = new Set(["TERMINATING", "DELETING"]);
/** Statuses Atlas does not recover from: the peer must be deleted (and created again). */
export const failedStatuses = new Set(["FAILED", "DELETION_FAILED"]);

/**
 * What differs between the declaration and the project, and what to do about it: reads only
 * (`GET /containers/all` and `GET /peers` per provider), and none at all when a rule the
 * declaration breaks is found first. Returns the changes in the order `applyPeering` would make
 * them, the findings, what exists undeclared, and the next steps of the peers that exist now.
 */
export async function planPeering(
  client: AtlasClient,
  declaration: PeeringDeclaration,
  options: PlanOptions = {},
): Promise<PeeringPlan> {
  const checked = parseDeclaration(declaration);
  const findings = checkDeclaration(checked);
  if (findings.some((finding) => finding.severity === "error"))
    return {
      formatVersion: 1,
      groupId: checked.groupId,
      options: { prune: options.prune === true, replaceFailed: options.replaceFailed === true },
      changes: [],
      findings,
      unmanaged: [],
      nextSteps: [],
      declaration: checked,
      state: undefined,
    };
  const state = await readProjectState(client, checked.groupId, {
    signal: options.signal,
    totalTimeoutMs: options.totalTimeoutMs,
  });
  return planAgainst(checked, state, options, findings);
}

/** The plan for a declaration against a state already read: pure, for tests and for `planPeering`. */
export function planAgainst(
  declaration: PeeringDeclaration,
  state: ProjectState,
  options: PlanOptions = {},
  staticFindings: Finding[] = checkDeclaration(declaration),
): PeeringPlan {
  const prune = options.prune === true;
  const replaceFailed = options.replaceFailed === true;
  const findings = [...staticFindings];
  const unmanaged: UnmanagedResource[] = [];
  const nextSteps: NextStep[] = [];
  const containerCreates: PlannedChange[] = [];
  const containerUpdates: PlannedChange[] = [];
  const containerDeletes: PlannedChange[] = [];
  const peerDeletes: PlannedChange[] = [];
  const peerReplaces: PlannedChange[] = [];
  const peerCreates: PlannedChange[] = [];
  const peerUpdates: PlannedChange[] = [];

  const livePeers = state.peers.filter((peer) => !leavingStatuses.has(peerStatus(peer) ?? ""));
  const containersByKey = new Map(state.containers.map((container) => [containerKey(container), container]));
  const declaredContainers = new Map(
    (declaration.containers ?? []).map((container, index) => [containerKey(container), { container, index }]),
  );
  const peersByKey = new Map(livePeers.map((peer) => [peerKey(peer), peer]));
  const inUse = (container: Container) =>
    container.provisioned === true || livePeers.some((peer) => peer.containerId === container.id);

  for (const [key, { container: declared, index }] of declaredContainers) {
    const existing = containersByKey.get(key);
    if (!existing) {
      containerCreates.push({
        action: "create",
        resource: "container",
        providerName: declared.providerName,
        key,
        declared,
        index,
      });
      continue;
    }
    const fields = containerDifferences(existing, declared);
    if (fields.length === 0) continue;
    const locked = inUse(existing);
    const blocked = fields.filter(
      (change) =>
        locked &&
        (change.field === "atlasCidrBlock" ||
          ((change.from as string[]) ?? []).some((region) => !(change.to as string[]).includes(region))),
    );
    if (blocked.length > 0) {
      for (const change of blocked)
        findings.push({
          severity: "error",
          code: change.field === "atlasCidrBlock" ? "CONTAINER_CIDR_LOCKED" : "CONTAINER_REGIONS_LOCKED",
          field: `containers[${index}].${change.field}`,
          message:
            `the ${key} container ${existing.id} has ${format(change.from)}, not ${format(change.to)}, and Atlas locks it ` +
            "while peers or M10+ clusters use it: declare what it has, or delete what uses it first (or use another project)",
          source: ruleSources.cidrLocked,
        });
      continue;
    }
    containerUpdates.push({
      action: "update",
      resource: "container",
      providerName: declared.providerName,
      key,
      id: existing.id,
      fields,
      declared,
      index,
    });
  }

  const declaredPeerKeys = new Set<string>();
  (declaration.peers ?? []).forEach((declared, index) => {
    const key = peerKey(declared);
    declaredPeerKeys.add(key);
    const homeKey = containerKeyOfPeer(declared);
    const home = containersByKey.get(homeKey);
    if (!home && !declaredContainers.has(homeKey)) {
      findings.push({
        severity: "error",
        code: "PEER_CONTAINER_MISSING",
        field: `peers[${index}]`,
        message: `the peer ${key} lives in the ${homeKey} container, which neither the project nor the declaration has: declare it under containers`,
        source: ruleSources.onePerRegion,
      });
      return;
    }
    // The rules could not see a container the declaration does not name: check the VPC against it now.
    const undeclaredHome = !declaredContainers.has(homeKey) ? home : undefined;
    const vpc = declared.providerName === "AWS" ? parseIpv4Block(declared.routeTableCidrBlock) : undefined;
    const atlasBlock = parseIpv4Block(undeclaredHome?.atlasCidrBlock);
    if (vpc && atlasBlock && overlaps(vpc, atlasBlock)) {
      findings.push({
        severity: "error",
        code: "CIDR_OVERLAP",
        field: `peers[${index}].routeTableCidrBlock`,
        message: `${vpc.text} overlaps the Atlas block ${atlasBlock.text} of its container ${homeKey} (${undeclaredHome!.id}): AWS does not peer overlapping networks`,
        source: ruleSources.peeringOverlap,
      });
      return;
    }
    const existing = peersByKey.get(key);
    if (!existing) {
      if (declared.providerName === "AZURE") findings.push(azurePrerequisite(declared, index));
      peerCreates.push({
        action: "create",
        resource: "peer",
        providerName: declared.providerName,
        key,
        declared,
        index,
      });
      nextSteps.push(...nextStepsFor(declared, undefined, home));
      return;
    }
    const status = peerStatus(existing) ?? "unknown";
    const current = state.containers.find((container) => container.id === existing.containerId);
    const { fields, replacedBy } = peerDifferences(
      existing,
      declared,
      home?.id ?? "(to be created)",
      home,
      current,
    );
    if (failedStatuses.has(status)) {
      const why = failureReason(existing);
      findings.push({
        severity: replaceFailed ? "warning" : "error",
        code: "PEER_FAILED",
        field: `peers[${index}]`,
        message: replaceFailed
          ? `the peer ${key} (${existing.id}) is ${status}: ${why}; it will be deleted and created again (replaceFailed)`
          : `the peer ${key} (${existing.id}) is ${status}: ${why}; Atlas does not recover a failed peer: ` +
            "delete it, or apply with --replace-failed (replaceFailed) to recreate it",
        source: ruleSources.failedPeer,
      });
      if (replaceFailed) {
        if (declared.providerName === "AZURE") findings.push(azurePrerequisite(declared, index));
        peerReplaces.push({
          action: "replace",
          resource: "peer",
          providerName: declared.providerName,
          key,
          id: existing.id,
          fields,
          reason: `${status}: ${why}; recreated as asked (replaceFailed)`,
          declared,
          index,
        });
      }
      return;
    }
    if (replacedBy.length > 0) {
      if (declared.providerName === "AZURE") findings.push(azurePrerequisite(declared, index));
      peerReplaces.push({
        action: "replace",
        resource: "peer",
        providerName: declared.providerName,
        key,
        id: existing.id,
        fields,
        reason: replacedBy.map((field) => replacedPeerFields[field]!.reason).join("; "),
        declared,
        index,
      });
      return;
    }
    if (fields.length > 0)
      peerUpdates.push({
        action: "update",
        resource: "peer",
        providerName: declared.providerName,
        key,
        id: existing.id,
        fields,
        declared,
        index,
      });
    nextSteps.push(...nextStepsFor(declared, existing, home));
  });

  for (const peer of livePeers) {
    const key = peerKey(peer);
    if (declaredPeerKeys.has(key)) continue;
    const status = peerStatus(peer) ?? "unknown";
    unmanaged.push({ resource: "peer", key, id: peer.id, detail: status });
    if (prune)
      peerDeletes.push({
        action: "delete",
        resource: "peer",
        providerName: peer.providerName ?? "AWS",
        key,
        id: peer.id,
      });
  }
  const neededContainers = new Set((declaration.peers ?? []).map(containerKeyOfPeer));
  for (const container of state.containers) {
    const key = containerKey(container);
    if (declaredContainers.has(key) || neededContainers.has(key)) continue;
    unmanaged.push({
      resource: "container",
      key,
      id: container.id,
      detail: String(container.atlasCidrBlock),
    });
    if (prune)
      containerDeletes.push({
        action: "delete",
        resource: "container",
        providerName: container.providerName,
        key,
        id: container.id,
      });
  }

  return {
    formatVersion: 1,
    groupId: declaration.groupId,
    options: { prune, replaceFailed },
    changes: [
      ...peerDeletes,
      ...containerDeletes,
      ...containerCreates,
      ...containerUpdates,
      ...peerReplaces,
      ...peerCreates,
      ...peerUpdates,
    ],
    findings,
    unmanaged,
    nextSteps,
    declaration,
    state: snapshotOf(state),
  };
}

function containerDifferences(existing: Container, declared: DeclaredContainer): FieldChange[] {
  const fields: FieldChange[] = [];
  if (!sameBlock(existing.atlasCidrBlock, declared.atlasCidrBlock))
    fields.push({ field: "atlasCidrBlock", from: existing.atlasCidrBlock, to: declared.atlasCidrBlock });
  if (existing.providerName === "GCP" && declared.providerName === "GCP") {
    const have = [...(existing.regions ?? [])].sort();
    const want = [...(declared.regions ?? [])].sort();
    if (JSON.stringify(have) !== JSON.stringify(want))
      fields.push({ field: "regions", from: have, to: want });
  }
  return fields;
}

/**
 * Why a peer failed, from whichever field its provider fills (AWS `errorStateName`, Azure
 * `errorState`, GCP `errorMessage`), with a word on what the AWS states mean; "no reason given"
 * when Atlas gave none (a bare `INVALID_ARGUMENT` gets its usual cause).
 */
export function failureReason(peer: Peer): string {
  const record = peer as {
    errorStateName?: string | null;
    errorState?: string | null;
    errorMessage?: string | null;
  };
  const raw = record.errorStateName ?? record.errorState ?? record.errorMessage;
  const hints: Record<string, string> = {
    REJECTED: "REJECTED (the request was rejected on the AWS side)",
    EXPIRED: "EXPIRED (nobody accepted the request within AWS's 7 days)",
    INVALID_ARGUMENT:
      "INVALID_ARGUMENT (AWS refused the request: check awsAccountId, vpcId, accepterRegionName and that routeTableCidrBlock is the VPC's block)",
  };
  if (!raw || raw.trim() === "") return "no reason given";
  return hints[raw.trim()] ?? raw.trim().replace(/\s+/g, " ");
}

function azurePrerequisite(declared: DeclaredPeer, index: number): Finding {
  const step = nextStepsFor(declared, undefined, undefined)[0]!;
  return {
    severity: "warning",
    code: "AZURE_PREREQUISITES",
    field: `peers[${index}]`,
    message: `${step.summary} (commands in the next steps)`,
    source: ruleSources.azurePrerequisites,
  };
}

function format(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}
