import { createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient({
  timeoutMs: 15_000, // per attempt: connection, answer and body
  maxRetries: 3, // after 429 (any method), 502/503/504 and lost connections (GET, PATCH, DELETE)
  backoff: { initialDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 },
});

// Your AbortSignal ends the call at once, retries and waits included.
const peer = await atlas.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6", {
  signal: AbortSignal.timeout(30_000),
});
console.log(peer.id);
