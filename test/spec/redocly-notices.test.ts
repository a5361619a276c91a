import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { fromRoot, pipelineFiles } from "../../scripts/spec/layout.js";
import { redoclyCli, redoclyEnvironment, runRedocly } from "../../scripts/spec/redocly-lint.js";

/**
 * Redocly CLI prints boxed notices that no setting turns off (Node.js 20's end of support on every
 * command, Redoc 3 with build-docs); the scripts show its output without them, so npm test's log
 * does not carry them (scripts/spec/redocly-lint.ts, runRedocly).
 */
const directory = mkdtempSync(join(tmpdir(), "atlas-redocly-notices-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const notices = /Node\.js 20 support is ending|renders docs with Redoc 3|[╔║╚]/;
const buildDocs = (output: string) => ["build-docs", fromRoot(pipelineFiles.fragment), "--output", output];

describe("Redocly's boxed notices", () => {
  test("build-docs prints them when run directly (what the filter is for)", () => {
    const raw = spawnSync(process.execPath, [redoclyCli, ...buildDocs(join(directory, "raw.html"))], {
      env: redoclyEnvironment,
      encoding: "utf8",
    });
    expect(raw.status, raw.stderr).toBe(0);
    expect(`${raw.stdout}${raw.stderr}`).toMatch(/renders docs with Redoc 3/);
  });

  test("build-docs through runRedocly (npm run docs): its output without them", () => {
    const run = runRedocly(buildDocs(join(directory, "spec.html")));
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/bundled successfully/);
    expect(run.output).not.toMatch(notices);
  });

  test("lint through runRedocly (npm run spec:lint, the pipeline): its output without them", () => {
    const run = runRedocly(["lint", fromRoot(pipelineFiles.fragment), "--config", fromRoot("redocly.yaml")]);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toMatch(/Your API description is valid/);
    expect(run.output).not.toMatch(notices);
  });
});
