import { createAtlasClient } from "atlas-peering-client";

// A token you obtain yourself: a fixed string, or a function called before each request.
const atlas = createAtlasClient({
  auth: {
    type: "bearer",
    token: async () => (await import("node:fs/promises")).readFile("/run/secrets/atlas-token", "utf8"),
  },
  // The government cloud works the same way.
  baseUrl: "https://cloud.mongodbgov.com",
});
await atlas.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6");
