import { createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient();
const groupId = "5356823b3794dee37132bb7b";
const peerId = "95792d1a28f9c1c076958ef6";

// 1. The typed fetch (openapi-fetch over the generated paths): Atlas's answers come back as
//    { data } or { error }, where error is an AtlasApiError; it rejects only when there is no
//    answer at all (connection, timeout, your abort) or the request is invalid before sending.
const { data, error, response } = await atlas.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
  params: { path: { groupId, peerId } },
});
if (error) console.error(error.status, error.errorCode, response.headers.get("x-request-id"));
else if (data?.providerName === "AZURE") console.log(data.status, data.vnetName);

// 2. The helpers: the data, or a thrown AtlasApiError (the very same error the typed fetch returns).
const peer = await atlas.peers.get(groupId, peerId);
console.log(peer.id);
