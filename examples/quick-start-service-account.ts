import { createAtlasClient } from "atlas-peering-client";

// A service account (the method MongoDB recommends): the client fetches one OAuth token, shares it
// across concurrent calls, renews it before it expires, and revokes it at close().
const atlas = createAtlasClient({
  auth: {
    type: "serviceAccount",
    clientId: process.env.MONGODB_ATLAS_CLIENT_ID!,
    clientSecret: process.env.MONGODB_ATLAS_CLIENT_SECRET!,
  },
});
const groupId = "5356823b3794dee37132bb7b";

// The Atlas side of the peering: the project's container for that region, created when missing.
const container = await atlas.containers.ensure(groupId, {
  providerName: "AWS",
  regionName: "US_WEST_1",
  atlasCidrBlock: "192.168.248.0/21",
});
const peer = await atlas.peers.create(groupId, {
  providerName: "AWS",
  containerId: container.id,
  accepterRegionName: "us-west-1",
  awsAccountId: "999900000000",
  routeTableCidrBlock: "10.15.0.0/16",
  vpcId: "vpc-0a1b2c3d4e5f60718",
});
// An AWS body gives an AWS peer: statusName needs no check of providerName.
console.log(peer.id, peer.statusName);
await atlas.close();
