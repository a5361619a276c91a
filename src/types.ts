import type {
  components as GeneratedComponents,
  paths as GeneratedPaths,
  Readable,
  Writable,
} from "../generated/atlas-peers.js";

/**
 * Every path and operation of the peers fragment, as openapi-typescript generated them from
 * MongoDB's OpenAPI document (generated/atlas-peers.ts); what the typed fetch is typed by.
 */
export interface paths extends GeneratedPaths {}

/** The fragment's schemas, parameters, responses and headers, as generated. */
export interface components extends GeneratedComponents {}

type Schemas = GeneratedComponents["schemas"];

/** A network peering connection as Atlas returns it: a union discriminated by `providerName`. */
export type Peer = Readable<Schemas["BaseNetworkPeeringConnectionSettings"]>;
/** An AWS peer as Atlas returns it (`statusName`, `connectionId`, `errorStateName`). */
export type AwsPeer = Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>;
/** An Azure peer as Atlas returns it (`status`, `errorState`). */
export type AzurePeer = Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>;
/** A GCP peer as Atlas returns it (`status`, `errorMessage`). */
export type GcpPeer = Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>;

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
