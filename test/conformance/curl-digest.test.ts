import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { digestAuthorization, type DigestAlgorithm } from "../../src/auth/digest/digest-response.js";
import { parseWwwAuthenticate } from "../../src/auth/digest/www-authenticate.js";
import { createAtlasClient } from "../../src/index.js";
import { awsBody, json, startRecordingServer } from "../helpers/atlas-fixtures.js";
import {
  apachePresent,
  curlPresent,
  startApacheDigest,
  toolAvailable,
  type ApacheDigestServer,
} from "../helpers/external-tools.js";
import { registerSecrets } from "../helpers/secret-audit.js";

const username = "curl-public-key";
const password = "curl-private-key-9f2";
registerSecrets(password);
const path = "/api/atlas/v2/groups/5356823b3794dee37132bb7b/peers/95792d1a28f9c1c076958ef6";

function runCurl(args: string[]): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["--silent", "--show-error", ...args]);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

/** A server that offers one fixed challenge and records the answers to it. */
async function challengeServer(algorithm: DigestAlgorithm) {
  const challenge = `Digest realm="MMS Public API", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093+/=", qop="auth", algorithm=${algorithm}, opaque="5ccc069c403ebaf9f0171e9517f40e41"`;
  return startRecordingServer((request, response) => {
    if (!request.headers.authorization) response.writeHead(401, { "www-authenticate": challenge }).end();
    else json(response, 200, { ok: true });
  });
}

const fields = (header: string) => parseWwwAuthenticate(header)[0]!.params;

describe.runIf(toolAvailable("curl", curlPresent, "install curl (apt-get install curl)"))(
  "curl as a reference digest client",
  () => {
    test.each<DigestAlgorithm>(["MD5", "SHA-256"])(
      "%s: the same fields as curl, and the same response for curl's cnonce and nc",
      async (algorithm) => {
        const server = await challengeServer(algorithm);
        try {
          const curl = await runCurl([
            "--digest",
            "-u",
            `${username}:${password}`,
            "-X",
            "PATCH",
            "-H",
            "Content-Type: application/vnd.atlas.2025-03-12+json",
            "--data",
            JSON.stringify(awsBody),
            `${server.url}${path}`,
          ]);
          expect(curl.status).toBe(0);
          const client = createAtlasClient({
            baseUrl: server.url,
            auth: { type: "digest", publicKey: username, privateKey: password },
          });
          await client.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
            params: { path: { groupId: "5356823b3794dee37132bb7b", peerId: "95792d1a28f9c1c076958ef6" } },
            body: awsBody,
          });

          const [curlHeader, ourHeader] = server.requests
            .filter((request) => request.headers.authorization)
            .map((request) => request.headers.authorization!);
          const theirs = fields(curlHeader!);
          const ours = fields(ourHeader!);
          // curl also sends userhash=false with SHA-256 (RFC 7616's default); every other field is the same set.
          const theirNames = [...theirs.keys()]
            .filter((name) => !(name === "userhash" && theirs.get(name) === "false"))
            .sort();
          expect([...ours.keys()].sort()).toEqual(theirNames);
          for (const name of ["username", "realm", "nonce", "uri", "qop", "opaque"])
            expect(ours.get(name), name).toBe(theirs.get(name));
          expect(ours.get("algorithm")!.toUpperCase()).toBe(theirs.get("algorithm")!.toUpperCase());

          const recomputed = digestAuthorization({
            username,
            password,
            method: "PATCH",
            uri: theirs.get("uri")!,
            challenge: {
              realm: theirs.get("realm")!,
              nonce: theirs.get("nonce")!,
              algorithm,
              opaque: theirs.get("opaque")!,
              stale: false,
            },
            nonceCount: Number.parseInt(theirs.get("nc")!, 16),
            cnonce: theirs.get("cnonce")!,
          });
          expect(fields(recomputed).get("response")).toBe(theirs.get("response"));
        } finally {
          await server.close();
        }
      },
    );
  },
);

describe.runIf(
  toolAvailable("curl", curlPresent, "install curl") &&
    toolAvailable("Apache httpd mod_auth_digest", apachePresent, "install apache2-bin"),
)("curl and this client against Apache, MD5", () => {
  let apache: ApacheDigestServer;
  beforeAll(async () => {
    apache = await startApacheDigest({ nonceLifetimeSeconds: 300, users: { [username]: password } });
  });
  afterAll(() => apache?.close());

  test("both are accepted", async () => {
    const curl = await runCurl([
      "--digest",
      "-u",
      `${username}:${password}`,
      "-X",
      "PATCH",
      "--data",
      JSON.stringify(awsBody),
      "--write-out",
      "%{http_code}",
      "--output",
      "/dev/null",
      `${apache.url}${path}`,
    ]);
    expect(curl.stdout).toBe("200");
    const client = createAtlasClient({
      baseUrl: apache.url,
      auth: { type: "digest", publicKey: username, privateKey: password },
    });
    const { error, response } = await client.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
      params: { path: { groupId: "5356823b3794dee37132bb7b", peerId: "95792d1a28f9c1c076958ef6" } },
      body: awsBody,
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(apache.accessLog().map((entry) => entry.status)).toEqual([401, 200, 401, 200]);
  });
});
