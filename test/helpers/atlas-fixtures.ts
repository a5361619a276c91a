import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createAtlasClient,
  type AtlasClient,
  type AtlasClientOptions,
  type AwsPeerRequest,
  type AzurePeerRequest,
  type GcpPeerRequest,
} from "../../src/index.js";
import { startMockAtlas, type MockAtlas, type MockAtlasOptions } from "../../src/testing/index.js";
import { recordProduced, registerSecrets } from "./secret-audit.js";

export const awsBody: AwsPeerRequest = {
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  accepterRegionName: "us-west-1",
  awsAccountId: "999900000000",
  routeTableCidrBlock: "10.15.0.0/16",
  vpcId: "vpc-0a1b2c3d4e5f60718",
};
export const azureBody: AzurePeerRequest = {
  providerName: "AZURE",
  containerId: "507f1f77bcf86cd799439012",
  azureDirectoryId: "35f5b4e4-7a3e-4d3c-9c1e-2d6f3c3b1a2b",
  azureSubscriptionId: "9a2c1f0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
  resourceGroupName: "peering-rg",
  vnetName: "app-vnet",
};
export const gcpBody: GcpPeerRequest = {
  providerName: "GCP",
  containerId: "507f1f77bcf86cd799439013",
  gcpProjectId: "my-gcp-project",
  networkName: "default",
};

/** The containers the fixture bodies above live in, one per provider. */
export const fixtureContainers = [
  {
    id: awsBody.containerId,
    providerName: "AWS",
    regionName: "US_WEST_1",
    atlasCidrBlock: "192.168.248.0/21",
  },
  {
    id: azureBody.containerId,
    providerName: "AZURE",
    region: "US_EAST_2",
    atlasCidrBlock: "192.168.240.0/21",
  },
  { id: gcpBody.containerId, providerName: "GCP", regions: ["CENTRAL_US"], atlasCidrBlock: "192.168.0.0/18" },
];

/**
 * Starts the local Atlas (with the fixture bodies' containers in its first project) and registers
 * its credentials with the secret audit.
 */
export async function startTestAtlas(options: MockAtlasOptions = {}): Promise<MockAtlas> {
  const atlas = await startMockAtlas({ transitionMs: 20, containers: fixtureContainers, ...options });
  registerSecrets(atlas.credentials.privateKey, atlas.credentials.clientSecret);
  return atlas;
}

/** A client of the local Atlas with fast retries; every warning it gives is recorded for the audit. */
export function clientFor(
  atlas: MockAtlas,
  auth: "digest" | "serviceAccount",
  options: Partial<AtlasClientOptions> = {},
): AtlasClient {
  const { publicKey, privateKey, clientId, clientSecret } = atlas.credentials;
  return createAtlasClient({
    baseUrl: atlas.url,
    auth:
      auth === "digest"
        ? { type: "digest", publicKey, privateKey }
        : { type: "serviceAccount", clientId, clientSecret },
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    onWarning: (warning) => void recordProduced(warning),
    ...options,
  });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain loopback server that records requests and answers with `handler`. */
export async function startRecordingServer(
  handler: (request: RecordedRequest, response: ServerResponse, incoming: IncomingMessage) => void,
): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    let body = "";
    incoming.setEncoding("utf8");
    incoming.on("data", (chunk: string) => (body += chunk));
    incoming.on("end", () => {
      const request = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: incoming.headers,
        body,
      };
      requests.push(request);
      handler(request, response, incoming);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": status < 300 ? "application/vnd.atlas.2023-01-01+json" : "application/json",
    ...headers,
  });
  response.end(text);
}

export const ids = { groupId: "5356823b3794dee37132bb7b", peerId: "95792d1a28f9c1c076958ef6" };
export const itemPath = "/api/atlas/v2/groups/{groupId}/peers/{peerId}";
export const collectionPath = "/api/atlas/v2/groups/{groupId}/peers";
