// npm run demo: a user's day with atlas-peering-client (day.ts), against a local Atlas on loopback
// (no Atlas account needed): once with API keys (HTTP Digest), once with a service account (OAuth).
//
// Every figure it prints is the same on every run, on a quiet machine or a loaded one, so that the
// README can show its output as it is (test/demo.test.ts holds the README to it): no port, no
// random id, no duration, and peers that move on the local Atlas's own clock, which advances with
// the requests it receives rather than with the wall clock. Every row is checked before it is
// printed; a check or a call that fails ends the demo with one line on stderr and exit code 1.
import { createAtlasClient, type AtlasClient, type AtlasClientOptions } from "../src/index.js";
import { startMockAtlas, type MockAtlas } from "../src/testing/index.js";
import { walkThrough, type RetryLog } from "./day.js";
import { runDeclaredDemo } from "./declared-run.js";
import { claim, DemoFailure, oneLine, Walk } from "./steps.js";

/**
 * The local Atlas's clock moves this much with each request it receives, and each step of a peer's
 * lifecycle (INITIATING, PENDING_ACCEPTANCE, ...) lasts `transitionMs` of it: four requests.
 */
const msPerRequest = 100;
const transitionMs = 400;

async function main(): Promise<void> {
  let atlas: MockAtlas | undefined;
  const clients: AtlasClient[] = [];
  try {
    atlas = await startMockAtlas({
      transitionMs,
      clock: () => (atlas?.requests.length ?? 0) * msPerRequest,
    });
    const local = atlas;
    console.log(
      "atlas-peering-client demo: a local Atlas on 127.0.0.1 (no Atlas account, nothing leaves this machine)",
    );
    console.log(
      `Its peers move one state every ${transitionMs / msPerRequest} requests it receives, so every run prints the same.`,
    );
    const retries: RetryLog = [];
    const client = (auth: AtlasClientOptions["auth"]) => {
      const created = createAtlasClient({
        baseUrl: local.url,
        auth,
        hooks: { onRetry: (retry) => void retries.push(retry) },
      });
      clients.push(created);
      return created;
    };
    const { publicKey, privateKey, clientId, clientSecret, groupId } = local.credentials;

    const digest = client({ type: "digest", publicKey, privateKey });
    await walkThrough(
      new Walk(
        local,
        "API keys (HTTP Digest): the first call answers the challenge, then one request per call",
      ),
      local,
      digest,
      retries,
      groupId,
      1,
    );
    await digest.close();

    const serviceAccount = client({ type: "serviceAccount", clientId, clientSecret });
    await walkThrough(
      new Walk(
        local,
        "Service account (OAuth 2.0 client credentials): the first call fetches a token, shared by all others",
      ),
      local,
      serviceAccount,
      retries,
      local.state.addGroup(),
      11,
    );
    await serviceAccount.close();

    const { issued, revoked } = local.state.oauth;
    claim(issued === 1 && revoked === 1, `1 token request and 1 revocation, got ${issued} and ${revoked}`);
    const apiRequests = local.requests.filter((request) => request.path.startsWith("/api/atlas/")).length;
    console.log(
      `\n${apiRequests} API requests in all; ${issued} token request, ${revoked} token revoked by close(). ` +
        "Every error above is typed; no call needed an Atlas account.",
    );
    await runDeclaredDemo();
  } finally {
    for (const each of clients) await each.close().catch(() => undefined);
    await atlas?.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof DemoFailure
      ? `npm run demo failed at "${error.step}": ${error.message}`
      : `npm run demo failed: ${oneLine(error)}`,
  );
  process.exitCode = 1;
});
