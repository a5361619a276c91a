import { createAtlasClient } from "atlas-peering-client";

// A service account (the method MongoDB recommends): the client fetches one OAuth token, shares it
// across concurrent calls, renews it before it expires, and revokes it at close().
const atlas = createAtlasClient({
  auth: {
    type: "serviceAccount",
    clientId: process.env.ATLAS_CLIENT_ID!,
    clientSecret: process.env.ATLAS_CLIENT_SECRET!,
  },
});

const peer = await atlas.peers.update("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6", {
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  accepterRegionName: "us-west-1",
  awsAccountId: "999900000000",
  routeTableCidrBlock: "10.15.0.0/16",
  vpcId: "vpc-0a1b2c3d4e5f60718",
});
console.log(peer.providerName === "AWS" ? peer.statusName : peer.status);
await atlas.close();
