import type { Container, Peer } from "atlas-peering-client";
import type { DeclaredPeer } from "../declaration/types.js";
import { sameBlock } from "../rules/cidr.js";
import { replacedPeerFields } from "../rules/replace-rules.js";
import { awsRegionForm, containerRegion, declarationOnlyFields } from "./identity.js";
import type { FieldChange } from "./plan-types.js";

/** The body `peers.create` and `peers.update` take for a declared peer, in a container. */
export function peerBody(declared: DeclaredPeer, containerId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(declared))
    if (!(declarationOnlyFields as readonly string[]).includes(field) && value !== undefined)
      body[field] = value;
  body.containerId = containerId;
  return body;
}

/**
 * The fields of an existing peer that differ from the declaration, each as Atlas means it: CIDR
 * blocks by value (`10.08.0.0%2F21` is `10.8.0.0/21`), UUIDs whatever their case, and a `null`
 * `accepterRegionName`, which Atlas returns when your VPC is in the container's own region, as that
 * region (so a same-region peer shows no drift).
 */
export function peerDifferences(
  existing: Peer,
  declared: DeclaredPeer,
  containerId: string,
  container: Container | undefined,
  /** The container the existing peer lives in now: what its `null` accepterRegionName means. */
  current: Container | undefined = container,
): { fields: FieldChange[]; replacedBy: string[] } {
  const wanted = peerBody(declared, containerId);
  const have = existing as unknown as Record<string, unknown>;
  const fields: FieldChange[] = [];
  for (const [field, to] of Object.entries(wanted)) {
    if (field === "providerName") continue;
    const from = have[field] ?? null;
    if (!same(field, from, to, current, container)) fields.push({ field, from, to });
  }
  return {
    fields,
    replacedBy: fields.map((change) => change.field).filter((field) => field in replacedPeerFields),
  };
}

function same(
  field: string,
  from: unknown,
  to: unknown,
  current: Container | undefined,
  target: Container | undefined,
): boolean {
  if (field === "routeTableCidrBlock") return sameBlock(from, to);
  if (field === "azureDirectoryId" || field === "azureSubscriptionId")
    return String(from).toLowerCase() === String(to).toLowerCase();
  if (field === "accepterRegionName") {
    const region = (value: unknown, container: Container | undefined) => {
      if (value !== null && value !== undefined) return String(value).toLowerCase();
      const home = container ? containerRegion(container) : undefined;
      return home ? awsRegionForm(home) : null;
    };
    return region(from, current) === region(to, target);
  }
  return JSON.stringify(from) === JSON.stringify(to);
}
