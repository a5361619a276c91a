import { createAtlasClient } from "atlas-peering-client";

// Programmatic API keys, answered with HTTP Digest. After the first challenge every call is one
// HTTP request (the nonce is reused with a growing nc), plus one when Atlas retires the nonce.
await using atlas = createAtlasClient({
  auth: {
    type: "digest",
    publicKey: process.env.MONGODB_ATLAS_PUBLIC_API_KEY!,
    privateKey: process.env.MONGODB_ATLAS_PRIVATE_API_KEY!,
  },
});

for await (const peer of atlas.peers.list("5356823b3794dee37132bb7b", { providerName: "GCP" })) {
  console.log(peer.id, peer.providerName);
}
