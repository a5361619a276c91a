import { afterEach, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasContainerMismatchError,
  createAtlasClient,
  type AwsContainerRequest,
  type GcpContainerRequest,
} from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { awsBody, clientFor, json, startRecordingServer, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { inProcessServer, jsonAnswer } from "../helpers/in-process-server.js";
import { rejectionOf } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
afterEach(async () => atlas?.close());

const aws: AwsContainerRequest = {
  providerName: "AWS",
  regionName: "US_EAST_1",
  atlasCidrBlock: "10.8.0.0/21",
};
const gcp: GcpContainerRequest = {
  providerName: "GCP",
  regions: ["CENTRAL_US"],
  atlasCidrBlock: "10.0.0.0/18",
};

/** A local Atlas whose project has no container yet, as a new project. */
async function emptyProject(): Promise<{ client: ReturnType<typeof clientFor>; groupId: string }> {
  atlas = await startTestAtlas({ containers: [] });
  return { client: clientFor(atlas, "serviceAccount"), groupId: atlas.credentials.groupId };
}

const posts = () =>
  atlas.state.mutations.filter(
    (mutation) => mutation.resource === "containers" && mutation.method === "POST",
  );

describe("containers: create, get, update, list, listAll, delete", () => {
  test("the whole life of a container, and of a peer in it", async () => {
    const { client, groupId } = await emptyProject();
    const created = await client.containers.create(groupId, aws);
    expect(created).toMatchObject({
      ...aws,
      provisioned: false,
      vpcId: expect.stringMatching(/^vpc-[0-9a-f]{17}$/),
    });
    expect(await client.containers.get(groupId, created.id)).toEqual(created);

    const updated = await client.containers.update(groupId, created.id, {
      ...aws,
      atlasCidrBlock: "10.9.0.0/21",
    });
    expect(updated.atlasCidrBlock).toBe("10.9.0.0/21");

    const peer = await client.peers.create(groupId, { ...awsBody, containerId: created.id });
    expect((await client.containers.get(groupId, created.id)).provisioned).toBe(true);
    const inUse = await rejectionOf(client.containers.delete(groupId, created.id));
    expect(inUse).toMatchObject({ status: 409, errorCode: "CONTAINERS_IN_USE", kind: "conflict" });
    const locked = await rejectionOf(client.containers.update(groupId, created.id, aws));
    expect(locked).toMatchObject({ errorCode: "CONTAINERS_IN_USE" });

    await client.peers.delete(groupId, peer.id);
    await client.peers.waitFor(groupId, peer.id, { until: "deleted", intervalMs: 10 });
    await client.containers.delete(groupId, created.id);
    const gone = await rejectionOf(client.containers.get(groupId, created.id));
    expect(gone).toMatchObject({
      status: 404,
      errorCode: "CLOUD_PROVIDER_CONTAINER_NOT_FOUND",
      kind: "not-found",
    });
  });

  test("list yields one provider's containers (AWS unless asked), listAll every one, page after page", async () => {
    const { client, groupId } = await emptyProject();
    const regions = ["US_EAST_1", "US_EAST_2", "US_WEST_1", "US_WEST_2", "EU_WEST_1"] as const;
    for (const [index, regionName] of regions.entries())
      await client.containers.create(groupId, { ...aws, regionName, atlasCidrBlock: `10.${index}.0.0/21` });
    await client.containers.create(groupId, gcp);
    const listed = [];
    for await (const container of client.containers.list(groupId, { itemsPerPage: 2 }))
      listed.push(container);
    expect(listed.map((container) => container.regionName)).toEqual([...regions]);
    const gcpOnly = [];
    for await (const container of client.containers.list(groupId, { providerName: "GCP" }))
      gcpOnly.push(container);
    expect(gcpOnly.map((container) => container.regions)).toEqual([["CENTRAL_US"]]);
    const all = [];
    for await (const container of client.containers.listAll(groupId, { itemsPerPage: 4 }))
      all.push(container);
    expect(all.map((container) => container.providerName).sort()).toEqual([
      "AWS",
      "AWS",
      "AWS",
      "AWS",
      "AWS",
      "GCP",
    ]);
    const pages = atlas.requests.filter((request) => request.path.endsWith("/containers/all"));
    expect(pages).toHaveLength(2);
  });

  test("Atlas's rules: one container per provider and region (GCP: per project); a peer needs an existing container of its provider", async () => {
    const { client, groupId } = await emptyProject();
    const first = await client.containers.create(groupId, aws);
    const second = await rejectionOf(
      client.containers.create(groupId, { ...aws, atlasCidrBlock: "10.9.0.0/21" }),
    );
    expect(second).toMatchObject({
      status: 409,
      errorCode: "CONTAINER_ALREADY_EXISTS",
      parameters: [groupId],
    });
    await client.containers.create(groupId, gcp);
    const secondGcp = await rejectionOf(
      client.containers.create(groupId, { ...gcp, regions: ["WESTERN_US"] }),
    );
    expect(secondGcp).toMatchObject({ errorCode: "CONTAINER_ALREADY_EXISTS" });

    const nowhere = await rejectionOf(
      client.peers.create(groupId, { ...awsBody, containerId: "aaaaaaaaaaaaaaaaaaaaaaaa" }),
    );
    expect(nowhere).toMatchObject({ status: 404, errorCode: "CLOUD_PROVIDER_CONTAINER_NOT_FOUND" });
    const wrongCloud = await rejectionOf(
      client.peers.create(groupId, {
        providerName: "GCP",
        containerId: first.id,
        gcpProjectId: "my-project",
        networkName: "default",
      }),
    );
    expect(wrongCloud).toMatchObject({
      status: 400,
      badRequestDetail: { fields: [{ field: "containerId" }] },
    });
  });
});

describe("containers.ensure: the project's container for a provider and region, created when missing", () => {
  test("creates it once, then finds it: one POST, whatever the spelling of the same CIDR block", async () => {
    const { client, groupId } = await emptyProject();
    const created = await client.containers.ensure(groupId, aws);
    const found = await client.containers.ensure(groupId, { ...aws, atlasCidrBlock: "10.08.0.0%2F21" });
    expect(found).toEqual(created);
    expect(posts()).toHaveLength(1);
    // Another region is another container.
    const other = await client.containers.ensure(groupId, {
      ...aws,
      regionName: "EU_WEST_1",
      atlasCidrBlock: "10.9.0.0/21",
    });
    expect(other.id).not.toBe(created.id);
    expect(posts()).toHaveLength(2);
  });

  test("an existing container with another CIDR block is a typed error naming both, and nothing changes", async () => {
    const { client, groupId } = await emptyProject();
    const existing = await client.containers.ensure(groupId, aws);
    const error = await rejectionOf(
      client.containers.ensure(groupId, { ...aws, atlasCidrBlock: "10.9.0.0/21" }),
    );
    expect(error).toBeInstanceOf(AtlasContainerMismatchError);
    expect(error).toMatchObject({
      containerId: existing.id,
      field: "atlasCidrBlock",
      existing: "10.8.0.0/21",
      requested: "10.9.0.0/21",
    });
    expect(error.message).toContain("AWS US_EAST_1");
    expect(error.message).toContain("10.8.0.0/21");
    expect(error.message).toContain("10.9.0.0/21");
    expect(atlas.state.containers(groupId)).toEqual([await client.containers.get(groupId, existing.id)]);
  });

  test("GCP: one container per project; asking for a region it lacks is a typed error", async () => {
    const { client, groupId } = await emptyProject();
    const created = await client.containers.ensure(groupId, gcp);
    expect((await client.containers.ensure(groupId, { ...gcp, regions: [] })).id).toBe(created.id);
    const error = await rejectionOf(
      client.containers.ensure(groupId, { ...gcp, regions: ["CENTRAL_US", "WESTERN_US"] }),
    );
    expect(error).toMatchObject({
      name: "AtlasContainerMismatchError",
      field: "regions",
      existing: "CENTRAL_US",
    });
  });

  test("concurrent callers (other processes, say) end up with the one container Atlas allows", async () => {
    const { groupId } = await emptyProject();
    const clients = [
      clientFor(atlas, "digest"),
      clientFor(atlas, "serviceAccount"),
      clientFor(atlas, "digest"),
    ];
    const ensured = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        clients[index % clients.length]!.containers.ensure(groupId, aws),
      ),
    );
    expect(new Set(ensured.map((container) => container.id)).size).toBe(1);
    expect(posts()).toHaveLength(1);
    expect(atlas.state.containers(groupId)).toHaveLength(1);
  });

  test("a create whose answer is lost (the connection reset after Atlas applied it) still gives the container", async () => {
    const { client, groupId } = await emptyProject();
    atlas.state.faults.inject({ fault: { kind: "reset", when: "after" }, match: { method: "POST" } });
    const ensured = await client.containers.ensure(groupId, aws);
    expect(atlas.state.containers(groupId)).toEqual([ensured]);
    expect(posts()).toHaveLength(1);
  });

  test("other failures of the create are not hidden", async () => {
    const { client, groupId } = await emptyProject();
    const error = await rejectionOf(
      client.containers.ensure(groupId, { ...aws, atlasCidrBlock: "not a block" }),
    );
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 400, errorCode: "VALIDATION_ERROR" });
  });
});

