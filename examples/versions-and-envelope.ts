import { createAtlasClient, type AtlasWarning } from "atlas-peering-client";

const atlas = createAtlasClient({
  apiVersion: "2025-03-12", // sent as Accept: application/vnd.atlas.2025-03-12+json (the default)
  envelope: true, // Atlas wraps answers, the client unwraps them: you see no difference
  // A Deprecation or Sunset header gives one warning per operation and version.
  onWarning: (warning: AtlasWarning) => console.warn(warning.code, warning.message, warning.sunsetAt),
});

// One request with another version.
await atlas.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6", { apiVersion: "2023-01-01" });
