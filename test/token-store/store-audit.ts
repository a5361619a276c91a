import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { recordStored } from "../helpers/secret-audit.js";

/**
 * Hands every file under a token store's directory (tokens, locks, rate limits, leftovers) to the
 * secret audit; returns how many there were.
 */
export function auditDirectory(directory: string): number {
  const files = readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) =>
    entry.isFile(),
  );
  for (const file of files) {
    const path = join(file.parentPath, file.name);
    recordStored(path, readFileSync(path));
  }
  return files.length;
}

/** Hands every Redis value under `pattern` to the secret audit; returns how many there were. */
export async function auditRedis(
  command: (args: string[]) => Promise<unknown>,
  pattern = "*",
): Promise<number> {
  const keys = (await command(["KEYS", pattern])) as string[];
  for (const key of keys) recordStored(`redis ${key}`, String(await command(["GET", key])));
  return keys.length;
}
