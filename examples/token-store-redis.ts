import { createAtlasClient } from "atlas-peering-client";
import { createRedisTokenStore } from "atlas-peering-client/token-store/redis";
import { createClient } from "redis";

// Workers on many machines share one token through your own Redis client (node-redis or ioredis).
// When it is due, one worker asks Atlas and the others wait for its answer. Fail fast while Redis
// is away (the client then asks Atlas itself, with a warning) rather than queue commands.
const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
const atlas = createAtlasClient({
  auth: {
    type: "serviceAccount",
    clientId: process.env.MONGODB_ATLAS_CLIENT_ID!,
    clientSecret: process.env.MONGODB_ATLAS_CLIENT_SECRET!,
    tokenStore: createRedisTokenStore({ client: redis }),
  },
});

await atlas.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6");

// close() never revokes the fleet's token. When the fleet is done (or the secret is rotated),
// revoke it explicitly: every process meets one 401 and they share one new token.
await atlas.revokeToken();
await atlas.close();
await redis.quit();
