import { createAtlasClient } from "atlas-peering-client";

const atlas = createAtlasClient({
  timeoutMs: 15_000, // per attempt (connection, answer and body), and per token request
  totalTimeoutMs: 60_000, // per call: attempts, waits, token requests, challenges (default 0: none)
  maxRetries: 3, // after 429 (any method), 502/503/504 and lost connections (GET, PATCH, DELETE)
  backoff: { initialDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 },
  maxResponseBytes: 16 * 1024 * 1024, // the default: a longer answer is not read
});

// Your AbortSignal ends the call at once, wherever it is (an attempt, a backoff, the wait for a
// token): the promise rejects with its reason, and nothing more is sent for the call.
const peer = await atlas.peers.get("5356823b3794dee37132bb7b", "95792d1a28f9c1c076958ef6", {
  signal: AbortSignal.timeout(30_000),
  totalTimeoutMs: 10_000, // this call only; the earlier of this and the client's applies
});
console.log(peer.id);

// Ends the calls in flight, waits for a token request already sent, revokes every token the
// client obtained. Once it resolves, the client sends nothing more.
await atlas.close();
