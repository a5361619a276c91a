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
 * What the helpers add to a resource: its `id`, which upstream leaves optional although Atlas always
 * returns it (every get, update and delete needs it). Safe because the helpers check it: an answer
 * without a string `id` is an `AtlasApiError` with errorCode `INVALID_RESPONSE`, never a value whose
 * type lies. (A declared fix-up, `required` with `readOnly`, would say the same in the spec, but
 * Prism 5.14 then demands an `id` in request bodies too.) An object type, not an interface, so that
 * the resources keep the implicit index signature of the generated types.
 *
 * Each resource below is `Readable<schema> & Identified` (peers also with their state, below),
 * written out rather than through a generic helper: a type alias declared as an intersection keeps
 * its name wherever TypeScript (and typedoc)
 * shows it, such as `Extract<AwsPeer, ...>` in the helpers' signatures, where a generic helper's
 * result would be shown expanded. The unions are unions of those names.
 */
type Identified = { id: string };

/**
 * What Atlas reports on every peer besides its `id`: its state, `statusName` (AWS) or `status`
 * (Azure, GCP), which upstream leaves optional too. Every peer answer MongoDB documents carries it
 * (../shared/atlas-docs-examples/examples.json): the v2 reference's response example for each
 * provider (`statusName: "INITIATING"`, `status: "ADDING_PEER"`), and the v1.0 worked example,
 * which omits `providerName` and sends `connectionId` and `errorStateName` as null yet reports
 * `statusName`. A peer's state is also what `waitFor` and every caller read first. Required here
 * only together with the helpers' check of it at run time (src/resources/answers.ts, as for `id`),
 * and listed in src/spec-facts.ts (`requiredAnswerFields`) so that the spec pipeline holds it to
 * the schema.
 */
type AwsStatusReported = {
  statusName: NonNullable<Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>["statusName"]>;
};
/** An Azure peer's `status`: see {@link AwsStatusReported}. */
type AzureStatusReported = {
  status: NonNullable<Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>["status"]>;
};
/** A GCP peer's `status`: see {@link AwsStatusReported}. */
type GcpStatusReported = {
  status: NonNullable<Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>["status"]>;
};

/** A network peering connection as Atlas returns it: a union discriminated by `providerName`. */
export type Peer = AwsPeer | AzurePeer | GcpPeer;
/**
 * An AWS peer as Atlas returns it (`statusName`, `connectionId`, `errorStateName`).
 * @interface
 */
export type AwsPeer = Readable<Schemas["AwsNetworkPeeringConnectionSettings"]> &
  Identified &
  AwsStatusReported;
/**
 * An Azure peer as Atlas returns it (`status`, `errorState`).
 * @interface
 */
export type AzurePeer = Readable<Schemas["AzureNetworkPeeringConnectionSettings"]> &
  Identified &
  AzureStatusReported;
/**
 * A GCP peer as Atlas returns it (`status`, `errorMessage`).
 * @interface
 */
export type GcpPeer = Readable<Schemas["GCPNetworkPeeringConnectionSettings"]> &
  Identified &
  GcpStatusReported;

/** What create and update accept: the same union without the fields Atlas sets (id, status, errors). */
export type PeerRequest = AwsPeerRequest | AzurePeerRequest | GcpPeerRequest;
/**
 * The body of an AWS create or update.
 * The fields Atlas sets (`id`, the status and error fields) are listed with type `undefined`: a
 * body cannot carry them.
 * @interface
 */
export type AwsPeerRequest = Writable<Schemas["AwsNetworkPeeringConnectionSettings"]>;
/**
 * The body of an Azure create or update.
 * The fields Atlas sets (`id`, the status and error fields) are listed with type `undefined`: a
 * body cannot carry them.
 * @interface
 */
export type AzurePeerRequest = Writable<Schemas["AzureNetworkPeeringConnectionSettings"]>;
/**
 * The body of a GCP create or update.
 * The fields Atlas sets (`id`, the status and error fields) are listed with type `undefined`: a
 * body cannot carry them.
 * @interface
 */
export type GcpPeerRequest = Writable<Schemas["GCPNetworkPeeringConnectionSettings"]>;

/**
 * `AWS`, `AZURE` or `GCP`.
 * @useDeclaredType
 */
export type ProviderName = Peer["providerName"];
/** `statusName` of an AWS peer or `status` of an Azure or GCP peer. */
export type PeerStatus = NonNullable<AwsPeer["statusName"] | AzurePeer["status"] | GcpPeer["status"]>;

/**
 * One page of `GET /groups/{groupId}/peers`.
 * @interface
 */
export type PeerPage = Readable<Schemas["PaginatedContainerPeerView"]>;

/**
 * A network peering container as Atlas returns it: the Atlas side of peering (its CIDR block, its
 * region or regions), one per provider and region for AWS and Azure, one per project for GCP. A
 * union discriminated by `providerName`.
 */
export type Container = AwsContainer | AzureContainer | GcpContainer;
/**
 * An AWS container as Atlas returns it (`regionName`, `vpcId`).
 * @interface
 */
export type AwsContainer = Readable<Schemas["AWSCloudProviderContainer"]> & Identified;
/**
 * An Azure container as Atlas returns it (`region`, `azureSubscriptionId`, `vnetName`).
 * @interface
 */
export type AzureContainer = Readable<Schemas["AzureCloudProviderContainer"]> & Identified;
/**
 * A GCP container as Atlas returns it (`regions`, `gcpProjectId`, `networkName`).
 * @interface
 */
export type GcpContainer = Readable<Schemas["GCPCloudProviderContainer"]> & Identified;

/** What containers' create and update accept: the union without the fields Atlas sets (id, provisioned, ...). */
export type ContainerRequest = AwsContainerRequest | AzureContainerRequest | GcpContainerRequest;
/**
 * The body of an AWS container's create or update: `regionName` and `atlasCidrBlock`.
 * The fields Atlas sets (`id`, `provisioned`, the provider's network ids) are listed with type
 * `undefined`: a body cannot carry them.
 * @interface
 */
export type AwsContainerRequest = Writable<Schemas["AWSCloudProviderContainer"]>;
/**
 * The body of an Azure container's create or update: `region` and `atlasCidrBlock`.
 * The fields Atlas sets (`id`, `provisioned`, the provider's network ids) are listed with type
 * `undefined`: a body cannot carry them.
 * @interface
 */
export type AzureContainerRequest = Writable<Schemas["AzureCloudProviderContainer"]>;
/**
 * The body of a GCP container's create or update: `atlasCidrBlock` and `regions`.
 * The fields Atlas sets (`id`, `provisioned`, the provider's network ids) are listed with type
 * `undefined`: a body cannot carry them.
 * @interface
 */
export type GcpContainerRequest = Writable<Schemas["GCPCloudProviderContainer"]>;

/**
 * One page of `GET /groups/{groupId}/containers` or `/containers/all`.
 * @interface
 */
export type ContainerPage = Readable<Schemas["PaginatedCloudProviderContainerView"]>;
