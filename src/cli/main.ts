#!/usr/bin/env node
// The `atlas-peering` command (package.json `bin`): runs the CLI on this process's arguments and
// streams, ends a run on Ctrl-C (its calls and waits stop; exit 130), and sets the exit code.
import { runCli } from "./run-cli.js";

const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort(new Error("interrupted (SIGINT)")));
const code = await runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env },
  interrupt.signal,
);
process.exitCode = interrupt.signal.aborted ? 130 : code;
// Nothing keeps the process alive past its answer (a prompt's stdin, say).
process.stdin.unref?.();
