import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { AtlasConfigurationError } from "../../src/index.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { awsBody, azureBody, fixtureContainers, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { registerSecrets } from "../helpers/secret-audit.js";

let atlas: MockAtlas;
let token = "";

/** Raw HTTP against the local Atlas, with a bearer token from its own token endpoint. */
async function call(
  method: string,
  path: string,
  options: { accept?: string | null; body?: unknown; contentType?: string } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.accept !== null) headers.accept = options.accept ?? "application/vnd.atlas.2025-03-12+json";
  if (options.body !== undefined)
    headers["content-type"] = options.contentType ?? "application/vnd.atlas.2025-03-12+json";
  const response = await fetch(`${atlas.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? JSON.parse(text) : undefined,
  };
}

async function tokenFor(
  target: MockAtlas,
  id = target.credentials.clientId,
  secret = target.credentials.clientSecret,
) {
  const response = await fetch(`${target.url}/api/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return {
    status: response.status,
    body: (await response.json()) as { access_token?: string; error?: string; expires_in?: number },
  };
}

beforeEach(async () => {
  atlas = await startTestAtlas({ sunsetVersions: ["2024-01-01"] });
  token = (await tokenFor(atlas)).body.access_token!;
  registerSecrets(token);
});
afterEach(() => atlas.close());

const peers = () => `/api/atlas/v2/groups/${atlas.credentials.groupId}/peers`;

describe("versions, as Atlas negotiates them", () => {
  test("a date on or after 2023-01-01 resolves to the peers resource version 2023-01-01", async () => {
    const answer = await call("GET", peers());
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/vnd.atlas.2023-01-01+json");
  });

  test.each([
    ["missing", null, 406, "INVALID_VERSION_DATE"],
    ["malformed", "application/vnd.atlas.latest+json", 406, "INVALID_VERSION_DATE"],
    ["plain JSON", "application/json", 406, "INVALID_VERSION_DATE"],
    ["before any resource version", "application/vnd.atlas.2022-12-31+json", 406, "INVALID_VERSION_DATE"],
    ["configured as sunset", "application/vnd.atlas.2024-01-01+json", 410, "VERSION_GONE"],
  ])("%s Accept: %s -> %s", async (_name, accept, status, errorCode) => {
    const answer = await call("GET", peers(), { accept });
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.json).toMatchObject({ error: status, errorCode });
  });
});

