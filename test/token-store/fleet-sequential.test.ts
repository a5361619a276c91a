import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MockAtlas } from "../../src/testing/index.js";
import { startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, recordStored, registerSecrets } from "../helpers/secret-audit.js";
import { fleetWorker, removeFleetWorker, runFleet } from "./fleet/fleet.js";
import { auditDirectory } from "./store-audit.js";

// A file of its own (vitest runs files side by side): 100 processes one after another take a while.
let atlas: MockAtlas;
let directory: string;
beforeAll(async () => {
  await fleetWorker();
  directory = mkdtempSync(join(tmpdir(), "atlas-fleet-sequential-"));
  atlas = await startTestAtlas();
});
afterAll(async () => {
  auditDirectory(directory);
  rmSync(directory, { recursive: true, force: true });
  await atlas.close();
  await removeFleetWorker();
});

describe("processes run one after another with the file token store", () => {
  test("100 runs of a script (CI, cron, 100 times an hour): 1 token", async () => {
    const { clientId, clientSecret, groupId } = atlas.credentials;
    for (let run = 0; run < 100; run += 1) {
      const [result] = await runFleet(
        {
          baseUrl: atlas.url,
          clientId,
          clientSecret,
          groupId,
          store: "file",
          directory: join(directory, "tokens"),
          calls: 1,
          concurrency: 1,
        },
        1,
      );
      registerSecrets(...result!.tokensUsed);
      recordProduced(result!.warnings);
      recordStored(`run ${run} stderr`, result!.stderr);
      expect({ exitCode: result!.exitCode, done: result!.done, failures: result!.failures }).toEqual({
        exitCode: 0,
        done: 1,
        failures: [],
      });
    }
    expect(atlas.state.oauth.issued).toBe(1);
  }, 120_000);
});
