import type { Container, Peer, ProviderName } from "atlas-peering-client";
import type { DeclaredContainer, DeclaredPeer } from "../declaration/types.js";

/**
 * The fields that make a peer the same connection, per provider: the network on your side. Two
 * peers with the same identity are one peer (Atlas answers a second create with 409
 * PEER_ALREADY_EXISTS); everything else about a peer is a setting that may change.
 */
export const peerIdentityFields = {
  AWS: ["awsAccountId", "vpcId"],
  AZURE: ["azureSubscriptionId", "resourceGroupName", "vnetName"],
  GCP: ["gcpProjectId", "networkName"],
} as const satisfies Record<ProviderName, readonly string[]>;

/** Fields of a declared peer that are not part of the body Atlas takes. */
export const declarationOnlyFields = ["regionName", "region", "routeTableIds"] as const;

/** A peer's match key: `AWS 999900000000/vpc-0a1b2c3d4e5f60718`. Case-insensitive ids compare lower-cased. */
export function peerKey(peer: Peer | DeclaredPeer): string {
  const provider = peer.providerName as ProviderName;
  const record = peer as unknown as Record<string, unknown>;
  return `${provider} ${peerIdentityFields[provider]
    .map((field) => {
      const value = String(record[field] ?? "");
      return field === "azureSubscriptionId" ? value.toLowerCase() : value;
    })
    .join("/")}`;
}

/** The region a container is matched by: AWS `regionName`, Azure `region`; GCP has one per project. */
export function containerRegion(container: Container | DeclaredContainer): string | undefined {
  if (container.providerName === "AWS") return container.regionName;
  if (container.providerName === "AZURE") return container.region;
  return undefined;
}

/** A container's match key: `AWS US_EAST_1`, `AZURE US_EAST_2`, `GCP`. */
export function containerKey(container: Container | DeclaredContainer): string {
  const region = containerRegion(container);
  return region ? `${container.providerName} ${region}` : container.providerName;
}

/** The key of the container a declared peer lives in. */
export function containerKeyOfPeer(peer: DeclaredPeer): string {
  if (peer.providerName === "AWS") return `AWS ${peer.regionName}`;
  if (peer.providerName === "AZURE") return `AZURE ${peer.region}`;
  return "GCP";
}

/** `US_EAST_1` -> `us-east-1`: how AWS itself spells the region Atlas calls `US_EAST_1`. */
export function awsRegionForm(atlasRegion: string): string {
  return atlasRegion.toLowerCase().replace(/_/g, "-");
}
