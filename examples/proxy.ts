import { createAtlasClient } from "atlas-peering-client";
import { EnvHttpProxyAgent, fetch as undiciFetch, type RequestInit as UndiciInit } from "undici";

// Behind an HTTP proxy (npm install undici@7): EnvHttpProxyAgent sends each request through the proxy
// that HTTPS_PROXY or HTTP_PROXY names (or their lower-case forms), except to the hosts NO_PROXY lists.
// The fetch option hands it every request the client makes: API calls, token requests, revocations.
const dispatcher = new EnvHttpProxyAgent();
const atlas = createAtlasClient({
  baseUrl: process.env.MONGODB_ATLAS_BASE_URL, // unset: https://cloud.mongodb.com
  // The client passes a URL string and a plain init; the casts bridge undici 7's types and those of
  // Node's own fetch in @types/node.
  fetch: (url, init) => undiciFetch(url as string, { ...(init as UndiciInit), dispatcher }),
});

for await (const peer of atlas.peers.list("5356823b3794dee37132bb7b")) {
  console.log(peer.id, peer.providerName);
}
await atlas.close(); // revokes the service account's token, through the proxy too
await dispatcher.close();
