// npm test: every check CI relies on, in order, then one plain summary line that CI reads:
// `N passed, N failed`. Each check below counts as one; vitest's tests are counted from its JSON
// report (CI does not parse vitest's own console summary). Every step runs even after a failure,
// so that one log shows every problem.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { runSteps, tsxNode, type Step } from "./lib/run-steps.js";
import { fromRoot } from "./spec/layout.js";

const { version } = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { version: string };
const packedTarball = `.cache/pack/atlas-peering-client-${version}.tgz`;

const steps: Step[] = [
  { name: "spec lint", command: [...tsxNode, "scripts/spec-lint.ts"] },
  { name: "generated/ is fresh", command: [...tsxNode, "scripts/check-generated.ts"] },
  {
    name: "tsc --noEmit",
    command: [process.execPath, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"],
  },
  { name: "build dist/", command: [...tsxNode, "scripts/build-dist.ts"] },
  { name: "package contents (npm pack)", command: [...tsxNode, "scripts/pack-check.ts"] },
  {
    name: "publint --strict",
    command: [process.execPath, "node_modules/publint/src/cli.js", "run", packedTarball, "--strict"],
  },
  {
    name: "attw (node10, node16 CJS and ESM, bundler)",
    command: [
      process.execPath,
      "node_modules/@arethetypeswrong/cli/dist/index.js",
      packedTarball,
      "--format",
      "table-flipped",
    ],
  },
  { name: "size budget (size-limit)", command: [process.execPath, "node_modules/size-limit/bin.js"] },
  {
    name: "docs: typedoc (every public export and member documented, type pages list their fields), build-docs, rendered in Chromium",
    command: ["npm", "run", "--silent", "docs:check"],
  },
  { name: "release metadata agree (release:check)", command: [...tsxNode, "scripts/release-check.ts"] },
  {
    name: "formatting (prettier --check)",
    command: [
      process.execPath,
      "node_modules/prettier/bin/prettier.cjs",
      "--check",
      "--log-level",
      "warn",
      ".",
    ],
  },
  {
    name: "README samples are examples/ (type-checked by tsc)",
    command: [...tsxNode, "scripts/readme-examples.ts"],
  },
];

let { passed, failed } = runSteps(steps, { stopAtFailure: false });

const reportFile = fromRoot(".cache/vitest-report.json");
mkdirSync(fromRoot(".cache"), { recursive: true });
rmSync(reportFile, { force: true });
console.log("\n▶ vitest (type tests and tests)");
const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ],
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
  // A suite that fails to load, or an error outside any test, has no test to count but is a failure all the same.
  failed +=
    report.numFailedTests +
    (report.numFailedTests === 0 && vitest.status !== 0 ? Math.max(1, report.numFailedTestSuites) : 0);
  if (report.numPendingTests + report.numTodoTests > 0) {
    console.log(
      `note: ${report.numPendingTests + report.numTodoTests} test(s) skipped or todo; they count as neither passed nor failed`,
    );
  }
} catch {
  console.log("✗ vitest wrote no JSON report");
  failed += 1;
}

const summary = `${passed} passed, ${failed} failed`;
writeFileSync(fromRoot(".cache/test-summary.txt"), `${summary}\n`);
console.log(summary);
process.exitCode = failed === 0 ? 0 : 1;
