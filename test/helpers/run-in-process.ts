import { describeFailure, type ScriptMain } from "../../scripts/lib/run-script.js";
import { withPipelineRoot } from "../../scripts/spec/layout.js";
import type { ScriptRun } from "./run-node-script.js";

/**
 * Runs one of the pipeline's commands in this process, as its command-line entry point would
 * (`runScript`): what it writes is collected, and a failure becomes the same stderr and exit code
 * (one `<name>: error: ...` line for an expected failure). No child process, no second load of the
 * TypeScript compiler: a test whose point is not the process itself runs in a fraction of the time.
 * `root` is the pipeline copy the command reads and writes; `env` is added to this process's.
 */
export async function runInProcess(
  name: string,
  main: ScriptMain,
  args: readonly string[],
  { root, env = {} }: { root?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ScriptRun> {
  let stdout = "";
  let stderr = "";
  const io = {
    out: (text: string) => void (stdout += text),
    err: (text: string) => void (stderr += text),
    env: { ...process.env, ...env },
  };
  const run = () => main([...args], io);
  try {
    await (root ? withPipelineRoot(root, run) : run());
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failure = describeFailure(name, error);
    return { status: failure.exitCode, stdout, stderr: stderr + failure.stderr };
  }
}
