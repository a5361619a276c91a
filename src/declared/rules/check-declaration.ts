import type { PeeringDeclaration } from "../declaration/types.js";
import { peerKey } from "../plan/identity.js";
import type { Finding } from "../plan/plan-types.js";
import { cidrFindings } from "./cidr-rules.js";
import { regionFindings } from "./region-rules.js";

/**
 * Every rule that can be checked from the declaration alone, before any request: region names,
 * container blocks and sizes, one container per region (or per GCP project), overlaps, and one
 * declared peer per network. Pure: no client, no clock.
 */
export function checkDeclaration(declaration: PeeringDeclaration): Finding[] {
  return [...regionFindings(declaration), ...cidrFindings(declaration), ...duplicatePeers(declaration)];
}

/** Two declared peers for one network would be one peer in Atlas (409 PEER_ALREADY_EXISTS). */
function duplicatePeers(declaration: PeeringDeclaration): Finding[] {
  const seen = new Map<string, number>();
  const findings: Finding[] = [];
  (declaration.peers ?? []).forEach((peer, index) => {
    const key = peerKey(peer);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else
      findings.push({
        severity: "error",
        code: "PEER_DUPLICATE",
        field: `peers[${index}]`,
        message: `peers[${first}] already declares the peer ${key}: one network has one peering connection`,
      });
  });
  return findings;
}