describe("answers that break the types' promises are errors, not values", () => {
  test.each([
    [
      "a container without an id",
      { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" },
    ],
    ["an id that is not a string", { id: 7, providerName: "AWS" }],
    ["an array", [{ id: "a" }]],
  ])("%s is INVALID_RESPONSE", async (_name, body) => {
    const server = await startRecordingServer((_request, response) => json(response, 200, body));
    try {
      const client = createAtlasClient({ baseUrl: server.url, auth: { type: "none" }, maxRetries: 0 });
      const error = await rejectionOf(
        client.containers.get("5356823b3794dee37132bb7b", "32b6e34b3d91647abb20e7b8"),
      );
      expect(error).toBeInstanceOf(AtlasApiError);
      expect(error).toMatchObject({ errorCode: "INVALID_RESPONSE", kind: "invalid-response" });
    } finally {
      await server.close();
    }
  });

  test("a listing with an item that is not a container with an id is INVALID_RESPONSE too", async () => {
    const page = {
      results: [{ id: "32b6e34b3d91647abb20e7b8", providerName: "AWS" }, { providerName: "AWS" }],
      totalCount: 2,
    };
    const server = await startRecordingServer((_request, response) => json(response, 200, page));
    try {
      const client = createAtlasClient({ baseUrl: server.url, auth: { type: "none" }, maxRetries: 0 });
      const seen: string[] = [];
      const error = await rejectionOf(
        (async () => {
          for await (const container of client.containers.list("5356823b3794dee37132bb7b"))
            seen.push(container.id);
        })(),
      );
      expect(seen).toEqual(["32b6e34b3d91647abb20e7b8"]);
      expect(error).toMatchObject({
        errorCode: "INVALID_RESPONSE",
        bodyExcerpt: "a container without an id",
      });
    } finally {
      await server.close();
    }
  });

  test("a listing that never ends (every page full) fails instead of stopping silently", async () => {
    // Every page full, each with new containers: only the page limit can end it. In process: ten
    // thousand pages over sockets would test the sockets, not the limit.
    const server = inProcessServer((request) => {
      const pageNum = new URL(request.url).searchParams.get("pageNum");
      return jsonAnswer(200, { results: [{ id: `${pageNum}-a` }, { id: `${pageNum}-b` }] });
    });
    const client = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "none" },
      fetch: server.fetch,
      maxRetries: 0,
    });
    let seen = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _container of client.containers.listAll("5356823b3794dee37132bb7b", {
          itemsPerPage: 2,
        }))
          seen += 1;
      })(),
    );
    expect(error).toMatchObject({
      errorCode: "INVALID_RESPONSE",
      bodyExcerpt: expect.stringMatching(/after 10000 pages: the listing does not end/),
    });
    expect(seen).toBe(20_000);
  });
});