describe("the peers operations", () => {
  test("create, get, update, list, delete; statuses move with the clock; unknown ids and projects are 404s", async () => {
    let now = 1_000_000;
    const clocked = await startMockAtlas({
      transitionMs: 1000,
      clock: () => now,
      credentials: { groupId: atlas.credentials.groupId },
      containers: fixtureContainers,
    });
    registerSecrets(clocked.credentials.privateKey, clocked.credentials.clientSecret);
    await atlas.close();
    atlas = clocked;
    token = (await tokenFor(atlas)).body.access_token!;
    registerSecrets(token);
    const created = await call("POST", peers(), { body: awsBody });
    expect(created.status).toBe(200);
    // The VPC is in the container's own region (us-west-1, US_WEST_1): Atlas returns null, as documented.
    expect(created.json).toMatchObject({ ...awsBody, accepterRegionName: null, statusName: "INITIATING" });
    const id = created.json.id as string;
    expect(id).toMatch(/^[a-f0-9]{24}$/);
    now += 1500; // one and a half steps of 1000 ms
    expect((await call("GET", `${peers()}/${id}`)).json).toMatchObject({
      statusName: "PENDING_ACCEPTANCE",
      connectionId: expect.stringMatching(/^pcx-/),
    });
    expect(
      (await call("PATCH", `${peers()}/${id}`, { body: { ...awsBody, accepterRegionName: "eu-west-1" } }))
        .json,
    ).toMatchObject({ accepterRegionName: "eu-west-1", statusName: "INITIATING" });
    expect((await call("DELETE", `${peers()}/${id}`)).status).toBe(202);
    expect((await call("GET", `${peers()}/${id}`)).json).toMatchObject({ statusName: "TERMINATING" });
    expect((await call("PATCH", `${peers()}/${id}`, { body: awsBody })).json).toMatchObject({
      error: 409,
      errorCode: "PEER_INVALID_STATE",
    });
    expect((await call("DELETE", `${peers()}/${id}`)).json).toMatchObject({
      errorCode: "PEER_ALREADY_REQUESTED_DELETION",
    });
    now += 999;
    expect((await call("GET", `${peers()}/${id}`)).json).toMatchObject({ statusName: "TERMINATING" });
    now += 1;
    expect((await call("GET", `${peers()}/${id}`)).json).toMatchObject({
      error: 404,
      errorCode: "PEER_NOT_FOUND",
    });
    expect((await call("GET", "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/peers")).json).toMatchObject({
      errorCode: "GROUP_NOT_FOUND",
    });
    expect(atlas.state.mutations.map((mutation) => mutation.method)).toEqual(["POST", "PATCH", "DELETE"]);
  });

  test("FAILED on demand, with errorStateName", async () => {
    const id = (await call("POST", peers(), { body: awsBody })).json.id as string;
    atlas.state.failPeer(atlas.credentials.groupId, id, { errorStateName: "EXPIRED" });
    expect((await call("GET", `${peers()}/${id}`)).json).toMatchObject({
      statusName: "FAILED",
      errorStateName: "EXPIRED",
    });
  });

  test("list: providerName, itemsPerPage, pageNum, includeCount, links", async () => {
    for (const vnetName of ["a", "b", "c"]) await call("POST", peers(), { body: { ...azureBody, vnetName } });
    await call("POST", peers(), { body: awsBody });
    const page = await call("GET", `${peers()}?providerName=AZURE&itemsPerPage=2&pageNum=2`);
    expect(page.json.totalCount).toBe(3);
    expect(page.json.results.map((peer: { vnetName: string }) => peer.vnetName)).toEqual(["c"]);
    expect(page.json.links.map((link: { rel: string }) => link.rel)).toEqual(["self", "previous"]);
    const first = await call("GET", `${peers()}?providerName=AZURE&itemsPerPage=2&includeCount=false`);
    expect(first.json.totalCount).toBeUndefined();
    expect(first.json.links.find((link: { rel: string }) => link.rel === "next").href).toBe(
      `${atlas.url}${peers()}?providerName=AZURE&itemsPerPage=2&pageNum=2`,
    );
    expect((await call("GET", peers())).json.results).toHaveLength(1); // AWS unless asked otherwise
  });

  test.each([
    ["an unknown provider", { ...awsBody, providerName: "ORACLE" }, "providerName"],
    ["no provider", { containerId: awsBody.containerId }, "providerName"],
    ["a missing required field", { ...awsBody, vpcId: undefined }, "vpcId"],
    ["a readOnly field", { ...awsBody, statusName: "AVAILABLE" }, "statusName"],
    ["a field of another provider", { ...azureBody, vpcId: "vpc-0a1b2c3d4e5f60718" }, "vpcId"],
    ["a wrong type", { ...awsBody, awsAccountId: 999900000000 }, "awsAccountId"],
    ["a pattern mismatch", { ...awsBody, routeTableCidrBlock: "10.0.0.0" }, "routeTableCidrBlock"],
    ["a bad uuid", { ...azureBody, azureDirectoryId: "not-a-uuid" }, "azureDirectoryId"],
  ])(
    "request validation from the fragment's schemas: %s -> 400 VALIDATION_ERROR",
    async (_name, body, field) => {
      const answer = await call("POST", peers(), { body });
      expect(answer.status).toBe(400);
      expect(answer.json.errorCode).toBe("VALIDATION_ERROR");
      expect(
        answer.json.badRequestDetail.fields.map((violation: { field: string }) => violation.field),
      ).toContain(field);
    },
  );
});

