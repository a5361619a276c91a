import { stripVTControlCharacters } from "node:util";
import { describe, expect, test } from "vitest";
import { runNodeScript } from "./helpers/run-node-script.js";

// Every file under examples/ is type-checked by tsc (npm test) and shown in the README
// (scripts/readme-examples.ts). Those that need no Atlas account also run: this one here,
// examples/proxy.ts behind a proxy in test/client/proxy.test.ts.
describe("examples/testing-your-code.ts", () => {
  test("runs against the local Atlas, the 429 retried", async () => {
    const run = await runNodeScript("examples/testing-your-code.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("429");
    expect(run.stdout).toMatch(/POST \/api\/atlas\/v2\/groups\/[0-9a-f]{24}\/peers 200/);
  });
});

describe("examples/logs-hooks-raw-answer.ts", () => {
  test("logs each attempt and retry, calls the hooks and the channel, and gives the raw answer", async () => {
    const run = await runNodeScript("examples/logs-hooks-raw-answer.ts", []);
    expect(run.status, run.stderr).toBe(0);
    // console.log colours what it inspects when the test runner forces colours.
    run.stdout = stripVTControlCharacters(run.stdout);
    const path = String.raw`/api/atlas/v2/groups/[0-9a-f]{24}/containers`;
    expect(run.stdout).toMatch(
      new RegExp(
        `atlas-peering-client: POST ${path} -> 429 \\(attempt 1, \\d+ ms, request id [0-9a-f]{16}\\)`,
      ),
    );
    expect(run.stdout).toMatch(new RegExp(`POST ${path}: attempt 1 failed \\(429\\), retrying in 0 ms`));
    expect(run.stdout).toContain("atlas-peering-client: challenge-answered");
    expect(run.stdout).toMatch(/channel: retry \{[\s\S]*?reason: '429'/);
    expect(run.stdout).toMatch(/hook: 200 in \d+ ms/);
    expect(run.stdout).toMatch(/^[0-9a-f]{24} 200 application\/vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json$/m);
  });
});
