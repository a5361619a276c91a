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
  ) {
    super(message);
  }
}
