// The resource and request body types are written out in src/types.ts so that typedoc lists their
// fields and keeps their names in the helpers' signatures. They must stay exactly the types they were
// derived as before (below, the earlier definitions, from the generated schemas): identical, and as
// assignable, down to the implicit index signature an interface would have lost.
import { describe, expectTypeOf, test } from "vitest";
import type { components, Readable, Writable } from "../../generated/atlas-network-peering.js";
import type {
  AwsContainer,
  AwsContainerRequest,
  AwsPeer,
  AwsPeerRequest,
  AzureContainer,
  AzureContainerRequest,
  AzurePeer,
  AzurePeerRequest,
  Container,
  ContainerPage,
  ContainerRequest,
  GcpContainer,
  GcpContainerRequest,
  GcpPeer,
  GcpPeerRequest,
  Peer,
  PeerPage,
  PeerRequest,
  PeerStatus,
  ProviderName,
} from "../../src/index.js";

type Schemas = components["schemas"];
/** The earlier helper: a distributive `T & { id: string }`. */
type Answered<T> = T extends unknown ? T & { id: string } : never;
/** And a peer's state, which Atlas always reports: AWS `statusName`, Azure and GCP `status`. */
type WithState<T> = T extends { providerName: "AWS"; statusName?: infer S }
  ? T & { statusName: NonNullable<S> }
  : T extends { status?: infer S }
    ? T & { status: NonNullable<S> }
    : never;
type AnsweredPeer<T> = WithState<Answered<T>>;
type Peers = Schemas["BaseNetworkPeeringConnectionSettings"];
type Containers = Schemas["CloudProviderContainer"];

describe("the written-out types are the derived ones", () => {
  test("peers as Atlas returns them", () => {
    expectTypeOf<Peer>().toEqualTypeOf<AnsweredPeer<Readable<Peers>>>();
    expectTypeOf<Peer>().branded.toEqualTypeOf<AnsweredPeer<Readable<Peers>>>();
    expectTypeOf<AwsPeer>().toEqualTypeOf<
      AnsweredPeer<Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>>
    >();
    expectTypeOf<AzurePeer>().toEqualTypeOf<
      AnsweredPeer<Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>>
    >();
    expectTypeOf<GcpPeer>().toEqualTypeOf<
      AnsweredPeer<Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>>
    >();
  });

  test("peer request bodies", () => {
    expectTypeOf<PeerRequest>().toEqualTypeOf<Writable<Peers>>();
    expectTypeOf<PeerRequest>().branded.toEqualTypeOf<Writable<Peers>>();
    expectTypeOf<AwsPeerRequest>().toEqualTypeOf<Writable<Schemas["AwsNetworkPeeringConnectionSettings"]>>();
    expectTypeOf<AzurePeerRequest>().toEqualTypeOf<
      Writable<Schemas["AzureNetworkPeeringConnectionSettings"]>
    >();
    expectTypeOf<GcpPeerRequest>().toEqualTypeOf<Writable<Schemas["GCPNetworkPeeringConnectionSettings"]>>();
  });

  test("containers as Atlas returns them, and their request bodies", () => {
    expectTypeOf<Container>().toEqualTypeOf<Answered<Readable<Containers>>>();
    expectTypeOf<Container>().branded.toEqualTypeOf<Answered<Readable<Containers>>>();
    expectTypeOf<AwsContainer>().toEqualTypeOf<Answered<Readable<Schemas["AWSCloudProviderContainer"]>>>();
    expectTypeOf<AzureContainer>().toEqualTypeOf<
      Answered<Readable<Schemas["AzureCloudProviderContainer"]>>
    >();
    expectTypeOf<GcpContainer>().toEqualTypeOf<Answered<Readable<Schemas["GCPCloudProviderContainer"]>>>();
    expectTypeOf<ContainerRequest>().toEqualTypeOf<Writable<Containers>>();
    expectTypeOf<AwsContainerRequest>().toEqualTypeOf<Writable<Schemas["AWSCloudProviderContainer"]>>();
    expectTypeOf<AzureContainerRequest>().toEqualTypeOf<Writable<Schemas["AzureCloudProviderContainer"]>>();
    expectTypeOf<GcpContainerRequest>().toEqualTypeOf<Writable<Schemas["GCPCloudProviderContainer"]>>();
  });

  test("pages, provider names and statuses", () => {
    expectTypeOf<PeerPage>().toEqualTypeOf<Readable<Schemas["PaginatedContainerPeerView"]>>();
    expectTypeOf<ContainerPage>().toEqualTypeOf<Readable<Schemas["PaginatedCloudProviderContainerView"]>>();
    expectTypeOf<ProviderName>().toEqualTypeOf<"AWS" | "AZURE" | "GCP">();
    expectTypeOf<PeerStatus>().toEqualTypeOf<
      NonNullable<
        | Readable<Schemas["AwsNetworkPeeringConnectionSettings"]>["statusName"]
        | Readable<Schemas["AzureNetworkPeeringConnectionSettings"]>["status"]
        | Readable<Schemas["GCPNetworkPeeringConnectionSettings"]>["status"]
      >
    >();
  });

  test("as assignable as object types: to a record of unknowns, both ways with the derived ones", () => {
    expectTypeOf<AwsPeer>().toExtend<Record<string, unknown>>();
    expectTypeOf<AwsContainer>().toExtend<Record<string, unknown>>();
    expectTypeOf<AwsPeerRequest>().toExtend<Record<string, unknown>>();
    expectTypeOf<AwsContainerRequest>().toExtend<Record<string, unknown>>();
    expectTypeOf<Peer>().toExtend<AnsweredPeer<Readable<Peers>>>();
    expectTypeOf<AnsweredPeer<Readable<Peers>>>().toExtend<Peer>();
    expectTypeOf<Container>().toExtend<Answered<Readable<Containers>>>();
    expectTypeOf<Answered<Readable<Containers>>>().toExtend<Container>();
  });
});
