import { describe, expect, test } from "vitest";
import { runNodeScript } from "./helpers/run-node-script.js";

describe("npm run demo", () => {
  test("walks the day with digest keys and a service account, prints it, and exits 0", async () => {
    const run = await runNodeScript("demo/walkthrough.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    for (const expected of [
      "API keys (HTTP Digest)",
      "Service account (OAuth 2.0 client credentials)",
      "found the same container, nothing created",
      "PENDING_ACCEPTANCE: accept it in your AWS account",
      "1 container: AWS US_EAST_1, provisioned true",
      "AtlasContainerMismatchError: 192.168.248.0/21, not 10.0.0.0/21",
      "409 CONTAINERS_IN_USE (kind conflict)",
      "404 PEER_NOT_FOUND (kind not-found)",
      "429, waited Retry-After: 1 s, then 200",
      "gone (404)",
      "204, then 404 CLOUD_PROVIDER_CONTAINER_NOT_FOUND",
      "1 token request, 1 token revoked by close()",
    ]) {
      expect(run.stdout).toContain(expected);
    }
    // Both walks start from a project with no container: ensure lists, then creates.
    expect(run.stdout.match(/containers\.ensure \(AWS US_EAST_1\)\s+none yet: created/g)).toHaveLength(2);
    // Digest: the first call draws the challenge; the update later is one request.
    expect(run.stdout).toMatch(/peers\.update \(new CIDR block\)\s+200 INITIATING, 10\.9\.0\.0\/21\s+1 /);
  });
});
