import type { ProviderName } from "atlas-peering-client";
import type { DeclaredContainer, DeclaredPeer, PeeringDeclaration } from "../declaration/types.js";
import type { NextStep } from "../report/next-steps.js";

/** How serious a finding is: an `error` stops `applyPeering`; a `warning` is for you to read. */
export type FindingSeverity = "error" | "warning";

/** Something the plan noticed: a rule the declaration breaks, or a state that needs you. */
export interface Finding {
  /** `error` (apply refuses the plan) or `warning`. */
  severity: FindingSeverity;
  /** A stable code to branch on, such as `CIDR_OVERLAP` or `PEER_FAILED` (see the README's table). */
  code: string;
  /** What is wrong and what to do, in one line. */
  message: string;
  /** Where in the declaration, such as `peers[0].routeTableCidrBlock`, when it is about one field. */
  field?: string | undefined;
  /** The documentation the rule comes from, such as the spec's schema and field it is read from. */
  source?: string | undefined;
}

/** One field that differs: what exists and what is declared. */
export interface FieldChange {
  /** The field, such as `routeTableCidrBlock`. */
  field: string;
  /** What Atlas has now. */
  from: unknown;
  /** What the declaration says. */
  to: unknown;
}

/** Which resource a change is about. */
export type ResourceKind = "container" | "peer";

interface ChangeBase {
  /** `container` or `peer`. */
  resource: ResourceKind;
  /** The provider. */
  providerName: ProviderName;
  /**
   * How the resource is matched: containers by provider and region (`AWS US_EAST_1`; GCP: `GCP`),
   * peers by their network's identity (`AWS 999900000000/vpc-...`).
   */
  key: string;
}

/** Something to create: declared, not in Atlas. */
export interface CreateChange extends ChangeBase {
  /** `create`. */
  action: "create";
  /** The declared container or peer. */
  declared: DeclaredContainer | DeclaredPeer;
  /** Index in the declaration's `containers` or `peers`. */
  index: number;
}

/** Something to change in place (`PATCH`): the fields that differ. */
export interface UpdateChange extends ChangeBase {
  /** `update`. */
  action: "update";
  /** The Atlas id of the container or peer. */
  id: string;
  /** What differs, from -> to. */
  fields: FieldChange[];
  /** The declared container or peer. */
  declared: DeclaredContainer | DeclaredPeer;
  /** Index in the declaration's `containers` or `peers`. */
  index: number;
}

/** Something Atlas cannot change in place: deleted, then created again. */
export interface ReplaceChange extends ChangeBase {
  /** `replace`. */
  action: "replace";
  /** The Atlas id of the peer that will be deleted. */
  id: string;
  /** What differs, from -> to (may be empty for a FAILED peer recreated on request). */
  fields: FieldChange[];
  /** Why it cannot be changed in place, and where that is documented. */
  reason: string;
  /** The declared container or peer. */
  declared: DeclaredContainer | DeclaredPeer;
  /** Index in the declaration's `containers` or `peers`. */
  index: number;
}

/** Something in Atlas the declaration does not name, deleted because `prune` was asked for. */
export interface DeleteChange extends ChangeBase {
  /** `delete`. */
  action: "delete";
  /** The Atlas id. */
  id: string;
}

/** One change of a plan, discriminated by `action`. */
export type PlannedChange = CreateChange | UpdateChange | ReplaceChange | DeleteChange;

/** A container as the plan saw it: what identifies it and its settings, not its status. */
export interface ContainerSnapshot {
  /** Its id. */
  id: string;
  /** Its provider. */
  providerName: ProviderName;
  /** Its match key: `AWS US_EAST_1`, `AZURE US_EAST_2`, `GCP`. */
  key: string;
  /** Its CIDR block, normalised. */
  atlasCidrBlock: string;
  /** GCP: its regions, sorted. */
  regions?: string[] | undefined;
  /** Whether Atlas says clusters (or, in practice, peers) use it: its CIDR block is then locked. */
  provisioned: boolean;
}

/** A peer as the plan saw it: what identifies it and its settings, with its status for reports only. */
export interface PeerSnapshot {
  /** Its id. */
  id: string;
  /** Its provider. */
  providerName: ProviderName;
  /** Its match key: `AWS 999900000000/vpc-...`. */
  key: string;
  /** The container it lives in. */
  containerId: string;
  /** Its writable settings as Atlas returned them (the body fields, `containerId` excluded). */
  settings: Record<string, unknown>;
  /** Its status (`statusName` or `status`); not part of what makes a plan stale. */
  status: string;
}

/** What exists in the project, as the plan read it. */
export interface ProjectSnapshot {
  /** Every container of the project. */
  containers: ContainerSnapshot[];
  /** Every peer of the project, of every provider. */
  peers: PeerSnapshot[];
}

/** Something in Atlas the declaration does not name: left alone unless `prune`. */
export interface UnmanagedResource {
  /** `container` or `peer`. */
  resource: ResourceKind;
  /** Its match key. */
  key: string;
  /** Its id. */
  id: string;
  /** A peer's status, or a container's CIDR block. */
  detail: string;
}

/** Options of `planPeering`. */
export interface PlanOptions {
  /** Delete what the declaration does not name (peers, then containers); default false: listed as not managed. */
  prune?: boolean | undefined;
  /** Recreate FAILED peers (delete + create) instead of reporting them as errors; default false. */
  replaceFailed?: boolean | undefined;
  /** Ends the plan's reads at once. */
  signal?: AbortSignal | undefined;
  /** A time limit for each read, as the client's `totalTimeoutMs`. */
  totalTimeoutMs?: number | undefined;
}

/** What `planPeering` returns: the changes, the findings, and the state they were computed from. */
export interface PeeringPlan {
  /** The format of this object; 1. */
  formatVersion: 1;
  /** The project. */
  groupId: string;
  /** The options the plan was made with. */
  options: {
    /** Whether undeclared peers and containers are deleted. */
    prune: boolean;
    /** Whether FAILED peers are recreated. */
    replaceFailed: boolean;
  };
  /** What apply would do, in the order it would do it. */
  changes: PlannedChange[];
  /** Rules broken and states that need you: any `error` stops apply. */
  findings: Finding[];
  /** What exists and is not declared: left alone (unless `prune`, then listed as deletes too). */
  unmanaged: UnmanagedResource[];
  /** What remains on your side of the cloud for peers that exist now (before any change). */
  nextSteps: NextStep[];
  /** The declaration the plan was made for (apply creates from it). */
  declaration: PeeringDeclaration;
  /** What existed when the plan was made; undefined when an error finding stopped the plan before any request. */
  state: ProjectSnapshot | undefined;
}
