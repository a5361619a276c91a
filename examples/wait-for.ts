import { AtlasPeerFailedError, createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient();
const groupId = "5356823b3794dee37132bb7b";

// GCP has one container per project, for the regions it lists.
const container = await atlas.containers.ensure(groupId, {
  providerName: "GCP",
  atlasCidrBlock: "192.168.0.0/18",
  regions: ["CENTRAL_US"],
});
const created = await atlas.peers.create(groupId, {
  providerName: "GCP",
  containerId: container.id,
  gcpProjectId: "my-gcp-project",
  networkName: "default",
});

try {
  // Resolves at WAITING_FOR_USER (GCP) or PENDING_ACCEPTANCE (AWS): your side of the cloud is next.
  await atlas.peers.waitFor(groupId, created.id, { until: "userAction", timeoutMs: 20 * 60_000 });
  // ... create the peering from your GCP network, then:
  await atlas.peers.waitFor(groupId, created.id, { until: "available" });
} catch (error) {
  if (error instanceof AtlasPeerFailedError) console.error(error.status, error.errorMessage);
  throw error;
}

await atlas.peers.delete(groupId, created.id);
await atlas.peers.waitFor(groupId, created.id, { until: "deleted" });
