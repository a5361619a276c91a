import { createInterface } from "node:readline/promises";
import type { ApplyProgress } from "atlas-peering-client/declared";

/** What the CLI reads and writes: the process's streams, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean | undefined };
  stderr: { write(text: string): unknown; isTTY?: boolean | undefined };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined };
  env: Record<string, string | undefined>;
}

/** Asks on the terminal; only `yes` approves (as Terraform does). */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const lines = createInterface({
    input: io.stdin,
    output: io.stderr as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    io.stderr.write(`${question} Only 'yes' is accepted: `);
    const answer = await lines.question("");
    return answer.trim() === "yes";
  } finally {
    lines.close();
  }
}

/**
 * Progress while apply works, on stderr when it is a terminal: a line per change as it is made,
 * and a line every few seconds while it waits for peers. Nothing on a pipe (CI logs get the
 * final report only), and never on stdout, which may carry the JSON document.
 */
export function progressPrinter(io: CliIo): ((event: ApplyProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  return (event) => {
    if (event.type === "change" && event.phase !== "start")
      io.stderr.write(
        `  ${event.phase === "done" ? "done  " : "FAILED"} ${event.change.action} ${event.change.resource} ${event.change.key}${event.message ? `: ${event.message}` : ""}\n`,
      );
    else if (event.type === "change")
      io.stderr.write(`  ...    ${event.change.action} ${event.change.resource} ${event.change.key}\n`);
    else if (event.type === "waiting")
      io.stderr.write(
        `  waiting for ${event.peers.length} peer${event.peers.length === 1 ? "" : "s"} (${Math.round(event.elapsedMs / 1000)} s; ${Math.round(event.remainingMs / 1000)} s left): ${event.peers.join(", ")}\n`,
      );
    else
      io.stderr.write(`  peer  ${event.outcome.key}: ${event.outcome.status} (${event.outcome.outcome})\n`);
  };
}
