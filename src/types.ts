import type {
  components as GeneratedComponents,
  paths as GeneratedPaths,
  Readable,
  Writable,
} from "../generated/atlas-network-peering.js";

/**
 * Every path and operation of the network peering fragment (containers and peers), as
 * openapi-typescript generated them from MongoDB's OpenAPI document
 * (generated/atlas-network-peering.ts); what the typed fetch is typed by.
 */
export interface paths extends GeneratedPaths {}

/** The fragment's schemas, parameters, responses and headers, as generated. */
export interface components extends GeneratedComponents {}

type Schemas = GeneratedComponents["schemas"];

/**
 * A resource as the helpers return it: with its `id`, which upstream leaves optional although
 * Atlas always returns it (every get, update and delete needs it). Safe because the helpers check
 * it: an answer without a string `id` is an `AtlasApiError` with errorCode `INVALID_RESPONSE`,
 * never a value whose type lies. (A declared fix-up, `required` with `readOnly`, would say the
 * same in the spec, but Prism 5.14 then demands an `id` in request bodies too.)
 */
type Answered<T> = T extends unknown ? T & { id: string } : never;

/** A network peering connection as Atlas returns it: a union discriminated by `providerName`. */
export type Peer = Answered<Readable<Schemas["BaseNetworkPeeringConnectionSettings"]>>;
/** An AWS peer as Atlas returns it (`statusName`, `connectionId`, `errorStateName`). */
export type AwsPeer = Answered<Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>>;
/** An Azure peer as Atlas returns it (`status`, `errorState`). */
export type AzurePeer = Answered<Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>>;
/** A GCP peer as Atlas returns it (`status`, `errorMessage`). */
export type GcpPeer = Answered<Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>>;

/** What create and update accept: the same union without the fields Atlas sets (id, status, errors). */
export type PeerRequest = Writable<Schemas["BaseNetworkPeeringConnectionSettings"]>;
/** The body of an AWS create or update. */
export type AwsPeerRequest = Writable<Schemas["AwsNetworkPeeringConnectionSettings"]>;
/** The body of an Azure create or update. */
export type AzurePeerRequest = Writable<Schemas["AzureNetworkPeeringConnectionSettings"]>;
/** The body of a GCP create or update. */
export type GcpPeerRequest = Writable<Schemas["GCPNetworkPeeringConnectionSettings"]>;

/** `AWS`, `AZURE` or `GCP`. */
export type ProviderName = Peer["providerName"];
/** `statusName` of an AWS peer or `status` of an Azure or GCP peer. */
export type PeerStatus = NonNullable<AwsPeer["statusName"] | AzurePeer["status"] | GcpPeer["status"]>;

/** One page of `GET /groups/{groupId}/peers`. */
export type PeerPage = Readable<Schemas["PaginatedContainerPeerView"]>;

/**
 * A network peering container as Atlas returns it: the Atlas side of peering (its CIDR block, its
 * region or regions), one per provider and region for AWS and Azure, one per project for GCP. A
 * union discriminated by `providerName`.
 */
export type Container = Answered<Readable<Schemas["CloudProviderContainer"]>>;
/** An AWS container as Atlas returns it (`regionName`, `vpcId`). */
export type AwsContainer = Answered<Readable<Schemas["AWSCloudProviderContainer"]>>;
/** An Azure container as Atlas returns it (`region`, `azureSubscriptionId`, `vnetName`). */
export type AzureContainer = Answered<Readable<Schemas["AzureCloudProviderContainer"]>>;
/** A GCP container as Atlas returns it (`regions`, `gcpProjectId`, `networkName`). */
export type GcpContainer = Answered<Readable<Schemas["GCPCloudProviderContainer"]>>;

/** What containers' create and update accept: the union without the fields Atlas sets (id, provisioned, ...). */
export type ContainerRequest = Writable<Schemas["CloudProviderContainer"]>;
/** The body of an AWS container's create or update: `regionName` and `atlasCidrBlock`. */
export type AwsContainerRequest = Writable<Schemas["AWSCloudProviderContainer"]>;
/** The body of an Azure container's create or update: `region` and `atlasCidrBlock`. */
export type AzureContainerRequest = Writable<Schemas["AzureCloudProviderContainer"]>;
/** The body of a GCP container's create or update: `atlasCidrBlock` and `regions`. */
export type GcpContainerRequest = Writable<Schemas["GCPCloudProviderContainer"]>;

/** One page of `GET /groups/{groupId}/containers` or `/containers/all`. */
export type ContainerPage = Readable<Schemas["PaginatedCloudProviderContainerView"]>;
