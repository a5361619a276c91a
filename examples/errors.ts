import {
  AtlasApiError,
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  createAtlasClient,
  isAtlasErrorCode,
} from "atlas-peering-client";

const atlas = createAtlasClient();

try {
  await atlas.peers.delete("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6");
} catch (error) {
  if (isAtlasErrorCode(error, "PEER_NOT_FOUND")) {
    // Narrowed: error is an AtlasApiError whose errorCode is "PEER_NOT_FOUND".
    console.log("already gone:", error.message);
  } else if (error instanceof AtlasApiError) {
    // kind: bad-request, unauthorized, forbidden, not-found, conflict, rate-limited, version, server, invalid-response, other
    console.log(
      error.kind,
      error.status,
      error.errorCode,
      error.detail,
      error.badRequestDetail?.fields,
      error.rateLimit,
      error.retryable,
    );
  } else if (error instanceof AtlasConnectionError || error instanceof AtlasTimeoutError) {
    console.log("no answer from Atlas:", error.message);
  } else if (error instanceof AtlasUnreadableResponseError) {
    // An answer, but not one to read (code: RESPONSE_TOO_LARGE, CONTENT_DECODING_FAILED, ...): not retried.
    console.log("unreadable answer:", error.code, error.status);
  } else {
    throw error;
  }
}
