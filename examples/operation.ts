import { createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient();
const groupId = "5356823b3794dee37132bb7b";

// Several calls under one deadline and one signal: what one of them waits for (a backoff, a token,
// a Retry-After Atlas asked for) counts against the same minute as the next.
const operation = atlas.operation({ totalTimeoutMs: 60_000, signal: AbortSignal.timeout(120_000) });
try {
  const container = await atlas.containers.ensure(
    groupId,
    { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" },
    { operation },
  );
  const peer = await atlas.peers.create(
    groupId,
    {
      providerName: "AWS",
      containerId: container.id,
      accepterRegionName: "us-east-1",
      awsAccountId: "999900000000",
      routeTableCidrBlock: "10.15.0.0/16",
      vpcId: "vpc-0a1b2c3d4e5f60718",
    },
    { operation },
  );
  // Its own timeoutMs, or the operation's deadline, whichever comes first.
  await atlas.peers.waitFor(groupId, peer.id, { operation, until: "userAction", intervalMs: 5_000 });
} finally {
  operation.end();
  await atlas.close();
}
