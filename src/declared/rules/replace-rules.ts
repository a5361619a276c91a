import { ruleSources } from "./sources.js";

/**
 * The settings of a matched peer that Atlas does not change in place, so that a difference means
 * delete + create ("replace"), with why and where it is written.
 *
 * Read from MongoDB's documentation of the update (`PATCH /groups/{groupId}/peers/{peerId}`, the
 * spec's updateGroupPeer and ../shared/atlas-docs-examples): its body carries every writable field
 * of the peer (the v2 examples send `accepterRegionName`, `awsAccountId`, `routeTableCidrBlock`,
 * `vpcId`, `azureDirectoryId`, ...), and the v1.0 worked example changes `routeTableCidrBlock` in
 * place (the answer is the same peer, `INITIATING` again). So the fields of your side are
 * updatable, and the plan updates them. What the documentation does not offer is moving a
 * connection to another container: a container "contains" its connections (the spec's
 * `containerId` and `GET /containers/{containerId}` texts), it is the Atlas network of one region
 * (AWS's `vpcId`, Azure's `vnetName`, GCP's `networkName`), and a peering connection joins two
 * given networks, so another container is another connection.
 *
 * The identity fields (AWS account + VPC, Azure subscription + resource group + VNet, GCP project +
 * network) never differ on a matched peer: a different value is a different peer. Containers are
 * never replaced: a container whose CIDR block differs is updated while nothing uses it and
 * reported as locked otherwise (see plan-peering.ts), because deleting one needs every cluster in
 * it gone, which is not a peering decision.
 */
export const replacedPeerFields: Readonly<Record<string, { reason: string; source: string }>> = {
  containerId: {
    reason:
      "the peer lives in another container (another region's network): Atlas does not move a peering connection between containers, so it is deleted and created in the declared one",
    source: ruleSources.containerOfPeer,
  },
};
