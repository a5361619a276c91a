import { spawn } from "node:child_process";
import { fromRoot } from "../../scripts/spec/layout.js";

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the repository's TypeScript scripts the way `npm run` does, and captures its output.
 * Asynchronous on purpose: a test may serve HTTP to the script from its own event loop.
 */
export function runNodeScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  /** Another Node.js binary (one of test/helpers/runtimes.ts); default: the one running the tests. */
  node: string = process.execPath,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ["--import", "tsx", fromRoot(script), ...args], {
      cwd: fromRoot("."),
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
