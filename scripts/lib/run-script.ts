import { inspect } from "node:util";
import { visibleText } from "../spec/upstream-text/visible-text.js";
import { ScriptError } from "./script-error.js";

/**
 * Where a script writes and what it reads from its environment. The command-line entry points give
 * it the process's streams and environment; the pipeline's tests run the same function in-process
 * (test/helpers/run-in-process.ts) and collect what it writes.
 */
export interface ScriptIO {
  /** Standard output: the report, the files written. */
  out(text: string): void;
  /** Standard error: warnings a person must see (a one-line error is the runner's, see below). */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export type ScriptMain = (args: string[], io: ScriptIO) => Promise<void>;

/**
 * What a failed run prints on stderr, and its exit code. An expected failure is one line whatever
 * its message holds: a message quoting upstream text (a path, a value) is made visible text, so a
 * line break or U+2028 in it cannot start a second line.
 */
export function describeFailure(name: string, error: unknown): { stderr: string; exitCode: number } {
  if (error instanceof ScriptError) {
    const message = error.severalLines ? error.message : visibleText(error.message);
    return { stderr: `${name}: error: ${message}\n`, exitCode: error.exitCode };
  }
  return { stderr: `${name}: unexpected failure\n${inspect(error)}\n`, exitCode: 1 };
}

/**
 * Runs a script's main function and turns its outcome into an exit code. Expected failures
 * (`ScriptError`) become one line on stderr, `<script>: error: <message>`, so that a person or CI
 * log sees what went wrong without a stack trace.
 */
export function runScript(name: string, main: ScriptMain): void {
  const io: ScriptIO = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      const failure = describeFailure(name, error);
      process.stderr.write(failure.stderr);
      process.exitCode = failure.exitCode;
    },
  );
}
