import { ScriptError } from "./script-error.js";

/**
 * Runs a script's main function and turns its outcome into an exit code. Expected failures
 * (`ScriptError`) become one line on stderr, `<script>: error: <message>`, so that a person or CI
 * log sees what went wrong without a stack trace.
 */
export function runScript(name: string, main: (args: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      if (error instanceof ScriptError) {
        process.stderr.write(`${name}: error: ${error.message}\n`);
        process.exitCode = error.exitCode;
        return;
      }
      process.stderr.write(`${name}: unexpected failure\n`);
      console.error(error);
      process.exitCode = 1;
    },
  );
}
