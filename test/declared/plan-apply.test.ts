import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient, type AtlasClient } from "../../src/index.js";
import {
  AtlasPlanBlockedError,
  AtlasPlanStaleError,
  applyPeering,
  planPeering,
  type DeclaredPeer,
  type PeeringDeclaration,
} from "../../src/declared/index.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { registerSecrets } from "../helpers/secret-audit.js";

// Plan and apply against the local Atlas over loopback, with peers held at the user's step as
// Atlas holds them. Statuses move every 20 ms; nothing here depends on a timing margin: apply waits
// for states, and each test names the state it needs.
let atlas: MockAtlas;
let client: AtlasClient;
const fast = { intervalMs: 10, timeoutMs: 60_000 };

beforeAll(async () => {
  atlas = await startMockAtlas({ transitionMs: 20, holdAtUserStep: true });
  registerSecrets(atlas.credentials.privateKey, atlas.credentials.clientSecret);
  const { publicKey, privateKey } = atlas.credentials;
  client = createAtlasClient({ baseUrl: atlas.url, auth: { type: "digest", publicKey, privateKey } });
});
afterAll(async () => {
  await client.close();
  await atlas.close();
});

const awsPeer = {
  providerName: "AWS",
  regionName: "US_EAST_1",
  accepterRegionName: "us-east-1",
  awsAccountId: "999900000000",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  routeTableCidrBlock: "10.15.0.0/16",
  routeTableIds: ["rtb-0123456789abcdef0"],
} as const satisfies DeclaredPeer;
const gcpPeer = { providerName: "GCP", gcpProjectId: "my-gcp-project", networkName: "default" } as const;
const azurePeer = {
  providerName: "AZURE",
  region: "US_EAST_2",
  azureDirectoryId: "35f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
  azureSubscriptionId: "9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  resourceGroupName: "peering-rg",
  vnetName: "app-vnet",
} as const;

