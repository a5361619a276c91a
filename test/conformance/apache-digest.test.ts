import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient } from "../../src/index.js";
import { awsBody, collectionPath } from "../helpers/atlas-fixtures.js";
import {
  apachePresent,
  startApacheDigest,
  toolAvailable,
  type ApacheDigestServer,
} from "../helpers/external-tools.js";
import { registerSecrets } from "../helpers/secret-audit.js";

const groupId = "5356823b3794dee37132bb7b";
const peerId = "95792d1a28f9c1c076958ef6";
const credentials = { publicKey: "apache-public-key", privateKey: "apache-private-key-7d1" };
registerSecrets(credentials.privateKey);

describe.runIf(
  toolAvailable(
    "Apache httpd mod_auth_digest",
    apachePresent,
    "install apache2-bin (apt-get install apache2-bin)",
  ),
)("against Apache httpd mod_auth_digest", () => {
  const lifetimeSeconds = 2;
  let apache: ApacheDigestServer;
  beforeAll(async () => {
    apache = await startApacheDigest({
      nonceLifetimeSeconds: lifetimeSeconds,
      users: { [credentials.publicKey]: credentials.privateKey },
    });
  });
  afterAll(() => apache?.close());

  test("PATCH, GET and DELETE all succeed; one request per call, plus exactly one per nonce expiry", async () => {
    const client = createAtlasClient({ baseUrl: apache.url, auth: { type: "digest", ...credentials } });
    const started = Date.now();
    const calls: string[] = [];
    // About 3 nonce lifetimes of calls, so that several nonces expire on the way.
    while (Date.now() - started < lifetimeSeconds * 3000 + 500) {
      const kind = calls.length % 3;
      if (kind === 0) {
        const { data, error } = await client.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
          body: awsBody,
        });
        expect(error).toBeUndefined();
        expect(data).toMatchObject({ method: "PATCH", bodyBytes: JSON.stringify(awsBody).length });
      } else if (kind === 1) {
        const { data, error } = await client.GET(collectionPath, {
          params: { path: { groupId }, query: { itemsPerPage: 2 } },
        });
        expect(error).toBeUndefined();
        expect(data).toMatchObject({ method: "GET" });
      } else {
        const { error, response } = await client.DELETE("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
        });
        expect(error).toBeUndefined();
        expect(response.status).toBe(202);
      }
      calls.push(["PATCH", "GET", "DELETE"][kind]!);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }

    const log = apache.accessLog();
    const refused = log.filter((entry) => entry.status === 401);
    const expiries = refused.length - 1; // the first 401 is the initial challenge
    expect(log.filter((entry) => entry.status < 300)).toHaveLength(calls.length);
    expect(log).toHaveLength(calls.length + 1 + expiries);
    expect(expiries).toBeGreaterThanOrEqual(2);
    // Each refusal is answered at once by the same request, body and all, which then succeeds.
    log.forEach((entry, index) => {
      if (entry.status !== 401) return;
      const next = log[index + 1]!;
      expect([next.method, next.target, next.contentLength]).toEqual([
        entry.method,
        entry.target,
        entry.contentLength,
      ]);
      expect(next.status).toBeLessThan(300);
    });
  });
});
