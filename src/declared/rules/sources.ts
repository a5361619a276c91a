/**
 * Where each rule the plan checks before any request is written down. Each finding carries its
 * source, so that a user can read the rule where MongoDB (or the cloud) states it.
 */
export const ruleSources = {
  /** "These CIDR blocks must fall within the ranges reserved per RFC 1918." */
  rfc1918:
    "spec: AWSCloudProviderContainer / AzureCloudProviderContainer / GCPCloudProviderContainer.atlasCidrBlock",
  /** "AWS and Azure further limit the block to between the /24 and /21 ranges." */
  awsAzureSize: "spec: AWSCloudProviderContainer.atlasCidrBlock, AzureCloudProviderContainer.atlasCidrBlock",
  /** "GCP further limits the block to a lower bound of the /18 range." Read two ways: see gcpSize in container-rules.ts. */
  gcpSize: "spec: GCPCloudProviderContainer.atlasCidrBlock",
  /** "GCP can have one container per project. AWS and Azure can have one container per cloud provider region." */
  onePerRegion: "spec: POST /api/atlas/v2/groups/{groupId}/containers (createGroupContainer)",
  /** "MongoDB Cloud locks this value if an M10 or greater cluster or a network peering connection exists in this project." */
  cidrLocked:
    "spec: *CloudProviderContainer.atlasCidrBlock (To modify the CIDR block, the target project cannot have ...)",
  /** The region enums of the container schemas; AWS's accepter region is AWS's own spelling of the same regions. */
  regionNames:
    "spec: AWSCloudProviderContainer.regionName, AzureCloudProviderContainer.region, GCPCloudProviderContainer.regions",
  /** "The resource returns null if your VPC and the MongoDB Cloud VPC reside in the same region." */
  accepterRegion: "spec: AwsNetworkPeeringConnectionSettings.accepterRegionName",
  /** AWS refuses to peer VPCs whose IPv4 CIDR blocks overlap (Amazon VPC Peering Guide, VPC peering limitations). */
  peeringOverlap: "AWS: VPC peering limitations (no peering between VPCs with overlapping IPv4 CIDR blocks)",
  /** The createGroupPeer operation's externalDocs: its prerequisites page for Azure. */
  azurePrerequisites:
    "spec: POST /api/atlas/v2/groups/{groupId}/peers externalDocs (https://docs.atlas.mongodb.com/reference/api/vpc-create-peering-connection/#prerequisites)",
  /** errorStateName (AWS), errorState (Azure), errorMessage (GCP). */
  failedPeer:
    "spec: AwsNetworkPeeringConnectionSettings.errorStateName, AzureNetworkPeeringConnectionSettings.errorState, GCPNetworkPeeringConnectionSettings.errorMessage",
  /** A peer's containerId names the container that contains it; see replace-rules.ts. */
  containerOfPeer:
    "spec: *NetworkPeeringConnectionSettings.containerId; GET /containers/{containerId} (Network peering containers contain network peering connections)",
} as const;
