import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAtlasClient, type AtlasClient } from "../../src/index.js";
import { applyPeering, planPeering } from "../../src/declared/index.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { propertyRuns } from "../helpers/property-runs.js";
import { registerSecrets } from "../helpers/secret-audit.js";
import { declarationFor } from "./arbitraries.js";

// apply(plan(x)) then plan(x) has no changes, from whatever an earlier declaration left, over random
// declarations, against the local Atlas. Its peers move through their states at once
// (transitionMs 0), so that apply's waits end on the first poll: no run depends on time.
let atlas: MockAtlas;
let client: AtlasClient;
beforeAll(async () => {
  atlas = await startMockAtlas({ transitionMs: 0 });
  registerSecrets(atlas.credentials.privateKey, atlas.credentials.clientSecret);
  const { clientId, clientSecret } = atlas.credentials;
  client = createAtlasClient({
    baseUrl: atlas.url,
    auth: { type: "serviceAccount", clientId, clientSecret },
  });
});
afterAll(async () => {
  await client.close();
  await atlas.close();
});

describe("plan idempotence", () => {
  test("after apply(plan(x)), plan(x) has nothing to change, from any earlier state", async () => {
    let converged = 0;
    const placeholder = "000000000000000000000000";
    const declarations = fc.tuple(
      declarationFor(placeholder),
      declarationFor(placeholder),
      fc.boolean(),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(declarations, async ([earlierTemplate, laterTemplate, prune, replaceFailed]) => {
        // A fresh project for every run, shrinking included.
        const groupId = atlas.state.addGroup();
        const earlier = { ...earlierTemplate, groupId };
        const later = { ...laterTemplate, groupId };
        const first = await planPeering(client, earlier);
        expect(first.findings.filter((finding) => finding.severity === "error")).toEqual([]);
        expect((await applyPeering(client, first, { intervalMs: 1, timeoutMs: 30_000 })).ok).toBe(true);
        expect((await planPeering(client, earlier)).changes).toEqual([]);

        const plan = await planPeering(client, later, { prune, replaceFailed });
        // A locked container (its block, or GCP regions it loses, while a peer uses it) is refused, as Atlas would.
        const errors = plan.findings.filter((finding) => finding.severity === "error");
        if (errors.length > 0) {
          for (const { code } of errors)
            expect(["CONTAINER_CIDR_LOCKED", "CONTAINER_REGIONS_LOCKED"]).toContain(code);
          return;
        }
        const result = await applyPeering(client, plan, { intervalMs: 1, timeoutMs: 30_000 });
        expect(result.changes.filter((change) => change.outcome !== "done")).toEqual([]);
        expect(result.ok).toBe(true);
        const again = await planPeering(client, later, { prune, replaceFailed });
        expect(again.changes).toEqual([]);
        expect(again.findings.filter((finding) => finding.severity === "error")).toEqual([]);
        if (prune) expect(again.unmanaged).toEqual([]);
        converged += 1;
      }),
      propertyRuns(60),
    );
    expect(converged).toBeGreaterThan(0);
  }, 300_000);
});
