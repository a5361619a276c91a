import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { createAtlasClient, type AtlasResponseEvent } from "atlas-peering-client";
import { startMockAtlas } from "atlas-peering-client/testing";

const atlas = await startMockAtlas();
const { groupId, publicKey, privateKey } = atlas.credentials;

// Tracing tools can listen without any option: the events of every client, while subscribed.
subscribe("atlas-peering-client:retry", (event) => console.log("channel: retry", event));

const client = createAtlasClient({
  baseUrl: atlas.url,
  auth: { type: "digest", publicKey, privateKey },
  logLevel: "debug", // or ATLAS_PEERING_LOG=debug; default "off"
  logger: console, // the default; pino, winston and bunyan loggers fit too
  hooks: {
    // Each attempt, without its Authorization header; may add headers (not Authorization).
    onRequest: () => ({
      traceparent: `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`,
    }),
    onResponse: (event: AtlasResponseEvent) =>
      console.log(`hook: ${event.status} in ${Math.round(event.durationMs)} ms`),
  },
});

atlas.state.faults.inject({ fault: { kind: "rateLimit", retryAfter: "0" } }); // the next request gets a 429
// The data, and the HTTP answer beside it.
const { data, response } = await client.containers
  .create(groupId, { providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "10.8.0.0/21" })
  .withResponse();
console.log(data.id, response.status, response.headers.get("content-type"));

// One call without retries, whatever the client's maxRetries.
await client.containers.get(groupId, data.id, { maxRetries: 0 });
await client.close();
await atlas.close();
