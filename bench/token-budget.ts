import { createAtlasClient } from "../src/index.js";
import { createSharedTokenStore } from "../src/token-store/shared-store.js";
import { ids } from "../test/helpers/atlas-fixtures.js";
import { inProcessServer, jsonAnswer } from "../test/helpers/in-process-server.js";
import { track, VirtualClock } from "../test/helpers/virtual-clock.js";
import { MemoryBackend } from "../test/token-store/memory-backend.js";

/**
 * Item 8: the token budget. A service account whose client id and secret the token endpoint
 * accepts but whose tokens the API refuses (a role missing, the API access list), called once a
 * second by each of 1 or 3 processes (clients) for ten minutes: how many token requests Atlas's
 * endpoint sees per minute, against its limit of 10 per service account. On virtual time: a count,
 * not a speed, and the same on any machine.
 */
export interface TokenBudgetRow {
  processes: number;
  store: string;
  calls: number;
  firstMinute: number;
  busiestLaterMinute: number;
  tokensFirstCall: number;
}

export async function measureTokenBudget(): Promise<TokenBudgetRow[]> {
  const rows: TokenBudgetRow[] = [];
  for (const processes of [1, 3]) {
    const clock = new VirtualClock().install();
    try {
      let issued = 0;
      const server = inProcessServer((request) =>
        request.path === "/api/oauth/token"
          ? jsonAnswer(200, { access_token: `budget-token-${(issued += 1)}-abcdef`, expires_in: 3600 })
          : jsonAnswer(401, { error: 401, errorCode: "UNAUTHORIZED" }),
      );
      const store =
        processes > 1
          ? createSharedTokenStore(new MemoryBackend(), { lockMs: 5_000, commandTimeoutMs: 1_000 })
          : undefined;
      const clients = Array.from({ length: processes }, () =>
        createAtlasClient({
          baseUrl: "https://cloud.mongodb.com",
          fetch: server.fetch,
          // This server refuses the revocations at close too: not what is measured here.
          onWarning: () => {},
          auth: {
            type: "serviceAccount",
            clientId: "mdb_sa_id_budget",
            clientSecret: "mdb_sa_sk_budget-secret",
            tokenStore: store,
          },
        }),
      );
      const calls: Array<ReturnType<typeof track>> = [];
      let tokensFirstCall = 0;
      for (let second = 0; second < 600; second += 1) {
        for (const client of clients) calls.push(track(client.peers.get(ids.groupId, ids.peerId)));
        if (second === 0) {
          await clock.runUntil(() => calls[0]!.settled, 60_000);
          tokensFirstCall = issued;
        }
        await clock.advance(1_000);
      }
      await clock.runUntil(() => calls.every((call) => call.settled), 60_000);
      const perMinute = Array.from(
        { length: 10 },
        (_, minute) =>
          server.requests.filter(
            (request) =>
              request.path === "/api/oauth/token" &&
              request.at >= minute * 60_000 &&
              request.at < (minute + 1) * 60_000,
          ).length,
      );
      rows.push({
        processes,
        store: store ? "shared (in memory, as Redis or files behave)" : "none (the client's memory)",
        calls: calls.length,
        firstMinute: perMinute[0]!,
        busiestLaterMinute: Math.max(...perMinute.slice(1)),
        tokensFirstCall,
      });
      await Promise.all(clients.map((client) => client.close()));
    } finally {
      clock.uninstall();
    }
  }
  return rows;
}
