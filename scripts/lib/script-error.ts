/**
 * An expected failure of one of the project's scripts (bad input, a missing file, an upstream
 * document we cannot use). `runScript` prints it as one line and exits non-zero; anything else
 * that escapes is a bug and keeps its stack trace.
 */
export class ScriptError extends Error {
  override name = "ScriptError";
  constructor(
    message: string,
    /** 1 for a failure, 2 for a usage error, as most command-line tools do. */
    readonly exitCode: 1 | 2 = 1,
    /**
     * A message written as several lines on purpose (a list of problems). Any other is printed as
     * one line, its line breaks and invisible characters written out (runScript): a message that
     * quotes upstream text cannot grow a line of its own.
     */
    readonly severalLines = false,
  ) {
    super(message);
  }
}
