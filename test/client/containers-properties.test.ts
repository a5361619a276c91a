import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { AtlasContainerMismatchError, type ContainerRequest } from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

let atlas: MockAtlas;
beforeAll(async () => {
  atlas = await startTestAtlas({ containers: [] });
});
afterAll(() => atlas.close());

/** A few providers, regions and CIDR blocks, so that runs collide on the same slots often. */
const wanted: fc.Arbitrary<ContainerRequest> = fc.oneof(
  fc.record({
    providerName: fc.constant("AWS" as const),
    regionName: fc.constantFrom("US_EAST_1" as const, "EU_WEST_1" as const),
    atlasCidrBlock: fc.constantFrom("10.8.0.0/21", "10.9.0.0/21", "10.08.0.0%2F21"),
  }),
  fc.record({
    providerName: fc.constant("AZURE" as const),
    region: fc.constantFrom("US_EAST_2" as const, "EUROPE_WEST" as const),
    atlasCidrBlock: fc.constantFrom("10.8.0.0/21", "10.9.0.0/21"),
  }),
  fc.record({
    providerName: fc.constant("GCP" as const),
    regions: fc.subarray(["CENTRAL_US" as const, "WESTERN_US" as const]),
    atlasCidrBlock: fc.constantFrom("10.64.0.0/18", "10.128.0.0/18"),
  }),
);

const slotOf = (container: Record<string, unknown>) =>
  `${String(container.providerName)} ${String(container.providerName === "GCP" ? "" : (container.regionName ?? container.region))}`;
const cidr = (value: unknown) => String(value).replace("%2F", "/").replace("10.08.", "10.8.");

describe("containers.ensure, whatever runs at once and whatever answers get lost", () => {
  test("one container per slot; every caller gets it or a mismatch naming what it has; nothing created twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(wanted, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 2 }),
        async (rounds, lostCreates) => {
          const groupId = atlas.state.addGroup();
          const mutationsBefore = atlas.state.mutations.length;
          // Creates whose answers get lost: Atlas applied them, the caller saw a reset.
          atlas.state.faults.clear();
          if (lostCreates > 0)
            atlas.state.faults.inject({
              fault: { kind: "reset", when: "after" },
              match: { method: "POST", pathIncludes: `${groupId}/containers` },
              times: lostCreates,
            });
          const clients = [clientFor(atlas, "serviceAccount"), clientFor(atlas, "digest")];
          const outcomes: Array<{
            asked: ContainerRequest;
            result?: Record<string, unknown>;
            error?: unknown;
          }> = [];
          for (const round of rounds) {
            // Each round's calls run at once, from two clients: as concurrent processes would.
            await Promise.all(
              round.map(async (asked, index) => {
                try {
                  const result = await clients[index % 2]!.containers.ensure(groupId, asked);
                  outcomes.push({ asked, result: result as Record<string, unknown> });
                } catch (error) {
                  outcomes.push({ asked, error });
                }
              }),
            );
          }
          await Promise.all(clients.map((client) => client.close()));
          atlas.state.faults.clear();

          const containers = atlas.state.containers(groupId);
          const slots = containers.map(slotOf);
          expect(new Set(slots).size, "one container per slot").toBe(slots.length);
          const created = atlas.state.mutations
            .slice(mutationsBefore)
            .filter((mutation) => mutation.resource === "containers" && mutation.method === "POST");
          expect(created.length, "nothing created twice").toBe(containers.length);
          for (const { asked, result, error } of outcomes) {
            const existing = containers.find((container) => slotOf(container) === slotOf(asked));
            expect(existing, "the slot asked for has a container").toBeDefined();
            if (result) {
              expect(result.id).toBe(existing!.id);
              expect(cidr(result.atlasCidrBlock)).toBe(cidr(asked.atlasCidrBlock));
            } else {
              expect(error).toBeInstanceOf(AtlasContainerMismatchError);
              const mismatch = error as AtlasContainerMismatchError;
              expect(mismatch.containerId).toBe(existing!.id);
              if (mismatch.field === "atlasCidrBlock")
                expect(mismatch.existing).toBe(existing!.atlasCidrBlock);
              else expect(asked.providerName).toBe("GCP");
            }
          }
        },
      ),
      propertyRuns(200),
    );
  }, 120_000);
});
