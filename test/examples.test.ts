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
