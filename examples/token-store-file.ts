import { createAtlasClient } from "atlas-peering-client";
import { createFileTokenStore } from "atlas-peering-client/token-store/file";

// A script that CI or cron runs many times an hour: each run finds the token an earlier (or a
// concurrent) run left, encrypted under ~/.cache/atlas-peering-client/tokens, instead of asking
// Atlas for one more. close() leaves it there for the next run.
await using atlas = createAtlasClient({
  auth: {
    type: "serviceAccount",
    clientId: process.env.MONGODB_ATLAS_CLIENT_ID!,
    clientSecret: process.env.MONGODB_ATLAS_CLIENT_SECRET!,
    tokenStore: createFileTokenStore(),
  },
});

for await (const peer of atlas.peers.list("5356823b3794dee37132bb7b")) {
  console.log(peer.id, peer.providerName);
}