function project(peers: DeclaredPeer[], more: Partial<PeeringDeclaration> = {}): PeeringDeclaration {
  return {
    groupId: atlas.state.addGroup(),
    containers: [
      { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" },
      { providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: "192.168.0.0/18" },
      { providerName: "AZURE", region: "US_EAST_2", atlasCidrBlock: "192.168.240.0/21" },
    ],
    peers,
    ...more,
  };
}

describe("plan, apply, plan again", () => {
  test("creates what is missing, waits at the user's step, fills in the next steps, then plans nothing", async () => {
    const declaration = project([awsPeer, gcpPeer]);
    const plan = await planPeering(client, declaration);
    expect(plan.findings).toEqual([]);
    expect(plan.changes.map((change) => `${change.action} ${change.resource} ${change.key}`)).toEqual([
      "create container AWS US_EAST_1",
      "create container GCP",
      "create container AZURE US_EAST_2",
      "create peer AWS 999900000000/vpc-0a1b2c3d4e5f60718",
      "create peer GCP my-gcp-project/default",
    ]);
    const result = await applyPeering(client, plan, fast);
    expect(result.ok).toBe(true);
    expect(result.peers.map((peer) => [peer.status, peer.outcome])).toEqual([
      ["PENDING_ACCEPTANCE", "waiting-for-user"],
      ["WAITING_FOR_USER", "waiting-for-user"],
    ]);
    const [aws, gcp] = result.nextSteps;
    const pcx = atlas.state
      .peers(declaration.groupId)
      .find((peer) => peer.providerName === "AWS")!.connectionId;
    expect(pcx).toMatch(/^pcx-/);
    expect(aws).toMatchObject({ kind: "aws-accept", status: "PENDING_ACCEPTANCE" });
    expect(aws!.commands).toEqual([
      `aws ec2 accept-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id ${String(pcx)}`,
      `aws ec2 create-route --region us-east-1 --route-table-id rtb-0123456789abcdef0 --destination-cidr-block 192.168.248.0/21 --vpc-peering-connection-id ${String(pcx)}`,
    ]);
    const gcpContainer = atlas.state
      .containers(declaration.groupId)
      .find((container) => container.providerName === "GCP")!;
    expect(gcp!.commands[0]).toContain(
      `--project=my-gcp-project --network=default --peer-project=${String(gcpContainer.gcpProjectId)} --peer-network=${String(gcpContainer.networkName)}`,
    );
    // The same-region peer comes back with accepterRegionName null, as Atlas documents: no drift.
    expect(
      atlas.state.peers(declaration.groupId).find((peer) => peer.providerName === "AWS")!.accepterRegionName,
    ).toBeNull();
    const again = await planPeering(client, declaration);
    expect(again.changes).toEqual([]);
    expect(again.findings).toEqual([]);
    // The user does their step; once Atlas has noticed, apply has nothing to change and no step to show.
    for (const peer of atlas.state.peers(declaration.groupId)) {
      atlas.state.acceptPeer(declaration.groupId, String(peer.id));
      await client.peers.waitFor(declaration.groupId, String(peer.id), { intervalMs: 10 });
    }
    const settled = await applyPeering(client, again, fast);
    expect(settled.changes).toEqual([]);
    expect(settled.peers.map((peer) => peer.status)).toEqual(["AVAILABLE", "AVAILABLE"]);
    expect(settled.nextSteps).toEqual([]);
  });

  test("a peer changed through the API is an update naming the field, and apply puts it back", async () => {
    const declaration = project([awsPeer]);
    await applyPeering(client, await planPeering(client, declaration), fast);
    const [peer] = atlas.state.peers(declaration.groupId);
    await client.peers.update(declaration.groupId, String(peer!.id), {
      providerName: "AWS",
      containerId: String(peer!.containerId),
      accepterRegionName: "us-east-1",
      awsAccountId: "999900000000",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableCidrBlock: "10.16.0.0/16",
    });
    const drift = await planPeering(client, declaration);
    expect(drift.changes).toEqual([
      expect.objectContaining({
        action: "update",
        resource: "peer",
        id: peer!.id,
        fields: [{ field: "routeTableCidrBlock", from: "10.16.0.0/16", to: "10.15.0.0/16" }],
      }),
    ]);
    expect((await applyPeering(client, drift, fast)).ok).toBe(true);
    expect((await planPeering(client, declaration)).changes).toEqual([]);
  });

  test("a peer in another region's container is replaced (delete, then create), said so", async () => {
    const declaration = project([awsPeer], {
      containers: [
        { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" },
        { providerName: "AWS", regionName: "EU_WEST_1", atlasCidrBlock: "192.168.240.0/21" },
      ],
    });
    await applyPeering(client, await planPeering(client, declaration), fast);
    const moved = { ...declaration, peers: [{ ...awsPeer, regionName: "EU_WEST_1" as const }] };
    const plan = await planPeering(client, moved);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({
      action: "replace",
      fields: [expect.objectContaining({ field: "containerId" })],
    });
    expect((plan.changes[0] as { reason: string }).reason).toContain(
      "does not move a peering connection between containers",
    );
    const result = await applyPeering(client, plan, fast);
    expect(result.ok).toBe(true);
    expect((await planPeering(client, moved)).changes).toEqual([]);
  });
});

describe("what the plan finds", () => {
  test("a FAILED peer is an error with its reason; replaceFailed recreates it", async () => {
    const declaration = project([awsPeer]);
    await applyPeering(client, await planPeering(client, declaration), fast);
    const [peer] = atlas.state.peers(declaration.groupId);
    atlas.state.failPeer(declaration.groupId, String(peer!.id), { errorStateName: "INVALID_ARGUMENT" });
    const plan = await planPeering(client, declaration);
    expect(plan.changes).toEqual([]);
    expect(plan.findings).toEqual([
      expect.objectContaining({ severity: "error", code: "PEER_FAILED", field: "peers[0]" }),
    ]);
    expect(plan.findings[0]!.message).toMatch(
      /FAILED: INVALID_ARGUMENT \(AWS refused the request: check awsAccountId/,
    );
    await expect(applyPeering(client, plan, fast)).rejects.toBeInstanceOf(AtlasPlanBlockedError);
    const replace = await planPeering(client, declaration, { replaceFailed: true });
    expect(replace.findings).toEqual([expect.objectContaining({ severity: "warning", code: "PEER_FAILED" })]);
    expect(replace.changes).toEqual([expect.objectContaining({ action: "replace", id: peer!.id })]);
    const result = await applyPeering(client, replace, fast);
    expect(result.ok).toBe(true);
    const [created] = atlas.state.peers(declaration.groupId);
    expect(created!.id).not.toBe(peer!.id);
    expect(created!.statusName).toBe("PENDING_ACCEPTANCE");
  });

  test("a container whose block differs is updated while unused, and locked once a peer uses it", async () => {
    const declaration = project([], {
      containers: [{ providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" }],
    });
    await applyPeering(client, await planPeering(client, declaration), fast);
    const wider = {
      ...declaration,
      containers: [
        {
          providerName: "AWS" as const,
          regionName: "US_EAST_1" as const,
          atlasCidrBlock: "192.168.232.0/21",
        },
      ],
    };
    const update = await planPeering(client, wider);
    expect(update.changes).toEqual([
      expect.objectContaining({
        action: "update",
        fields: [{ field: "atlasCidrBlock", from: "192.168.248.0/21", to: "192.168.232.0/21" }],
      }),
    ]);
    await applyPeering(client, update, fast);
    await applyPeering(client, await planPeering(client, { ...wider, peers: [awsPeer] }), fast);
    const locked = await planPeering(client, { ...declaration, peers: [awsPeer] });
    expect(locked.findings).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "CONTAINER_CIDR_LOCKED",
        field: "containers[0].atlasCidrBlock",
      }),
    ]);
  });

  test("undeclared peers and containers are not managed, unless prune deletes them", async () => {
    const declaration = project([awsPeer, gcpPeer]);
    await applyPeering(client, await planPeering(client, declaration), fast);
    const smaller = { ...declaration, containers: declaration.containers!.slice(0, 1), peers: [awsPeer] };
    const plan = await planPeering(client, smaller);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged.map((item) => `${item.resource} ${item.key}`).sort()).toEqual([
      "container AZURE US_EAST_2",
      "container GCP",
      "peer GCP my-gcp-project/default",
    ]);
    const pruned = await planPeering(client, smaller, { prune: true });
    expect(pruned.changes.map((change) => `${change.action} ${change.resource} ${change.key}`)).toEqual([
      "delete peer GCP my-gcp-project/default",
      "delete container GCP",
      "delete container AZURE US_EAST_2",
    ]);
    expect((await applyPeering(client, pruned, fast)).ok).toBe(true);
    expect((await planPeering(client, smaller, { prune: true })).changes).toEqual([]);
    expect(atlas.state.containers(declaration.groupId)).toHaveLength(1);
  });

  test("a VPC overlapping an existing container the declaration does not name is an error before any change", async () => {
    const declaration = project([], {
      containers: [{ providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" }],
    });
    await applyPeering(client, await planPeering(client, declaration), fast);
    const plan = await planPeering(client, {
      groupId: declaration.groupId,
      peers: [{ ...awsPeer, routeTableCidrBlock: "192.168.0.0/16" }],
    });
    expect(plan.changes).toEqual([]);
    expect(plan.findings).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "CIDR_OVERLAP",
        field: "peers[0].routeTableCidrBlock",
      }),
    ]);
  });

  test("Azure: the prerequisites are shown at plan time, with the commands", async () => {
    const plan = await planPeering(client, project([azurePeer]));
    expect(plan.findings).toEqual([
      expect.objectContaining({ severity: "warning", code: "AZURE_PREREQUISITES" }),
    ]);
    expect(plan.nextSteps).toEqual([expect.objectContaining({ kind: "azure-prerequisites" })]);
    expect(plan.nextSteps[0]!.commands).toEqual([
      "az ad sp create --id e90a1407-55c3-432d-9cb1-3638900a9d22",
      expect.stringMatching(
        /^az role definition create --role-definition '\{"Name":"AtlasPeering\/9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b\/peering-rg\/app-vnet"/,
      ),
      "az role assignment create --role AtlasPeering/9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/peering-rg/app-vnet --assignee e90a1407-55c3-432d-9cb1-3638900a9d22 --scope /subscriptions/9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b/resourceGroups/peering-rg/providers/Microsoft.Network/virtualNetworks/app-vnet",
    ]);
    // Azure has no step of the user's after creation: apply waits for AVAILABLE.
    const result = await applyPeering(client, plan, fast);
    expect(result.peers).toEqual([expect.objectContaining({ status: "AVAILABLE", outcome: "available" })]);
  });
});