describe("the containers operations, with Atlas's rules", () => {
  const containers = () => `/api/atlas/v2/groups/${atlas.credentials.groupId}/containers`;
  const awsContainer = { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" };
  const azureContainer = { providerName: "AZURE", region: "US_EAST", atlasCidrBlock: "10.9.0.0/21" };
  const gcpContainer = { providerName: "GCP", regions: ["WESTERN_US"], atlasCidrBlock: "10.64.0.0/18" };

  beforeEach(async () => {
    await atlas.close();
    atlas = await startTestAtlas({ containers: [] });
    token = (await tokenFor(atlas)).body.access_token!;
    registerSecrets(token);
  });

  test("create answers what Atlas assigns, in the fragment's patterns; network names only once something uses the container", async () => {
    const aws = (await call("POST", containers(), { body: awsContainer })).json;
    expect(aws).toMatchObject({
      ...awsContainer,
      provisioned: false,
      id: expect.stringMatching(/^[a-f0-9]{24}$/),
    });
    expect(aws.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
    const azure = (await call("POST", containers(), { body: azureContainer })).json;
    expect(azure).toMatchObject({
      vnetName: null,
      azureSubscriptionId: expect.stringMatching(/^[a-f0-9]{24}$/),
    });
    const gcp = (await call("POST", containers(), { body: gcpContainer })).json;
    expect(gcp).toMatchObject({ gcpProjectId: null, networkName: null, provisioned: false });
    atlas.state.deployCluster(atlas.credentials.groupId, gcp.id);
    const provisioned = (await call("GET", `${containers()}/${gcp.id}`)).json;
    expect(provisioned.provisioned).toBe(true);
    expect(provisioned.gcpProjectId).toMatch(/^p-[0-9a-z]{24}$/);
    expect(provisioned.networkName).toMatch(/^nt-[0-9a-f]{24}-[0-9a-z]{8}$/);
    // A GCP container in use may gain regions; its CIDR block stays.
    expect(
      (
        await call("PATCH", `${containers()}/${gcp.id}`, {
          body: { ...gcpContainer, regions: ["WESTERN_US", "EASTERN_US"] },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("PATCH", `${containers()}/${gcp.id}`, {
          body: { ...gcpContainer, atlasCidrBlock: "10.128.0.0/18" },
        })
      ).json,
    ).toMatchObject({
      error: 409,
      errorCode: "CONTAINERS_IN_USE",
    });
    expect((await call("DELETE", `${containers()}/${gcp.id}`)).json).toMatchObject({
      errorCode: "CONTAINERS_IN_USE",
    });
  });

  test("a second container for the same provider and region is 409 CONTAINER_ALREADY_EXISTS, as Atlas words it", async () => {
    await call("POST", containers(), { body: awsContainer });
    const second = await call("POST", containers(), {
      body: { ...awsContainer, atlasCidrBlock: "10.10.0.0/21" },
    });
    expect(second.status).toBe(409);
    expect(second.json).toEqual({
      error: 409,
      errorCode: "CONTAINER_ALREADY_EXISTS",
      detail: `A container already exists for group ${atlas.credentials.groupId}.`,
      parameters: [atlas.credentials.groupId],
      reason: "Conflict",
    });
    expect(
      (await call("POST", containers(), { body: { ...awsContainer, regionName: "US_WEST_2" } })).status,
    ).toBe(200);
  });

  test("list (AWS unless asked, pages and links), /containers/all, and DELETE answering 204 with no body", async () => {
    const aws = (await call("POST", containers(), { body: awsContainer })).json;
    await call("POST", containers(), { body: azureContainer });
    expect((await call("GET", containers())).json).toMatchObject({
      totalCount: 1,
      results: [{ id: aws.id }],
    });
    expect((await call("GET", `${containers()}?providerName=AZURE`)).json.results[0]).toMatchObject(
      azureContainer,
    );
    const all = await call("GET", `${containers()}/all?itemsPerPage=1`);
    expect(all.json.totalCount).toBe(2);
    expect(all.json.links.map((link: { rel: string }) => link.rel)).toEqual(["self", "next"]);
    const deleted = await call("DELETE", `${containers()}/${aws.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const enveloped = await call("DELETE", `${containers()}/${aws.id}?envelope=true`);
    expect(enveloped.json).toMatchObject({
      status: 404,
      content: { errorCode: "CLOUD_PROVIDER_CONTAINER_NOT_FOUND" },
    });
    expect(atlas.state.mutations.map((mutation) => `${mutation.resource} ${mutation.method}`)).toEqual([
      "containers POST",
      "containers POST",
      "containers DELETE",
    ]);
  });

  test.each([
    [
      "an AWS body without atlasCidrBlock",
      { providerName: "AWS", regionName: "US_EAST_1" },
      "atlasCidrBlock",
    ],
    ["a readOnly vpcId", { ...awsContainer, vpcId: "vpc-0a1b2c3d4e5f60718" }, "vpcId"],
    ["a readOnly id", { ...awsContainer, id: "aaaaaaaaaaaaaaaaaaaaaaaa" }, "id"],
    ["an Azure body with AWS's regionName", { ...azureContainer, regionName: "US_EAST_1" }, "regionName"],
    ["a GCP region that does not exist", { ...gcpContainer, regions: ["MARS_1"] }, "regions.0"],
    ["a provider with no containers here", { ...awsContainer, providerName: "TENANT" }, "providerName"],
  ])(
    "request validation from the fragment's schemas: %s -> 400 VALIDATION_ERROR",
    async (_name, body, field) => {
      const answer = await call("POST", containers(), { body });
      expect(answer.status).toBe(400);
      expect(answer.json.errorCode).toBe("VALIDATION_ERROR");
      expect(
        answer.json.badRequestDetail.fields.map((violation: { field: string }) => violation.field),
      ).toContain(field);
    },
  );

  test("startMockAtlas refuses containers it would refuse as requests", async () => {
    await expect(
      startMockAtlas({ containers: [{ providerName: "AWS", regionName: "US_EAST_1" }] }),
    ).rejects.toThrow(/atlasCidrBlock/);
    await expect(startMockAtlas({ containers: [{ ...awsContainer, id: "not-an-id" }] })).rejects.toThrow(
      /24 lower-case/,
    );
    // Typed, as every error of the package: an AtlasConfigurationError naming the option.
    await expect(
      startMockAtlas({ containers: [{ ...awsContainer, id: "not-an-id" }] }),
    ).rejects.toMatchObject({
      name: "AtlasConfigurationError",
      option: "containers",
    });
    await expect(startMockAtlas({ host: "0.0.0.0" })).rejects.toBeInstanceOf(AtlasConfigurationError);
  });
});

describe("answers", () => {
  test("envelope=true and pretty=true, as Atlas answers them", async () => {
    const single = await call("GET", `${peers()}/aaaaaaaaaaaaaaaaaaaaaaaa?envelope=true&pretty=true`);
    expect(single.status).toBe(200);
    expect(single.json).toMatchObject({ status: 404, content: { errorCode: "PEER_NOT_FOUND" } });
    expect(single.text).toContain('\n  "status": 404');
    const list = await call("GET", `${peers()}?envelope=true`);
    expect(list.json).toEqual({ status: 200, links: expect.any(Array), results: [], totalCount: 0 });
  });

  test("rate limits: RateLimit-Limit, RateLimit-Remaining, and a 429 with Retry-After when the bucket is empty", async () => {
    const limited = await startMockAtlas({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    try {
      const limitedToken = (await tokenFor(limited)).body.access_token!;
      registerSecrets(limitedToken, limited.credentials.privateKey, limited.credentials.clientSecret);
      const statuses = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await fetch(
          `${limited.url}/api/atlas/v2/groups/${limited.credentials.groupId}/peers`,
          {
            headers: {
              authorization: `Bearer ${limitedToken}`,
              accept: "application/vnd.atlas.2023-01-01+json",
            },
          },
        );
        statuses.push([
          response.status,
          response.headers.get("ratelimit-limit"),
          response.headers.get("ratelimit-remaining"),
          response.headers.get("retry-after"),
        ]);
        if (response.status === 429)
          expect(await response.json()).toMatchObject({ errorCode: "RATE_LIMITED_TOKEN_BUCKET" });
        else await response.text();
      }
      expect(statuses).toEqual([
        [200, "2", "1", null],
        [200, "2", "0", null],
        [429, "2", "0", "2"],
      ]);
    } finally {
      await limited.close();
    }
  });

  test("faults: an HTML 502, a slow answer, a reset, truncated JSON", async () => {
    atlas.state.faults.inject({ fault: { kind: "serverError", status: 502, body: "html" } });
    const html = await fetch(`${atlas.url}${peers()}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.atlas.2023-01-01+json" },
    });
    expect([html.status, html.headers.get("content-type")]).toEqual([502, "text/html"]);
    expect(await html.text()).toMatch(/^<html>.*502 Bad Gateway/);
    atlas.state.faults.inject({ fault: { kind: "slow", delayMs: 150 } });
    const started = Date.now();
    expect((await call("GET", peers())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    atlas.state.faults.inject({ fault: { kind: "reset", when: "before" } });
    await expect(call("GET", peers())).rejects.toThrow();
    atlas.state.faults.inject({ fault: { kind: "truncated" } });
    const response = await fetch(`${atlas.url}${peers()}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.atlas.2023-01-01+json" },
    });
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(atlas.state.faults.pending).toBe(0);
  });
});

describe("authentication", () => {
  test("the token endpoint wants Basic over the raw id and secret; the form-urlencoded variant is refused", async () => {
    const special = await startMockAtlas({ credentials: { clientSecret: "s3cr3t/with+special=chars:and%" } });
    try {
      registerSecrets(special.credentials.clientSecret, special.credentials.privateKey);
      expect((await tokenFor(special)).status).toBe(200);
      const encoded = await tokenFor(
        special,
        encodeURIComponent(special.credentials.clientId),
        encodeURIComponent(special.credentials.clientSecret),
      );
      expect(encoded).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    } finally {
      await special.close();
    }
  });

  test("a request without credentials gets the digest challenge; a bad bearer token a JSON 401", async () => {
    const bare = await fetch(`${atlas.url}${peers()}`, {
      headers: { accept: "application/vnd.atlas.2023-01-01+json" },
    });
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(
      /^Digest realm="MMS Public API", qop="auth", nonce="[0-9a-f]+", algorithm="MD5", stale="false"$/,
    );
    expect(await bare.json()).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
    token = "not-a-token";
    expect((await call("GET", peers())).json).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
  });
});

describe("lifecycle", () => {
  test("await using closes it at the end of the block (Symbol.asyncDispose is close())", async () => {
    let url = "";
    {
      await using scoped = await startMockAtlas();
      registerSecrets(scoped.credentials.privateKey, scoped.credentials.clientSecret);
      url = scoped.url;
      expect(scoped[Symbol.asyncDispose]).toBe(scoped.close);
      expect((await fetch(`${url}/api/oauth/token`, { method: "POST" })).status).toBe(401);
    }
    // Disposed: nothing listens there any more.
    await expect(fetch(`${url}/api/oauth/token`, { method: "POST" })).rejects.toThrow(/fetch failed/);
  });

  test("listens on loopback only", async () => {
    await expect(startMockAtlas({ host: "0.0.0.0" })).rejects.toThrow(/loopback only/);
    expect(new URL(atlas.url).hostname).toBe("127.0.0.1");
  });

  test("close() leaves no handle open, even with a connection in use and a slow answer pending", async () => {
    const handlesBefore = process.getActiveResourcesInfo().filter((name) => name !== "TTYWrap").length;
    const other = await startMockAtlas();
    registerSecrets(other.credentials.privateKey, other.credentials.clientSecret);
    other.state.faults.inject({ fault: { kind: "slow", delayMs: 60_000 } });
    const pending = fetch(`${other.url}/api/atlas/v2/groups/${other.credentials.groupId}/peers`).catch(
      () => "closed",
    );
    // Closed only once the request is in: its connection is in use, its slow answer pending.
    await expect.poll(() => other.requests.length, { interval: 5, timeout: 20_000 }).toBe(1);
    await other.close();
    expect(await pending).toBe("closed");
    await new Promise((resolve) => setImmediate(resolve));
    expect(process.getActiveResourcesInfo().filter((name) => name !== "TTYWrap").length).toBeLessThanOrEqual(
      handlesBefore,
    );
  });
});
