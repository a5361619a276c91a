// The demo's bookkeeping: each step of the walk is a row (the call, what it gave, how many HTTP
// requests it took), and each thing a row says is checked before it is printed. A check that fails,
// or a call that fails unexpectedly, ends the demo with a DemoFailure naming the step: the entry
// point prints it as one line and exits non-zero, never with a stack trace.
import type { MockAtlas } from "../src/testing/index.js";

interface Row {
  call: string;
  result: string;
  /** The HTTP requests the local Atlas received during the step. */
  requests: number;
}

/** The demo did not see what it says: `step` names the row, `message` what went wrong. */
export class DemoFailure extends Error {
  override name = "DemoFailure";
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown inside a step when something it is about to print is not so; the step adds its name. */
class ClaimNotMet extends Error {}

/** Checks one thing a row is about to say. */
export function claim(condition: boolean, expected: string): asserts condition {
  if (!condition) throw new ClaimNotMet(expected);
}

/** The first line of an error, with its class: enough to know what failed, no stack trace. */
export function oneLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.split("\n")[0]}`;
  return String(error).split("\n")[0]!;
}

/**
 * One walk: its title and column heads are printed at once, and each row as soon as its step is
 * done, so that a failure shows how far the walk got.
 */
export class Walk {
  constructor(
    private readonly atlas: MockAtlas,
    title: string,
  ) {
    console.log(`\n${title}`);
    console.log(`  ${"call".padEnd(40)}${"result".padEnd(62)}${"HTTP requests".padStart(13)}`);
  }

  /** Runs one step and records its row, or throws a DemoFailure naming it. */
  async step(call: string, run: () => Promise<string>): Promise<void> {
    const before = this.atlas.requests.length;
    let result: string;
    try {
      result = await run();
    } catch (error) {
      if (error instanceof DemoFailure) throw error;
      const what = error instanceof ClaimNotMet ? `expected ${error.message}` : oneLine(error);
      throw new DemoFailure(call, what);
    }
    printRow({ call, result, requests: this.atlas.requests.length - before });
  }
}

/** What a typed error says, in the demo's words: the call must fail, and with that error. */
export async function expectError(
  run: () => Promise<unknown>,
  describe: (error: unknown) => string | undefined,
  expected: string,
): Promise<string> {
  try {
    await run();
  } catch (error) {
    const said = describe(error);
    claim(said !== undefined, `${expected}, got ${oneLine(error)}`);
    return said;
  }
  claim(false, `${expected}, but the call succeeded`);
}

function printRow(row: Row): void {
  console.log(`  ${row.call.padEnd(40)}${row.result.padEnd(62)}${String(row.requests).padStart(13)}`);
}
