import type { SharedToken } from "atlas-peering-client";

/**
 * The plaintexts a shared store seals: a token with its expiry and renewal times, and the time
 * before which the token endpoint must not be asked again. Anything else reads as nothing.
 */
export function tokenPlaintext(token: SharedToken): string {
  return JSON.stringify({ t: token.accessToken, e: token.expiresAt, r: token.refreshAt });
}

export function tokenFromPlaintext(plaintext: string | undefined): SharedToken | undefined {
  const record = parseObject(plaintext);
  if (!record) return undefined;
  const { t, e, r } = record;
  if (typeof t !== "string" || t === "" || !isTime(e) || !isTime(r) || r > e) return undefined;
  return { accessToken: t, expiresAt: e, refreshAt: r };
}

export function rateLimitPlaintext(retryAt: number): string {
  return JSON.stringify({ until: retryAt });
}

export function rateLimitFromPlaintext(plaintext: string | undefined): number | undefined {
  const until = parseObject(plaintext)?.until;
  return isTime(until) ? until : undefined;
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
