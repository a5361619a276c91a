import { spawn } from "node:child_process";
import { createAtlasClient } from "../src/index.js";
import { startMockAtlas } from "../src/testing/index.js";
import { awsBody, fixtureContainers, ids } from "../test/helpers/atlas-fixtures.js";
import { startApacheDigest } from "../test/helpers/external-tools.js";
import { importPeer } from "./peers.js";

/**
 * Item 1 and 2: HTTP requests and request-body bytes per authenticated PATCH, counted on the
 * server side, for 200 sequential calls by each client, against (a) the local Atlas (http-auth)
 * and (b) Apache httpd mod_auth_digest, both with a nonce lifetime short enough to expire several
 * times during a run (calls are paced so that each run lasts the same time).
 */
export interface RequestCount {
  client: string;
  server: string;
  calls: number;
  requests: number;
  refusals: number;
  bodyBytesPerCall: number;
  bodyBytes: number;
  succeeded: number;
}

const calls = 200;
const paceMs = 20; // 200 calls take about 4 s whatever the client: several 1 s nonces expire.
const { groupId } = ids;
const body = awsBody;
const bodyText = JSON.stringify(body);
const headers = {
  accept: "application/vnd.atlas.2025-03-12+json",
  "content-type": "application/vnd.atlas.2025-03-12+json",
};

type Call = () => Promise<boolean>;
interface Target {
  name: string;
  baseUrl: string;
  publicKey: string;
  privateKey: string;
  /** A peer that exists there, to update. */
  peerId: string;
  /** Requests and body bytes the server saw since the mark. */
  count(): { requests: number; refusals: number; bodyBytes: number };
  mark(): void;
  close(): Promise<void>;
}

async function clients(target: Target): Promise<Array<[string, () => Promise<Call>]>> {
  const { publicKey, privateKey, peerId } = target;
  const url = `${target.baseUrl}/api/atlas/v2/groups/${groupId}/peers/${peerId}`;
  return [
    [
      "atlas-peering-client",
      async () => {
        const atlas = createAtlasClient({
          baseUrl: target.baseUrl,
          auth: { type: "digest", publicKey, privateKey },
          maxRetries: 0,
        });
        return async () =>
          (
            await atlas.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
              params: { path: { groupId, peerId } },
              body: body as never,
            })
          ).error === undefined;
      },
    ],
    [
      "digest-fetch",
      async () => {
        const { default: DigestClient } = await importPeer<{
          default: new (
            user: string,
            password: string,
          ) => { fetch(url: string, init: RequestInit): Promise<Response> };
        }>("digest-fetch");
        const client = new DigestClient(publicKey, privateKey);
        return async () => {
          const response = await client.fetch(url, {
            method: "PATCH",
            headers: { ...headers },
            body: bodyText,
          });
          await response.arrayBuffer();
          return response.ok;
        };
      },
    ],
    [
      "urllib (digestAuth)",
      async () => {
        const urllib = await importPeer<{
          request(url: string, options: object): Promise<{ status: number }>;
        }>("urllib");
        // A fresh headers object per call: urllib writes the Authorization it computed into the one it is given.
        return async () =>
          (
            await urllib.request(url, {
              method: "PATCH",
              digestAuth: `${publicKey}:${privateKey}`,
              headers: { ...headers },
              data: bodyText,
            })
          ).status < 300;
      },
    ],
    [
      "mongodb-atlas-api-client (cluster.update)",
      async () => {
        const { default: atlasApi } = await importPeer<{
          default: (options: object) => { cluster: { update(name: string, body: object): Promise<unknown> } };
        }>("mongodb-atlas-api-client");
        const client = atlasApi({
          publicKey,
          privateKey,
          baseUrl: `${target.baseUrl}/api/atlas/v1.0`,
          projectId: groupId,
        });
        // Its cluster update is a digest PATCH; the local Atlas has no cluster route and answers it
        // after authentication (404/406), Apache's CGI with 200: the handshake is what is counted.
        return async () => {
          await client.cluster.update("Cluster0", body).catch(() => undefined);
          return true;
        };
      },
    ],
    [
      "curl --digest (a process per call)",
      async () => async () =>
        new Promise<boolean>((resolve) => {
          const child = spawn("curl", [
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--digest",
            "-u",
            `${publicKey}:${privateKey}`,
            "-X",
            "PATCH",
            "-H",
            `Accept: ${headers.accept}`,
            "-H",
            `Content-Type: ${headers["content-type"]}`,
            "--data",
            bodyText,
            url,
          ]);
          let status = "";
          child.stdout.on("data", (chunk: Buffer) => (status += chunk.toString()));
          child.on("close", () => resolve(Number(status) < 300));
        }),
    ],
  ];
}

async function localAtlas(): Promise<Target> {
  const atlas = await startMockAtlas({
    nonceLifetimeMs: 1000,
    credentials: { groupId },
    containers: fixtureContainers,
  });
  const { clientId, clientSecret } = atlas.credentials;
  const setup = createAtlasClient({
    baseUrl: atlas.url,
    auth: { type: "serviceAccount", clientId, clientSecret },
  });
  const peer = await setup.peers.create(groupId, body);
  await setup.close();
  let from = 0;
  return {
    name: "local Atlas (http-auth, 1 s nonces)",
    baseUrl: atlas.url,
    peerId: peer.id!,
    publicKey: atlas.credentials.publicKey,
    privateKey: atlas.credentials.privateKey,
    mark: () => void (from = atlas.requests.length),
    count: () => {
      const seen = atlas.requests.slice(from);
      return {
        requests: seen.length,
        refusals: seen.filter((request) => request.status === 401).length,
        bodyBytes: seen.reduce((total, request) => total + request.bodyBytes, 0),
      };
    },
    close: () => atlas.close(),
  };
}

async function apache(): Promise<Target> {
  const publicKey = "bench-public-key";
  const privateKey = "bench-private-key";
  const server = await startApacheDigest({ nonceLifetimeSeconds: 1, users: { [publicKey]: privateKey } });
  let from = 0;
  return {
    name: "Apache httpd mod_auth_digest (1 s nonces)",
    baseUrl: server.url,
    peerId: ids.peerId,
    publicKey,
    privateKey,
    mark: () => void (from = server.accessLog().length),
    count: () => {
      const seen = server.accessLog().slice(from);
      return {
        requests: seen.length,
        refusals: seen.filter((entry) => entry.status === 401).length,
        bodyBytes: seen.reduce((total, entry) => total + entry.contentLength, 0),
      };
    },
    close: () => server.close(),
  };
}

export async function measureRequestsPerCall(withApache: boolean): Promise<RequestCount[]> {
  const results: RequestCount[] = [];
  for (const start of withApache ? [localAtlas, apache] : [localAtlas]) {
    const target = await start();
    try {
      for (const [client, make] of await clients(target)) {
        const call = await make();
        target.mark();
        let succeeded = 0;
        const started = Date.now();
        for (let index = 0; index < calls; index += 1) {
          if (await call()) succeeded += 1;
          const due = started + (index + 1) * paceMs;
          if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        }
        await new Promise((resolve) => setTimeout(resolve, 50)); // let Apache write its log
        const { requests, refusals, bodyBytes } = target.count();
        results.push({
          client,
          server: target.name,
          calls,
          requests,
          refusals,
          bodyBytes,
          bodyBytesPerCall: bodyBytes / calls,
          succeeded,
        });
      }
    } finally {
      await target.close();
    }
  }
  return results;
}

export const benchBodyBytes = bodyText.length;
