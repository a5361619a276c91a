import { AtlasPeerFailedError, createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient();
const groupId = "5356823b3794dee37132bb7b";

const created = await atlas.peers.create(groupId, {
  providerName: "GCP",
  containerId: "507f1f77bcf86cd799439013",
  gcpProjectId: "my-gcp-project",
  networkName: "default",
});

try {
  // Resolves at WAITING_FOR_USER (GCP) or PENDING_ACCEPTANCE (AWS): your side of the cloud is next.
  await atlas.peers.waitFor(groupId, created.id!, { until: "userAction", timeoutMs: 20 * 60_000 });
  // ... create the peering from your GCP network, then:
  await atlas.peers.waitFor(groupId, created.id!, { until: "available" });
} catch (error) {
  if (error instanceof AtlasPeerFailedError) console.error(error.status, error.errorMessage);
  throw error;
}

await atlas.peers.delete(groupId, created.id!);
await atlas.peers.waitFor(groupId, created.id!, { until: "deleted" });
