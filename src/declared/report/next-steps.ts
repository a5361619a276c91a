import { peerStatus, type Container, type Peer, type ProviderName } from "atlas-peering-client";
import type { DeclaredPeer } from "../declaration/types.js";
import { awsRegionForm, containerRegion, peerKey } from "../plan/identity.js";

/**
 * Atlas's Azure application, which peers with your VNet: its service principal must exist in your
 * tenant and hold a role on the VNet before the peer is created, or the peer fails. The id and the
 * role's four actions are those of MongoDB's page of Azure prerequisites for peering, which the
 * spec's createGroupPeer operation links to (its externalDocs).
 */
export const atlasAzureApplicationId = "e90a1407-55c3-432d-9cb1-3638900a9d22";
const azurePeeringActions = [
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
  "Microsoft.Network/virtualNetworks/peer/action",
];

/** What is left to do on your side of the cloud for one peer, with the commands, filled in. */
export interface NextStep {
  /** The peer's match key: `AWS 999900000000/vpc-...`. */
  peer: string;
  /** Its Atlas id, once it exists. */
  peerId?: string | undefined;
  /** Its provider. */
  providerName: ProviderName;
  /** Its status when the step was computed (`PENDING_ACCEPTANCE`, `WAITING_FOR_USER`, ...); `none` before it exists. */
  status: string;
  /**
   * - `aws-accept`: accept Atlas's peering request (`pcx-...`) and route the Atlas block to it.
   * - `aws-wait`: Atlas has not yet made the request; look again later.
   * - `gcp-peering`: create the peering from your network to Atlas's.
   * - `azure-prerequisites`: let Atlas's service principal peer with your VNet (before the peer exists).
   */
  kind: "aws-accept" | "aws-wait" | "gcp-peering" | "azure-prerequisites";
  /** One sentence. */
  summary: string;
  /** The shell commands, one per line, in order. */
  commands: string[];
}

/**
 * The next steps for a declared peer in its state: AWS at PENDING_ACCEPTANCE (the `pcx-` id, the
 * accept command for the accepter region, the route for the Atlas block), GCP at WAITING_FOR_USER
 * (the gcloud peering with Atlas's project and network), Azure until it is AVAILABLE (the service
 * principal and its role). None for a peer that is AVAILABLE or on its way.
 */
export function nextStepsFor(
  declared: DeclaredPeer,
  peer: Peer | undefined,
  container: Container | undefined,
): NextStep[] {
  const status = peer ? (peerStatus(peer) ?? "unknown") : "none";
  const base = { peer: peerKey(declared), peerId: peer?.id, providerName: declared.providerName, status };
  if (declared.providerName === "AWS") {
    if (status !== "PENDING_ACCEPTANCE" && status !== "INITIATING") return [];
    const region =
      declared.accepterRegionName ?? awsRegionForm(String(container ? containerRegion(container) : ""));
    const connectionId = (peer as { connectionId?: string | null } | undefined)?.connectionId;
    if (!connectionId)
      return [
        {
          ...base,
          kind: "aws-wait",
          summary: `Atlas has not yet sent the peering request to AWS account ${declared.awsAccountId}; plan again in a minute to see its pcx- id`,
          commands: [],
        },
      ];
    const atlasBlock = String(container?.atlasCidrBlock ?? "<the Atlas container's CIDR block>");
    const tables = declared.routeTableIds?.length
      ? declared.routeTableIds
      : [`<each route table of ${declared.vpcId}>`];
    return [
      {
        ...base,
        kind: "aws-accept",
        summary: `accept ${connectionId} in AWS account ${declared.awsAccountId} (${region}), then route ${atlasBlock} through it`,
        commands: [
          `aws ec2 accept-vpc-peering-connection --region ${sh(region)} --vpc-peering-connection-id ${sh(connectionId)}`,
          ...tables.map(
            (table) =>
              `aws ec2 create-route --region ${sh(region)} --route-table-id ${sh(table)} --destination-cidr-block ${sh(atlasBlock)} --vpc-peering-connection-id ${sh(connectionId)}`,
          ),
        ],
      },
    ];
  }
  if (declared.providerName === "GCP") {
    if (status !== "WAITING_FOR_USER") return [];
    const atlas = container as { gcpProjectId?: string | null; networkName?: string | null } | undefined;
    const atlasProject =
      atlas?.gcpProjectId ?? "<Atlas's GCP project: plan again once the container is provisioned>";
    const atlasNetwork =
      atlas?.networkName ?? "<Atlas's network: plan again once the container is provisioned>";
    return [
      {
        ...base,
        kind: "gcp-peering",
        summary: `peer your network ${declared.networkName} (project ${declared.gcpProjectId}) with Atlas's ${atlasNetwork} (project ${atlasProject})`,
        commands: [
          `gcloud compute networks peerings create ${sh(`atlas-${String(peer?.id ?? "peer").slice(-8)}`)} --project=${sh(declared.gcpProjectId)} --network=${sh(declared.networkName)} --peer-project=${sh(atlasProject)} --peer-network=${sh(atlasNetwork)}`,
        ],
      },
    ];
  }
  if (declared.providerName === "AZURE") {
    if (status === "AVAILABLE" || status === "ADDING_PEER" || status === "DELETING") return [];
    const scope = `/subscriptions/${declared.azureSubscriptionId}/resourceGroups/${declared.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${declared.vnetName}`;
    const role = `AtlasPeering/${declared.azureSubscriptionId}/${declared.resourceGroupName}/${declared.vnetName}`;
    const definition = JSON.stringify({
      Name: role,
      IsCustom: true,
      Description: `Lets MongoDB Atlas manage peerings of ${scope}`,
      Actions: azurePeeringActions,
      AssignableScopes: [scope],
    });
    return [
      {
        ...base,
        kind: "azure-prerequisites",
        summary: `before the peer can exist, Atlas's service principal (${atlasAzureApplicationId}) needs the role ${role} on ${declared.vnetName}; in tenant ${declared.azureDirectoryId}, once`,
        commands: [
          `az ad sp create --id ${atlasAzureApplicationId}`,
          `az role definition create --role-definition ${sh(definition)}`,
          `az role assignment create --role ${sh(role)} --assignee ${atlasAzureApplicationId} --scope ${sh(scope)}`,
        ],
      },
    ];
  }
  return [];
}

/** A shell word: as it is when it is plain, else single-quoted (values come from your declaration). */
function sh(value: string): string {
  return /^[\w./:=@+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
