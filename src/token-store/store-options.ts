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

export function checkOptionsObject(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new AtlasConfigurationError("options", "must be an object");
  return value as Record<string, unknown>;
}
