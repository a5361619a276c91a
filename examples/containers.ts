import { AtlasContainerMismatchError, createAtlasClient, isAtlasErrorCode } from "atlas-peering-client";

const atlas = createAtlasClient();
const groupId = "5356823b3794dee37132bb7b";

// Every container of the project, whatever the cloud; or one provider's (AWS unless you ask).
for await (const container of atlas.containers.listAll(groupId)) {
  console.log(container.id, container.providerName, container.atlasCidrBlock, container.provisioned);
}
for await (const container of atlas.containers.list(groupId, { providerName: "AZURE" })) {
  console.log(container.region, container.vnetName); // narrowed: an Azure container
}

try {
  // Atlas allows one container per provider and region (AWS, Azure) or per project (GCP):
  // ensure finds it, or creates it, and never hides a difference from what you asked.
  const container = await atlas.containers.ensure(groupId, {
    providerName: "AWS",
    regionName: "EU_WEST_1",
    atlasCidrBlock: "10.8.0.0/21",
  });
  console.log(container.vpcId);
} catch (error) {
  if (error instanceof AtlasContainerMismatchError) {
    // The project's EU_WEST_1 container has another CIDR block: error.existing, error.requested.
    console.error(error.message);
  } else throw error;
}

try {
  await atlas.containers.delete(groupId, "32b6e34b3d91647abb20e7b8");
} catch (error) {
  // Peers (or clusters) still use it: delete them first.
  if (isAtlasErrorCode(error, "CONTAINERS_IN_USE")) console.error(error.detail);
  else throw error;
}
