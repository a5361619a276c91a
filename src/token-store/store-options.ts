import { AtlasConfigurationError } from "atlas-peering-client";

/** A holder that dies mid-fetch delays the others by at most this; see SharedStoreSettings. */
export const defaultLockMs = 5_000;

/** Checks `lockMs`: whole milliseconds, long enough to renew in time, short enough to recover. */
export function checkLockMs(value: unknown): number {
  if (value === undefined) return defaultLockMs;
  if (!Number.isInteger(value) || (value as number) < 300 || (value as number) > 600_000)
    throw new AtlasConfigurationError("lockMs", "must be an integer from 300 to 600000 (milliseconds)");
  return value as number;
}

/** A token store command that does not answer in time counts as failed; see SharedStoreSettings. */
export const defaultCommandTimeoutMs = 1_000;

/** Checks `commandTimeoutMs`: long enough for a healthy medium, short enough not to stall calls. */
export function checkCommandTimeoutMs(value: unknown): number {
  if (value === undefined) return defaultCommandTimeoutMs;
  if (!Number.isInteger(value) || (value as number) < 10 || (value as number) > 60_000)
    throw new AtlasConfigurationError(
      "commandTimeoutMs",
      "must be an integer from 10 to 60000 (milliseconds)",
    );
  return value as number;
}

export function checkOptionsObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new AtlasConfigurationError("options", "must be an object");
  return value as Record<string, unknown>;
}