describe("apply's guarantees", () => {
  test("a plan made against another state is refused (ids and settings), a status that moved is not", async () => {
    const declaration = project([awsPeer]);
    await applyPeering(client, await planPeering(client, declaration), fast);
    const plan = await planPeering(client, {
      ...declaration,
      peers: [{ ...awsPeer, routeTableCidrBlock: "10.17.0.0/16" }],
    });
    // A status moving on its own does not make the plan stale.
    const [peer] = atlas.state.peers(declaration.groupId);
    atlas.state.acceptPeer(declaration.groupId, String(peer!.id));
    await client.peers.waitFor(declaration.groupId, String(peer!.id), { intervalMs: 10 });
    // Someone else's change does.
    const other = project([]).groupId;
    void other;
    await client.containers.create(declaration.groupId, {
      providerName: "AWS",
      regionName: "EU_WEST_1",
      atlasCidrBlock: "192.168.240.0/21",
    });
    const mutations = atlas.state.mutations.length;
    const stale = applyPeering(client, plan, fast);
    await expect(stale).rejects.toBeInstanceOf(AtlasPlanStaleError);
    await expect(stale).rejects.toThrow(/container AWS EU_WEST_1 \([0-9a-f]{24}\) appeared/);
    expect(atlas.state.mutations.length).toBe(mutations);
  });

  test("a create whose answer is lost is read back, not made twice", async () => {
    const declaration = project([awsPeer]);
    const plan = await planPeering(client, declaration);
    atlas.state.faults.inject({
      fault: { kind: "reset", when: "after" },
      match: { method: "POST", pathIncludes: `${declaration.groupId}/peers` },
      times: 1,
    });
    const result = await applyPeering(client, plan, fast);
    expect(result.ok).toBe(true);
    const creates = atlas.state.mutations.filter(
      (mutation) =>
        mutation.groupId === declaration.groupId &&
        mutation.resource === "peers" &&
        mutation.method === "POST",
    );
    expect(creates).toHaveLength(1);
    expect(atlas.state.peers(declaration.groupId)).toHaveLength(1);
  });

  test("one deadline for the whole apply: a peer that never reaches its state times out, nothing runs past it", async () => {
    atlas.state.transitionMs = 60_000;
    try {
      const declaration = project([awsPeer]);
      const plan = await planPeering(client, declaration);
      const started = performance.now();
      const result = await applyPeering(client, plan, { intervalMs: 10, timeoutMs: 500 });
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(result.ok).toBe(false);
      expect(result.changes.every((change) => change.outcome === "done")).toBe(true);
      expect(result.peers).toEqual([expect.objectContaining({ status: "INITIATING", outcome: "timed-out" })]);
    } finally {
      atlas.state.transitionMs = 20;
    }
  });
});
