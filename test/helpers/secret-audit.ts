import { inspect } from "node:util";

/**
 * Every secret a test used, and every error and warning the client produced: after each test
 * file, test/helpers/secret-audit-setup.ts fails it if any of them shows any secret in its
 * message, stack, `JSON.stringify` or `util.inspect` form.
 */
const secrets = new Set<string>();
const produced: unknown[] = [];

export function registerSecrets(...values: Array<string | undefined>): void {
  for (const value of values) if (value) secrets.add(value);
}

/** Records an error (or warning) the client produced, and returns it. */
export function recordProduced<T>(value: T): T {
  produced.push(value);
  return value;
}

/**
 * Records what a token store holds at rest (a file's bytes, a Redis value), so that the audit
 * also fails when a secret or token sits there in clear, or base64, base64url or hex encoded.
 */
export function recordStored(where: string, bytes: Buffer | string): void {
  const buffer = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  produced.push(`stored in ${where}: ${buffer.toString("latin1")}`);
}

/** Awaits a promise that must reject, records the error, and returns it. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return recordProduced(error as Error);
  }
  throw new Error("expected the promise to reject");
}

export function leakedSecrets(): Array<{ secret: string; where: string }> {
  return produced.flatMap((value) => secretsShownBy(value));
}

/**
 * The registered secrets `value` shows in any of the forms a log could hold: message, stack (with
 * the cause chain's messages and stacks), `JSON.stringify`, `util.inspect` with hidden fields; a
 * secret counts as shown raw, base64-, base64url-, hex- or percent-encoded. `among`: the secrets to look
 * for (default: every registered one).
 */
export function secretsShownBy(
  value: unknown,
  among: Iterable<string> = secrets,
): Array<{ secret: string; where: string }> {
  const leaks: Array<{ secret: string; where: string }> = [];
  const renderings = [
    inspect(value, { depth: 10, showHidden: true }),
    safeJson(value),
    ...messagesAndStacks(value),
  ];
  for (const secret of among) {
    const forms = [secret];
    if (secret.length > 8)
      forms.push(
        Buffer.from(secret).toString("base64").replace(/=+$/, ""),
        Buffer.from(secret).toString("base64url"),
        encodeURIComponent(secret),
        Buffer.from(secret).toString("hex"),
      );
    for (const rendering of renderings)
      if (forms.some((form) => rendering.includes(form)))
        leaks.push({ secret: `${secret.slice(0, 3)}…`, where: rendering.slice(0, 200) });
  }
  return leaks;
}

function messagesAndStacks(value: unknown): string[] {
  const texts: string[] = [];
  let current = value;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) texts.push(`${current.message}\n${current.stack ?? ""}`);
    else texts.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return texts;
}

export function producedCount(): number {
  return produced.length;
}

/** For the audit's own test: forget what was recorded after a value. */
export function forgetProducedAfter(count: number): void {
  produced.length = count;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
