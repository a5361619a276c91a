import { createAtlasClient } from "../src/index.js";
import { startMockAtlas } from "../src/testing/index.js";

/**
 * Item 3: token requests made by one service-account client for 1,000 calls at concurrency 50
 * from a cold cache; midway (after the 500th call completes, 50 calls in flight), every token
 * expires, so the calls in flight meet a 401 with the cached token.
 */
export interface TokenResult {
  calls: number;
  concurrency: number;
  tokenRequestsBeforeExpiry: number;
  tokenRequestsAfterExpiry: number;
  unauthorizedAnswers: number;
  failedCalls: number;
}

export async function measureTokenRequests(): Promise<TokenResult> {
  const atlas = await startMockAtlas();
  const { groupId, clientId, clientSecret } = atlas.credentials;
  const client = createAtlasClient({
    baseUrl: atlas.url,
    auth: { type: "serviceAccount", clientId, clientSecret },
  });
  try {
    let started = 0;
    let completed = 0;
    let failed = 0;
    let beforeExpiry = -1;
    const worker = async () => {
      while (started < 1000) {
        started += 1;
        await client.peers
          .list(groupId)
          .next()
          .catch(() => (failed += 1));
        completed += 1;
        if (completed === 500) {
          beforeExpiry = atlas.state.oauth.issued;
          atlas.state.oauth.expireAll();
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    return {
      calls: 1000,
      concurrency: 50,
      tokenRequestsBeforeExpiry: beforeExpiry,
      tokenRequestsAfterExpiry: atlas.state.oauth.issued - beforeExpiry,
      unauthorizedAnswers: atlas.requests.filter((request) => request.status === 401).length,
      failedCalls: failed,
    };
  } finally {
    await client.close();
    await atlas.close();
  }
}
