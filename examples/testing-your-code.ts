import { createAtlasClient } from "atlas-peering-client";
import { startMockAtlas } from "atlas-peering-client/testing";

// A local Atlas on loopback for your own tests: digest keys and a service account it accepts,
// Atlas's rules for containers, statuses that move, request validation from MongoDB's spec, and
// faults on demand. Its project starts without containers, as a new Atlas project does.
// `await using`: both are closed when the scope ends, even when a step throws.
await using atlas = await startMockAtlas({ transitionMs: 50 });
const { groupId, clientId, clientSecret } = atlas.credentials;
await using client = createAtlasClient({
  baseUrl: atlas.url,
  auth: { type: "serviceAccount", clientId, clientSecret },
});

const container = await client.containers.ensure(groupId, {
  providerName: "AZURE",
  region: "US_EAST_2",
  atlasCidrBlock: "192.168.240.0/21",
});
atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "1" } }); // the next request gets a 429
const peer = await client.peers.create(groupId, {
  providerName: "AZURE",
  containerId: container.id,
  azureDirectoryId: "35f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
  azureSubscriptionId: "9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  resourceGroupName: "peering-rg",
  vnetName: "app-vnet",
});
await client.peers.waitFor(groupId, peer.id, { intervalMs: 20 });

console.log(atlas.requests.map((request) => `${request.method} ${request.path} ${request.status}`));
