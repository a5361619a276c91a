// The answer fields src/types.ts makes required although upstream leaves them optional (`id`, and a
// peer's state: AWS `statusName`, Azure and GCP `status`), because Atlas always returns them. Each
// is listed in src/spec-facts.ts `requiredAnswerFields` for the spec pipeline; these tests hold
// that list and the types to each other, and show what a caller gains: no `!`, no `?? "unknown"`.
import { describe, expectTypeOf, test } from "vitest";
import {
  createAtlasClient,
  type AwsContainer,
  type AwsPeer,
  type AzureContainer,
  type AzurePeer,
  type GcpContainer,
  type GcpPeer,
  type PeerStatus,
} from "../../src/index.js";
import { requiredAnswerFields } from "../../src/spec-facts.js";

type Listed = typeof requiredAnswerFields;
/** The helpers' type for each schema named in `requiredAnswerFields`. */
interface TypeOf {
  AwsNetworkPeeringConnectionSettings: AwsPeer;
  AzureNetworkPeeringConnectionSettings: AzurePeer;
  GCPNetworkPeeringConnectionSettings: GcpPeer;
  AWSCloudProviderContainer: AwsContainer;
  AzureCloudProviderContainer: AzureContainer;
  GCPCloudProviderContainer: GcpContainer;
}
/** `true` when every field K of T must be present and not undefined; distributes over K. */
type Required<T, K> = K extends keyof T
  ? undefined extends T[K]
    ? false
    : object extends Pick<T, K>
      ? false
      : true
  : false;
/** The fields of T a caller may leave out (optional or undefined-able), for the other direction. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

const atlas = createAtlasClient({ auth: { type: "bearer", token: "t" } });
const groupId = "5356823b3794dee37132bb7b";

describe("requiredAnswerFields and the types agree", () => {
  test("it lists the id of every resource and the state of every peer", () => {
    expectTypeOf<Listed["AwsNetworkPeeringConnectionSettings"]>().toEqualTypeOf<
      readonly ["id", "statusName"]
    >();
    expectTypeOf<Listed["AzureNetworkPeeringConnectionSettings"]>().toEqualTypeOf<
      readonly ["id", "status"]
    >();
    expectTypeOf<Listed["GCPNetworkPeeringConnectionSettings"]>().toEqualTypeOf<readonly ["id", "status"]>();
    expectTypeOf<keyof Listed>().toEqualTypeOf<keyof TypeOf>();
  });

  test("every field it lists is required in the helpers' type of that schema", () => {
    type Each = { [S in keyof TypeOf]: Required<TypeOf[S], Listed[S][number]> }[keyof TypeOf];
    expectTypeOf<Each>().toEqualTypeOf<true>();
  });

  test("and no other field was made required by hand: the rest stay as upstream has them", () => {
    expectTypeOf<OptionalKeys<AwsPeer>>().toEqualTypeOf<"connectionId" | "errorStateName">();
    expectTypeOf<OptionalKeys<AzurePeer>>().toEqualTypeOf<"errorState">();
    expectTypeOf<OptionalKeys<GcpPeer>>().toEqualTypeOf<"errorMessage">();
  });
});

describe("a peer's state needs no check", () => {
  test("statusName (AWS) and status (Azure, GCP) are their provider's states, never undefined", () => {
    expectTypeOf<AwsPeer["statusName"]>().toEqualTypeOf<
      "INITIATING" | "PENDING_ACCEPTANCE" | "FAILED" | "FINALIZING" | "AVAILABLE" | "TERMINATING"
    >();
    expectTypeOf<AzurePeer["status"]>().toEqualTypeOf<
      "ADDING_PEER" | "AVAILABLE" | "FAILED" | "DELETION_FAILED" | "DELETING"
    >();
    expectTypeOf<GcpPeer["status"]>().toEqualTypeOf<
      "ADDING_PEER" | "WAITING_FOR_USER" | "AVAILABLE" | "FAILED" | "DELETING"
    >();
  });

  test("narrowed on providerName, a fetched peer's state is a PeerStatus as it is", async () => {
    const peer = await atlas.peers.get(groupId, "95792d1a28f9c1c076958ef6");
    const state: PeerStatus = peer.providerName === "AWS" ? peer.statusName : peer.status;
    expectTypeOf(state).toEqualTypeOf<PeerStatus>();
  });

  test("a value without its state is not a peer", () => {
    const aws = {
      id: "95792d1a28f9c1c076958ef6",
      providerName: "AWS",
      containerId: "32b6e34b3d91647abb20e7b8",
      accepterRegionName: "us-east-1",
      awsAccountId: "123456789012",
      routeTableCidrBlock: "10.8.0.0/21",
      vpcId: "vpc-0a1b2c3d4e5f60718",
    } as const;
    // @ts-expect-error an AWS peer has a statusName
    const withoutState: AwsPeer = aws;
    const withState: AwsPeer = { ...aws, statusName: "AVAILABLE" };
    const gcp = {
      id: aws.id,
      providerName: "GCP",
      containerId: aws.containerId,
      gcpProjectId: "p",
      networkName: "n",
    } as const;
    // @ts-expect-error a GCP peer has a status
    const gcpWithoutState: GcpPeer = gcp;
    void [withoutState, withState, gcpWithoutState];
  });
});
