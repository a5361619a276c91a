// npm run demo: a user's day with atlas-peering-client, against a local Atlas on loopback (no Atlas
// account needed). Creates an AWS peer, waits until it needs acceptance, updates it, lists peers
// across pages, shows a mapped error and a rate-limited call that retries, deletes the peer and
// waits until it is gone: once with API keys (HTTP Digest), once with a service account (OAuth).
import {
  createAtlasClient,
  isAtlasErrorCode,
  peerStatus,
  type AtlasClient,
  type AwsPeerRequest,
} from "../src/index.js";
import { startMockAtlas, type MockAtlas } from "../src/testing/index.js";

const peerBody = (vpc: number): AwsPeerRequest => ({
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  accepterRegionName: "us-east-1",
  awsAccountId: "123456789012",
  routeTableCidrBlock: "10.8.0.0/21",
  vpcId: `vpc-0a1b2c3d4e5f6${String(vpc).padStart(4, "0")}`,
});

interface Row {
  call: string;
  result: string;
  requests: number;
  ms: number;
}

async function step(atlas: MockAtlas, rows: Row[], call: string, run: () => Promise<string>): Promise<void> {
  const before = atlas.requests.length;
  const started = performance.now();
  const result = await run();
  rows.push({ call, result, requests: atlas.requests.length - before, ms: performance.now() - started });
}

async function walkThrough(
  atlas: MockAtlas,
  client: AtlasClient,
  groupId: string,
  firstVpc: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  let peerId = "";

  await step(atlas, rows, "peers.create (AWS)", async () => {
    const peer = await client.peers.create(groupId, peerBody(firstVpc));
    peerId = peer.id!;
    return `200 ${peerStatus(peer)}, id ${peerId.slice(0, 8)}…`;
  });
  await step(atlas, rows, 'peers.waitFor(until: "userAction")', async () => {
    const peer = await client.peers.waitFor(groupId, peerId, { until: "userAction", intervalMs: 50 });
    return `${peerStatus(peer!)}: accept it in your AWS account`;
  });
  await step(atlas, rows, "peers.update (new CIDR block)", async () => {
    const peer = await client.peers.update(groupId, peerId, {
      ...peerBody(firstVpc),
      routeTableCidrBlock: "10.9.0.0/21",
    });
    return `200 ${peerStatus(peer)}, ${"routeTableCidrBlock" in peer ? peer.routeTableCidrBlock : ""}`;
  });
  await step(atlas, rows, "peers.list (2 per page)", async () => {
    for (let extra = 1; extra <= 2; extra += 1)
      await client.peers.create(groupId, peerBody(firstVpc + extra));
    let count = 0;
    for await (const _peer of client.peers.list(groupId, { itemsPerPage: 2 })) count += 1;
    return `${count} peers over ${Math.ceil(count / 2)} pages (2 creates included)`;
  });
  await step(atlas, rows, "peers.get (unknown id)", async () => {
    try {
      await client.peers.get(groupId, "0123456789abcdef01234567");
      return "unexpectedly found";
    } catch (error) {
      if (isAtlasErrorCode(error, "PEER_NOT_FOUND"))
        return `${error.status} ${error.errorCode} (AtlasApiError, kind ${error.kind})`;
      throw error;
    }
  });
  await step(atlas, rows, "peers.get (rate limited once)", async () => {
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "1" }, match: { method: "GET" } });
    const peer = await client.peers.get(groupId, peerId);
    return `429, waited Retry-After: 1 s, then 200 ${peerStatus(peer)}`;
  });
  await step(atlas, rows, "peers.delete", async () => {
    await client.peers.delete(groupId, peerId);
    const peer = await client.peers.get(groupId, peerId).catch(() => undefined);
    return `202, now ${peer ? peerStatus(peer) : "gone already"}`;
  });
  await step(atlas, rows, 'peers.waitFor(until: "deleted")', async () => {
    await client.peers.waitFor(groupId, peerId, { until: "deleted", intervalMs: 50 });
    return "gone (404)";
  });
  return rows;
}

function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log(
    `  ${"call".padEnd(36)}${"result".padEnd(58)}${"HTTP requests".padStart(13)}${"time".padStart(9)}`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.call.padEnd(36)}${row.result.padEnd(58)}${String(row.requests).padStart(13)}${`${row.ms.toFixed(0)} ms`.padStart(9)}`,
    );
  }
}

// Each lifecycle step lasts 400 ms: long enough to see every state, short enough not to wait.
const atlas = await startMockAtlas({ transitionMs: 400 });
console.log(
  `atlas-peering-client demo: a local Atlas on ${atlas.url} (no Atlas account, nothing leaves this machine)`,
);
const { publicKey, privateKey, clientId, clientSecret } = atlas.credentials;

const digest = createAtlasClient({ baseUrl: atlas.url, auth: { type: "digest", publicKey, privateKey } });
printRows(
  "API keys (HTTP Digest): the first call answers the challenge, then one request per call",
  await walkThrough(atlas, digest, atlas.credentials.groupId, 1),
);
await digest.close();

const tokensBefore = atlas.state.oauth.issued;
const serviceAccount = createAtlasClient({
  baseUrl: atlas.url,
  auth: { type: "serviceAccount", clientId, clientSecret },
});
const secondProject = atlas.state.addGroup();
const serviceRows = await walkThrough(atlas, serviceAccount, secondProject, 11);
await serviceAccount.close();
printRows(
  "Service account (OAuth 2.0 client credentials): the first call fetches a token, shared by all others",
  serviceRows,
);

const apiRequests = atlas.requests.filter((request) => request.path.startsWith("/api/atlas/"));
console.log(
  `\n${apiRequests.length} API requests in all; ${atlas.state.oauth.issued - tokensBefore} token request, ${atlas.state.oauth.revoked} token revoked by close(). ` +
    "Every error above is typed; no call needed an Atlas account.",
);
await atlas.close();
