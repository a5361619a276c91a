// npm run demo: a user's day with atlas-peering-client, against a local Atlas on loopback (no Atlas
// account needed). Starts from a project with no container: ensures the AWS container, creates a
// peer in it, waits until it needs acceptance, updates it, lists peers and containers, shows the
// mapped errors and a rate-limited call that retries, deletes the peer and waits until it is gone,
// then deletes the container: once with API keys (HTTP Digest), once with a service account (OAuth).
import {
  AtlasContainerMismatchError,
  createAtlasClient,
  isAtlasErrorCode,
  peerStatus,
  type AtlasClient,
  type AwsPeerRequest,
} from "../src/index.js";
import { startMockAtlas, type MockAtlas } from "../src/testing/index.js";
import { runDeclaredDemo } from "./declared-run.js";

const container = {
  providerName: "AWS",
  regionName: "US_EAST_1",
  atlasCidrBlock: "192.168.248.0/21",
} as const;
const peerBody = (containerId: string, vpc: number): AwsPeerRequest => ({
  providerName: "AWS",
  containerId,
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

/** What a typed error says, in the demo's words: the call is expected to fail. */
async function expectError(run: () => Promise<unknown>, describe: (error: unknown) => string | undefined) {
  try {
    await run();
  } catch (error) {
    const said = describe(error);
    if (said !== undefined) return said;
    throw error;
  }
  throw new Error("the call was expected to fail");
}

async function walkThrough(
  atlas: MockAtlas,
  client: AtlasClient,
  groupId: string,
  firstVpc: number,
): Promise<Row[]> {
  const rows: Row[] = [];
  let containerId = "";
  let peerId = "";

  await step(atlas, rows, "containers.ensure (AWS US_EAST_1)", async () => {
    const ensured = await client.containers.ensure(groupId, container);
    containerId = ensured.id;
    return `none yet: created ${containerId.slice(0, 8)}…, ${ensured.atlasCidrBlock}`;
  });
  await step(atlas, rows, "containers.ensure (again)", async () => {
    const ensured = await client.containers.ensure(groupId, container);
    return `found ${ensured.id === containerId ? "the same" : "another"} container, nothing created`;
  });
  await step(atlas, rows, "peers.create (AWS, in that container)", async () => {
    const peer = await client.peers.create(groupId, peerBody(containerId, firstVpc));
    peerId = peer.id;
    return `200 ${peer.statusName}, id ${peerId.slice(0, 8)}…`;
  });
  await step(atlas, rows, 'peers.waitFor(until: "userAction")', async () => {
    const peer = await client.peers.waitFor(groupId, peerId, { until: "userAction", intervalMs: 50 });
    return `${peerStatus(peer!)}: accept it in your AWS account`;
  });
  await step(atlas, rows, "peers.update (new CIDR block)", async () => {
    const peer = await client.peers.update(groupId, peerId, {
      ...peerBody(containerId, firstVpc),
      routeTableCidrBlock: "10.9.0.0/21",
    });
    return `200 ${peer.statusName}, ${peer.routeTableCidrBlock}`;
  });
  await step(atlas, rows, "peers.list (2 per page)", async () => {
    for (let extra = 1; extra <= 2; extra += 1)
      await client.peers.create(groupId, peerBody(containerId, firstVpc + extra));
    let count = 0;
    for await (const _peer of client.peers.list(groupId, { itemsPerPage: 2 })) count += 1;
    return `${count} peers over ${Math.ceil(count / 2)} pages (2 creates included)`;
  });
  await step(atlas, rows, "containers.listAll", async () => {
    const all = [];
    for await (const each of client.containers.listAll(groupId)) all.push(each);
    const [first] = all;
    return `${all.length} container: ${first?.providerName} ${first?.providerName === "AWS" ? first.regionName : ""}, provisioned ${first?.provisioned}`;
  });
  await step(atlas, rows, "containers.ensure (another CIDR block)", () =>
    expectError(
      () => client.containers.ensure(groupId, { ...container, atlasCidrBlock: "10.0.0.0/21" }),
      (error) =>
        error instanceof AtlasContainerMismatchError
          ? `${error.name}: ${error.existing}, not ${error.requested}`
          : undefined,
    ),
  );
  await step(atlas, rows, "containers.delete (peers in it)", () =>
    expectError(
      () => client.containers.delete(groupId, containerId),
      (error) =>
        isAtlasErrorCode(error, "CONTAINERS_IN_USE")
          ? `${error.status} ${error.errorCode} (kind ${error.kind})`
          : undefined,
    ),
  );
  await step(atlas, rows, "peers.get (unknown id)", () =>
    expectError(
      () => client.peers.get(groupId, "0123456789abcdef01234567"),
      (error) =>
        isAtlasErrorCode(error, "PEER_NOT_FOUND")
          ? `${error.status} ${error.errorCode} (kind ${error.kind})`
          : undefined,
    ),
  );
  await step(atlas, rows, "peers.get (rate limited once)", async () => {
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "1" }, match: { method: "GET" } });
    const peer = await client.peers.get(groupId, peerId);
    return `429, waited Retry-After: 1 s, then 200 ${peerStatus(peer)}`;
  });
  await step(atlas, rows, "peers.delete (all three)", async () => {
    const ids = [];
    for await (const peer of client.peers.list(groupId)) ids.push(peer.id);
    for (const id of ids) await client.peers.delete(groupId, id);
    const peer = await client.peers.get(groupId, peerId).catch(() => undefined);
    return `202 each, now ${peer ? peerStatus(peer) : "gone already"}`;
  });
  await step(atlas, rows, 'peers.waitFor(until: "deleted")', async () => {
    await client.peers.waitFor(groupId, peerId, { until: "deleted", intervalMs: 50 });
    return "gone (404)";
  });
  await step(atlas, rows, "containers.delete", async () => {
    await client.containers.delete(groupId, containerId);
    return expectError(
      () => client.containers.get(groupId, containerId),
      (error) =>
        isAtlasErrorCode(error, "CLOUD_PROVIDER_CONTAINER_NOT_FOUND")
          ? `204, then ${error.status} ${error.errorCode}`
          : undefined,
    );
  });
  return rows;
}

function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log(
    `  ${"call".padEnd(40)}${"result".padEnd(58)}${"HTTP requests".padStart(13)}${"time".padStart(9)}`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.call.padEnd(40)}${row.result.padEnd(58)}${String(row.requests).padStart(13)}${`${row.ms.toFixed(0)} ms`.padStart(9)}`,
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
await runDeclaredDemo();
