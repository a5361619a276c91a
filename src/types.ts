import type { components, Readable, Writable } from "../generated/atlas-peers.js";

type Schemas = components["schemas"];

/** A network peering connection as Atlas returns it: a union discriminated by `providerName`. */
export type Peer = Readable<Schemas["BaseNetworkPeeringConnectionSettings"]>;
export type AwsPeer = Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>;
export type AzurePeer = Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>;
export type GcpPeer = Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>;

/** What create and update accept: the same union without the fields Atlas sets (id, status, errors). */
export type PeerRequest = Writable<Schemas["BaseNetworkPeeringConnectionSettings"]>;
export type AwsPeerRequest = Writable<Schemas["AwsNetworkPeeringConnectionSettings"]>;
export type AzurePeerRequest = Writable<Schemas["AzureNetworkPeeringConnectionSettings"]>;
export type GcpPeerRequest = Writable<Schemas["GCPNetworkPeeringConnectionSettings"]>;

export type ProviderName = Peer["providerName"];
/** `statusName` of an AWS peer or `status` of an Azure or GCP peer. */
export type PeerStatus = NonNullable<AwsPeer["statusName"] | AzurePeer["status"] | GcpPeer["status"]>;

/** One page of `GET /groups/{groupId}/peers`. */
export type PeerPage = Readable<Schemas["PaginatedContainerPeerView"]>;
