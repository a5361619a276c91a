import type { PeeringDeclaration } from "../declaration/types.js";
import { containerKey, containerKeyOfPeer, peerKey } from "../plan/identity.js";
import type { Finding } from "../plan/plan-types.js";
import { overlaps, parseIpv4Block, rfc1918RangeOf, rfc1918Ranges, type Ipv4Block } from "./cidr.js";
import { ruleSources } from "./sources.js";

/**
 * The size rule of each provider's container block. AWS and Azure: "/24 to /21" (the spec's
 * atlasCidrBlock text), so a prefix of 21 to 24. GCP: "a lower bound of the /18 range", which reads
 * two ways: the block is at least a /18 (prefix 18 or less), or /18 is the smallest prefix (18 or
 * more). Only a /18 satisfies both; any other size is a warning that names both readings, never
 * an error, since Atlas may accept it.
 */
export function sizeFinding(provider: string, block: Ipv4Block, field: string): Finding | undefined {
  if (provider === "GCP") {
    if (block.prefix === 18) return undefined;
    return {
      severity: "warning",
      code: "CIDR_SIZE_AMBIGUOUS",
      field,
      message:
        `${block.text} is a /${block.prefix}; the spec says GCP "limits the block to a lower bound of the /18 range", ` +
        "which reads as at least a /18 or as /18 and smaller: only a /18 fits both readings",
      source: ruleSources.gcpSize,
    };
  }
  if (block.prefix >= 21 && block.prefix <= 24) return undefined;
  return {
    severity: "error",
    code: "CIDR_SIZE",
    field,
    message: `${block.text} is a /${block.prefix}; ${provider} containers take a /21 to a /24`,
    source: ruleSources.awsAzureSize,
  };
}

/**
 * The container blocks and the peers' `routeTableCidrBlock`s, before any request: RFC 1918, the
 * provider's sizes, one container per region (AWS, Azure) or per project (GCP), and overlaps:
 * a peer's VPC block against its container's (an error: AWS does not peer overlapping VPCs),
 * against the provider's other containers and the other peers of its container (warnings: the
 * routes would be ambiguous), and containers against one another (a warning: Atlas's spec says
 * nothing of it, but a VPC peered with both could not route to both).
 */
export function cidrFindings(declaration: PeeringDeclaration): Finding[] {
  const findings: Finding[] = [];
  const containerBlocks = new Map<string, { block: Ipv4Block; field: string; provider: string }>();
  const containerKeys = new Set<string>();

  (declaration.containers ?? []).forEach((container, index) => {
    const field = `containers[${index}].atlasCidrBlock`;
    const key = sameSpelling(containerKey(container));
    if (containerKeys.has(key)) {
      findings.push({
        severity: "error",
        code: "CONTAINER_DUPLICATE",
        field: `containers[${index}]`,
        message: `a second ${key} container: Atlas allows one per ${container.providerName === "GCP" ? "project for GCP" : "provider and region"}`,
        source: ruleSources.onePerRegion,
      });
      return;
    }
    containerKeys.add(key);
    const block = parseIpv4Block(container.atlasCidrBlock);
    if (!block) {
      findings.push({
        severity: "error",
        code: "CIDR_INVALID",
        field,
        message: `${JSON.stringify(container.atlasCidrBlock)} is not an IPv4 CIDR block (such as 192.168.248.0/21)`,
        source: ruleSources.rfc1918,
      });
      return;
    }
    if (!rfc1918RangeOf(block))
      findings.push({
        severity: "error",
        code: "CIDR_NOT_PRIVATE",
        field,
        message: `${block.text} is not within the private ranges of RFC 1918 (${rfc1918Ranges.join(", ")})`,
        source: ruleSources.rfc1918,
      });
    const size = sizeFinding(container.providerName, block, field);
    if (size) findings.push(size);
    if (block.hostBitsSet)
      findings.push({
        severity: "warning",
        code: "CIDR_HOST_BITS",
        field,
        message: `${String(container.atlasCidrBlock)} has host bits set: the block is ${block.text}`,
      });
    for (const [otherKey, other] of containerBlocks)
      if (overlaps(block, other.block))
        findings.push({
          severity: "warning",
          code: "CONTAINER_CIDR_OVERLAP",
          field,
          message: `${block.text} (${key}) overlaps ${other.block.text} (${otherKey}, ${other.field}): a network peered with both could not route to both`,
        });
    containerBlocks.set(key, { block, field, provider: container.providerName });
  });

  const peerBlocks: Array<{ block: Ipv4Block; field: string; container: string; key: string }> = [];
  (declaration.peers ?? []).forEach((peer, index) => {
    if (peer.providerName !== "AWS") return;
    const field = `peers[${index}].routeTableCidrBlock`;
    // IPv6 blocks are allowed by the spec's pattern; the overlap rules here are for IPv4.
    const block = parseIpv4Block(peer.routeTableCidrBlock);
    if (!block) return;
    const home = sameSpelling(containerKeyOfPeer(peer));
    for (const [key, container] of containerBlocks) {
      if (container.provider !== "AWS" || !overlaps(block, container.block)) continue;
      const own = key === home;
      findings.push({
        severity: own ? "error" : "warning",
        code: own ? "CIDR_OVERLAP" : "CIDR_OVERLAP_OTHER_REGION",
        field,
        message: own
          ? `${block.text} overlaps the Atlas block ${container.block.text} of its container ${key} (${container.field}): AWS does not peer overlapping networks`
          : `${block.text} overlaps the Atlas block ${container.block.text} of ${key} (${container.field}): this VPC could not route to that region's clusters`,
        source: ruleSources.peeringOverlap,
      });
    }
    // A second declaration of the same peer is PEER_DUPLICATE, not an overlap. One finding per
    // peer, naming the first block it overlaps and counting the rest: n peers sharing one block
    // are n findings, not n^2 (2,000 peers made 2 million, and the command ran out of stack).
    const key = peerKey(peer);
    const overlapping = peerBlocks.filter(
      (other) => other.container === home && other.key !== key && overlaps(block, other.block),
    );
    const [other] = overlapping;
    if (other)
      findings.push({
        severity: "warning",
        code: "PEER_CIDR_OVERLAP",
        field,
        message: `${block.text} overlaps ${other.block.text} (${other.field})${overlapping.length > 1 ? ` and ${overlapping.length - 1} more declared block(s)` : ""}, another VPC peered with ${home}: Atlas's routes to the two would be ambiguous`,
      });
    peerBlocks.push({ block, field, container: home, key });
  });
  return findings;
}

/** Region keys compared as Atlas would mean them, so that a misspelt region (a REGION_NAME error) still meets its peers. */
function sameSpelling(key: string): string {
  return key.toUpperCase().replace(/-/g, "_");
}
