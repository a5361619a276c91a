// One user's day with the client, from a project with no container: ensure the AWS container,
// create a peer in it, wait until it needs acceptance, update it, list peers and containers, meet
// the typed errors and a rate-limited call that retries, delete the peers and wait until every one
// is gone, then delete their container. Each row's text is checked before it is printed (steps.ts).
import {
  AtlasContainerMismatchError,
  isAtlasErrorCode,
  peerStatus,
  type AtlasClient,
  type AtlasRetryEvent,
  type AwsPeerRequest,
} from "../src/index.js";
import type { MockAtlas } from "../src/testing/index.js";
import { claim, expectError, type Walk } from "./steps.js";

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
const atlasId = /^[0-9a-f]{24}$/;
/** Polls every 50 ms: the local Atlas moves its peers on its own clock (walkthrough.ts). */
const intervalMs = 50;

/** The client's retries, as its `onRetry` hook reports them: the walk checks the 429 it provokes. */
export type RetryLog = AtlasRetryEvent[];

export async function walkThrough(
  walk: Walk,
  atlas: MockAtlas,
  client: AtlasClient,
  retries: RetryLog,
  groupId: string,
  firstVpc: number,
): Promise<void> {
  let containerId = "";
  let peerId = "";
  let peerIds: string[] = [];

  await walk.step("containers.ensure (AWS US_EAST_1)", async () => {
    claim(atlas.state.containers(groupId).length === 0, "a project without containers");
    const ensured = await client.containers.ensure(groupId, container);
    containerId = ensured.id;
    claim(atlas.state.containers(groupId).length === 1, "one container created");
    return `none yet: created one, ${ensured.atlasCidrBlock}`;
  });
  await walk.step("containers.ensure (again)", async () => {
    const changes = atlas.state.mutations.length;
    const ensured = await client.containers.ensure(groupId, container);
    claim(ensured.id === containerId, `the same container ${containerId}, got ${ensured.id}`);
    claim(atlas.state.mutations.length === changes, "nothing created or changed");
    return "found the same container, nothing created";
  });
  await walk.step("peers.create (AWS, in that container)", async () => {
    const peer = await client.peers.create(groupId, peerBody(containerId, firstVpc));
    claim(atlasId.test(peer.id), `an id of 24 hex digits, got ${peer.id}`);
    claim(peer.statusName === "INITIATING", `INITIATING, got ${peer.statusName}`);
    peerId = peer.id;
    return `200 ${peer.statusName}, with its id`;
  });
  await walk.step('peers.waitFor(until: "userAction")', async () => {
    const peer = await client.peers.waitFor(groupId, peerId, { until: "userAction", intervalMs });
    const status = peer && peerStatus(peer);
    claim(status === "PENDING_ACCEPTANCE", `PENDING_ACCEPTANCE, got ${status}`);
    return `${status}: accept it in your AWS account`;
  });
  await walk.step("peers.update (new CIDR block)", async () => {
    const peer = await client.peers.update(groupId, peerId, {
      ...peerBody(containerId, firstVpc),
      routeTableCidrBlock: "10.9.0.0/21",
    });
    claim(peer.routeTableCidrBlock === "10.9.0.0/21", `10.9.0.0/21, got ${peer.routeTableCidrBlock}`);
    claim(peer.statusName === "INITIATING", `INITIATING again (new settings), got ${peer.statusName}`);
    return `200 ${peer.statusName}, ${peer.routeTableCidrBlock}`;
  });
  await walk.step("peers.list (2 per page)", async () => {
    for (let extra = 1; extra <= 2; extra += 1)
      await client.peers.create(groupId, peerBody(containerId, firstVpc + extra));
    const pagesBefore = listRequests(atlas, groupId);
    let count = 0;
    for await (const _peer of client.peers.list(groupId, { itemsPerPage: 2 })) count += 1;
    const pages = listRequests(atlas, groupId) - pagesBefore;
    claim(count === 3 && pages === 2, `3 peers over 2 pages, got ${count} over ${pages}`);
    return `${count} peers over ${pages} pages (2 creates included)`;
  });
  await walk.step("containers.listAll", async () => {
    const all = [];
    for await (const each of client.containers.listAll(groupId)) all.push(each);
    const [first] = all;
    claim(
      all.length === 1 && first?.providerName === "AWS" && first.regionName === "US_EAST_1",
      `the one AWS US_EAST_1 container, got ${all.length} containers`,
    );
    claim(first.provisioned === true, "provisioned, since peers use it");
    return `1 container: AWS ${first.regionName}, provisioned ${first.provisioned}`;
  });
  await walk.step("containers.ensure (another CIDR block)", () =>
    expectError(
      () => client.containers.ensure(groupId, { ...container, atlasCidrBlock: "10.0.0.0/21" }),
      (error) =>
        error instanceof AtlasContainerMismatchError
          ? `${error.name}: ${error.existing}, not ${error.requested}`
          : undefined,
      "AtlasContainerMismatchError",
    ),
  );
  await walk.step("containers.delete (peers in it)", () =>
    expectError(
      () => client.containers.delete(groupId, containerId),
      (error) =>
        isAtlasErrorCode(error, "CONTAINERS_IN_USE")
          ? `${error.status} ${error.errorCode} (kind ${error.kind})`
          : undefined,
      "409 CONTAINERS_IN_USE",
    ),
  );
  await walk.step("peers.get (unknown id)", () =>
    expectError(
      () => client.peers.get(groupId, "0123456789abcdef01234567"),
      (error) =>
        isAtlasErrorCode(error, "PEER_NOT_FOUND")
          ? `${error.status} ${error.errorCode} (kind ${error.kind})`
          : undefined,
      "404 PEER_NOT_FOUND",
    ),
  );
  await walk.step("peers.get (rate limited once)", async () => {
    atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "1" }, match: { method: "GET" } });
    const retriesBefore = retries.length;
    const peer = await client.peers.get(groupId, peerId);
    const retried = retries.slice(retriesBefore);
    claim(
      retried.length === 1 && retried[0]!.reason === "429" && retried[0]!.delayMs === 1000,
      `one retry after the 429, 1000 ms later as Retry-After says, got ${JSON.stringify(retried)}`,
    );
    return `429, waited Retry-After: 1 s, then 200 ${peerStatus(peer)}`;
  });
  await walk.step("peers.delete (all three)", async () => {
    const ids = [];
    for await (const peer of client.peers.list(groupId)) ids.push(peer.id);
    claim(ids.length === 3, `3 peers to delete, listed ${ids.length}`);
    const first = atlas.requests.length;
    for (const id of ids) await client.peers.delete(groupId, id);
    const answers = atlas.requests.slice(first).map((request) => request.status);
    claim(answers.join() === "202,202,202", `202 for each delete, got ${answers.join(", ")}`);
    peerIds = ids;
    return "202 each: Atlas deletes them in the background";
  });
  await walk.step('peers.waitFor(until: "deleted") (each)', async () => {
    // Every peer, not just one: Atlas refuses to delete a container while any peer is still in it.
    for (const id of peerIds) await client.peers.waitFor(groupId, id, { until: "deleted", intervalMs });
    claim(atlas.state.peers(groupId).length === 0, "no peer left in the project");
    return "all three gone (404)";
  });
  await walk.step("containers.delete", async () => {
    await client.containers.delete(groupId, containerId);
    return expectError(
      () => client.containers.get(groupId, containerId),
      (error) =>
        isAtlasErrorCode(error, "CLOUD_PROVIDER_CONTAINER_NOT_FOUND")
          ? `204, then ${error.status} ${error.errorCode}`
          : undefined,
      "404 CLOUD_PROVIDER_CONTAINER_NOT_FOUND after the delete",
    );
  });
}

/** How many page requests `peers.list` has sent for the project so far. */
function listRequests(atlas: MockAtlas, groupId: string): number {
  return atlas.requests.filter(
    (request) => request.method === "GET" && request.path === `/api/atlas/v2/groups/${groupId}/peers`,
  ).length;
}
