import { spawnSync } from "node:child_process";
import { fromRoot } from "../spec/layout.js";

export interface Step {
  name: string;
  command: string[];
}

/** Node with tsx, for running the repository's TypeScript scripts as steps. */
export const tsxNode = [process.execPath, "--import", "tsx"];

/**
 * Runs steps in order from the repository root, output shown as it comes. Returns how many passed
 * and failed; `stopAtFailure` ends the run at the first failure (a build), otherwise every step
 * runs so that one log shows every problem (the tests).
 */
export function runSteps(
  steps: readonly Step[],
  { stopAtFailure }: { stopAtFailure: boolean },
): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const step of steps) {
    console.log(`\n▶ ${step.name}`);
    const run = spawnSync(step.command[0]!, step.command.slice(1), { cwd: fromRoot("."), stdio: "inherit" });
    if (run.status === 0) {
      passed += 1;
      continue;
    }
    failed += 1;
    console.log(`✗ ${step.name} failed (exit ${run.status ?? run.signal})`);
    if (stopAtFailure) break;
  }
  return { passed, failed };
}
