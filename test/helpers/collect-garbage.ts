import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/**
 * A full garbage collection, for suites that make thousands of clients. The redactor covers the
 * secrets of every client not yet collected (src/errors/redaction.ts holds them weakly), and
 * rebuilds its pattern whenever that set changes: without a collection now and then, each run
 * pays for the tokens of every finished run before it, and a property slows down quadratically.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
