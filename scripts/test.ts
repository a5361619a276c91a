// npm test: every check CI relies on, in order, then one plain summary line that CI reads:
// `N passed, N failed`. The pipeline checks count one each; vitest's tests are counted from its
// JSON report (CI does not parse vitest's own console summary).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fromRoot } from "./spec/layout.js";

interface Step {
  name: string;
  command: string[];
}

const tsx = ["node", "--import", "tsx"];
const steps: Step[] = [
  { name: "spec lint", command: [...tsx, "scripts/spec-lint.ts"] },
  { name: "generated/ is fresh", command: [...tsx, "scripts/check-generated.ts"] },
  { name: "tsc --noEmit", command: ["node", "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"] },
  ...extraSteps(),
];

/** Steps that later parts of the project add (package checks); kept in one place. */
function extraSteps(): Step[] {
  return [];
}

let passed = 0;
let failed = 0;
for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const run = spawnSync(step.command[0]!, step.command.slice(1), { cwd: fromRoot("."), stdio: "inherit" });
  if (run.status === 0) passed += 1;
  else {
    failed += 1;
    console.log(`✗ ${step.name} failed (exit ${run.status ?? run.signal})`);
  }
}

const reportFile = fromRoot(".cache/vitest-report.json");
mkdirSync(fromRoot(".cache"), { recursive: true });
rmSync(reportFile, { force: true });
console.log("\n▶ vitest (type tests and tests)");
const vitestArgs = process.argv.slice(2);
const vitest = spawnSync(
  "node",
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...vitestArgs],
  { cwd: fromRoot("."), stdio: "inherit" },
);
try {
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  passed += report.numPassedTests;
  // A suite that fails to load has no tests to count but is a failure all the same.
  failed += report.numFailedTests + (report.numFailedTests === 0 && vitest.status !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
  if (report.numPendingTests + report.numTodoTests > 0) {
    console.log(`note: ${report.numPendingTests + report.numTodoTests} test(s) skipped or todo; they count as neither passed nor failed`);
  }
} catch {
  console.log("✗ vitest wrote no JSON report");
  failed += 1;
}

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(fromRoot(".cache/test-summary.txt"), `${summary}\n`);
console.log(summary);
process.exitCode = failed === 0 ? 0 : 1;
