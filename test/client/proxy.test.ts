// The README's two proxy recipes, run against the local Atlas behind an HTTP proxy written here with
// node:http (forward requests and CONNECT tunnels, both logged):
// - examples/proxy.ts as it stands (undici's EnvHttpProxyAgent through the client's `fetch` option),
//   on this machine's Node.js;
// - NODE_USE_ENV_PROXY=1 with no `fetch` option, on Node.js 22 and 24 (cached runtimes), and not on 20,
//   which ignores the variable.
// The client's base URL is a loopback port nothing listens on (127.0.0.1:2: below 1024, so that no
// test server gets it, and not one of the ports fetch refuses outright): only the proxy, which sends
// every request and tunnel to the local Atlas, can make a call succeed, so a request that bypassed
// the proxy would fail. NO_PROXY is set empty, so that no default exclusion of loopback
// applies.
import { createServer, request as forward, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient } from "../../src/index.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { runNodeScript, type ScriptRun } from "../helpers/run-node-script.js";
import { node20, node22, node24, nodeVersions } from "../helpers/runtimes.js";
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";

const groupId = "5356823b3794dee37132bb7b";
/** The base URL the client is given: nothing listens there, so only the proxy can answer. */
const unreachable = { host: "127.0.0.1", port: 2 };

let atlas: MockAtlas;
let proxy: Server;
let proxyUrl: string;
let peerId: string;
/** What the proxy was asked: `CONNECT host:port` for a tunnel, `METHOD url` for a forward request. */
const proxied: string[] = [];

/** A forward and CONNECT proxy on loopback that takes every request and tunnel to the local Atlas. */
function startProxy(target: { host: string; port: number }): Promise<Server> {
  const server = createServer((request, response) => {
    proxied.push(`${request.method} ${request.url}`);
    const url = new URL(request.url ?? "/");
    const upstream = forward(
      { ...target, method: request.method, path: `${url.pathname}${url.search}`, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  server.on("connect", (request, socket, head) => {
    proxied.push(`CONNECT ${request.url}`);
    const upstream = connect(target.port, target.host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The environment of a run: the proxy for http:// and https://, nothing excluded, the local Atlas's service account. */
function proxyEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { clientId, clientSecret } = atlas.credentials;
  return {
    HTTP_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: "",
    no_proxy: "",
    MONGODB_ATLAS_BASE_URL: `http://${unreachable.host}:${unreachable.port}`,
    MONGODB_ATLAS_CLIENT_ID: clientId,
    MONGODB_ATLAS_CLIENT_SECRET: clientSecret,
    MONGODB_ATLAS_PUBLIC_API_KEY: "",
    MONGODB_ATLAS_PRIVATE_API_KEY: "",
    NODE_USE_ENV_PROXY: "",
    ...extra,
  };
}

/** What the local Atlas received during `run`, as `METHOD path`. */
async function receivedDuring(
  run: () => Promise<ScriptRun>,
): Promise<{ run: ScriptRun; received: string[] }> {
  const before = atlas.requests.length;
  proxied.length = 0;
  const result = await run();
  recordProduced(`${result.stdout}\n${result.stderr}`);
  return {
    run: result,
    received: atlas.requests.slice(before).map((request) => `${request.method} ${request.path}`),
  };
}

beforeAll(async () => {
  atlas = await startMockAtlas({ credentials: { groupId } });
  registerSecrets(atlas.credentials.clientSecret, atlas.credentials.privateKey);
  const address = new URL(atlas.url);
  proxy = await startProxy({ host: address.hostname, port: Number(address.port) });
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const { publicKey, privateKey } = atlas.credentials;
  const client = createAtlasClient({ baseUrl: atlas.url, auth: { type: "digest", publicKey, privateKey } });
  const container = await client.containers.ensure(groupId, {
    providerName: "AWS",
    regionName: "US_EAST_1",
    atlasCidrBlock: "192.168.248.0/21",
  });
  const peer = await client.peers.create(groupId, {
    providerName: "AWS",
    containerId: container.id,
    accepterRegionName: "us-east-1",
    awsAccountId: "999900000000",
    routeTableCidrBlock: "10.15.0.0/16",
    vpcId: "vpc-0a1b2c3d4e5f60718",
  });
  peerId = peer.id;
  await client.close();
  // The runtimes the NODE_USE_ENV_PROXY runs need, installed once into the cache.
  node20();
  node22();
  node24();
}, 300_000);

afterAll(async () => {
  await atlas?.close();
  await new Promise((resolve) => proxy?.close(resolve));
});

describe("examples/proxy.ts: undici's EnvHttpProxyAgent through the fetch option", () => {
  test(`on this machine's Node.js (${process.version}), every request goes through the proxy`, async () => {
    const { run, received } = await receivedDuring(() =>
      runNodeScript("examples/proxy.ts", [], proxyEnvironment()),
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${peerId} AWS`);
    // The proxy was asked for the unreachable base URL (a tunnel, or a forward request)...
    expect(proxied.length).toBeGreaterThan(0);
    for (const line of proxied)
      expect(line).toMatch(/^(CONNECT 127\.0\.0\.1:2|[A-Z]+ http:\/\/127\.0\.0\.1:2\/)/);
    // ...and the token request, the listing and the revocation at close() all reached Atlas through it.
    expect(received).toEqual([
      "POST /api/oauth/token",
      `GET /api/atlas/v2/groups/${groupId}/peers`,
      "POST /api/oauth/revoke",
    ]);
  });

  test("without the proxy's environment the same script finds nothing at the base URL", async () => {
    const { run, received } = await receivedDuring(() =>
      runNodeScript(
        "examples/proxy.ts",
        [],
        proxyEnvironment({ HTTP_PROXY: "", http_proxy: "", HTTPS_PROXY: "", https_proxy: "" }),
      ),
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("AtlasConnectionError");
    expect(proxied).toEqual([]);
    expect(received).toEqual([]);
  });
});

describe("NODE_USE_ENV_PROXY=1, no fetch option", () => {
  test.each([
    [`Node.js ${nodeVersions.node22}`, node22],
    [`Node.js ${nodeVersions.node24}`, node24],
  ])("on %s, the built-in fetch goes through the proxy", async (_name, node) => {
    const { run, received } = await receivedDuring(() =>
      runNodeScript(
        "test/fixtures/env-proxy/list-peers.ts",
        [],
        proxyEnvironment({ NODE_USE_ENV_PROXY: "1" }),
        node(),
      ),
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ peers: 1 });
    expect(proxied).toContain("CONNECT 127.0.0.1:2");
    expect(received).toEqual([
      "POST /api/oauth/token",
      `GET /api/atlas/v2/groups/${groupId}/peers`,
      "POST /api/oauth/revoke",
    ]);
  });

  test(`on Node.js ${nodeVersions.node20}, the variable does nothing: use the undici recipe there`, async () => {
    const { run, received } = await receivedDuring(() =>
      runNodeScript(
        "test/fixtures/env-proxy/list-peers.ts",
        [],
        proxyEnvironment({ NODE_USE_ENV_PROXY: "1" }),
        node20(),
      ),
    );
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ error: "AtlasConnectionError", code: "ECONNREFUSED" });
    expect(proxied).toEqual([]);
    expect(received).toEqual([]);
  });
});
