import type {
  AwsContainerRequest,
  AwsPeerRequest,
  AzureContainerRequest,
  AzurePeerRequest,
  GcpContainerRequest,
  GcpPeerRequest,
} from "atlas-peering-client";

/**
 * A declared AWS peer: the body `peers.create` takes, without `containerId` (the plan finds the
 * container by `regionName`), plus the region of the container it lives in and, optionally, the
 * route tables of your VPC (used only for the next steps: `aws ec2 create-route`).
 * @interface
 */
export type DeclaredAwsPeer = Omit<AwsPeerRequest, "containerId"> & {
  /** The region of the AWS container this peer lives in, as Atlas spells it (`US_EAST_1`). */
  regionName: AwsContainerRequest["regionName"];
  /** Your VPC's route tables that should reach Atlas (`rtb-...`); only the next steps read them. */
  routeTableIds?: string[] | undefined;
};

/**
 * A declared Azure peer: the body `peers.create` takes, without `containerId`, plus the region of
 * its container.
 * @interface
 */
export type DeclaredAzurePeer = Omit<AzurePeerRequest, "containerId"> & {
  /** The region of the Azure container this peer lives in, as Atlas spells it (`US_EAST_2`). */
  region: AzureContainerRequest["region"];
};

/**
 * A declared GCP peer: the body `peers.create` takes, without `containerId` (GCP has one container
 * per project).
 * @interface
 */
export type DeclaredGcpPeer = Omit<GcpPeerRequest, "containerId">;

/** A declared peer, discriminated by `providerName`. */
export type DeclaredPeer = DeclaredAwsPeer | DeclaredAzurePeer | DeclaredGcpPeer;

/** A declared container: the body `containers.create` takes. */
export type DeclaredContainer = AwsContainerRequest | AzureContainerRequest | GcpContainerRequest;

/** The peering one Atlas project should have: what `planPeering` compares with what exists. */
export interface PeeringDeclaration {
  /** The JSON Schema the file follows, for editors; ignored. */
  $schema?: string | undefined;
  /** The project (group) id: 24 hexadecimal digits. */
  groupId: string;
  /** The containers the project should have (AWS and Azure: one per region; GCP: one). */
  containers?: DeclaredContainer[] | undefined;
  /** The peering connections the project should have. */
  peers?: DeclaredPeer[] | undefined;
}

/**
 * The declaration, as written, with its type checked: for a `.ts` or `.js` declaration file
 * (`export default defineConfig({ ... })`). It returns its argument unchanged.
 */
export function defineConfig(declaration: PeeringDeclaration): PeeringDeclaration {
  return declaration;
}
