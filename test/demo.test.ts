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
      "PENDING_ACCEPTANCE: accept it in your AWS account",
      "404 PEER_NOT_FOUND (AtlasApiError, kind not-found)",
      "429, waited Retry-After: 1 s, then 200",
      "gone (404)",
      "1 token request, 1 token revoked by close()",
    ]) {
      expect(run.stdout).toContain(expected);
    }
    // Digest: the create draws the challenge (2 requests), the update after it is one request.
    expect(run.stdout).toMatch(/peers\.update \(new CIDR block\)\s+200 INITIATING, 10\.9\.0\.0\/21\s+1 /);
  });
});
