import type { SharedToken, TokenHold } from "atlas-peering-client";

/**
 * The plaintexts a shared store seals: a token with its issue, expiry and renewal times, and the
 * fleet's hold on token requests. Anything else reads as nothing.
 */
export function tokenPlaintext(token: SharedToken): string {
  return JSON.stringify({
    t: token.accessToken,
    e: token.expiresAt,
    r: token.refreshAt,
    o: token.obtainedAt,
  });
}

export function tokenFromPlaintext(plaintext: string | undefined): SharedToken | undefined {
  const record = parseObject(plaintext);
  if (!record) return undefined;
  const { t, e, r, o } = record;
  if (typeof t !== "string" || t === "" || !isTime(e) || !isTime(r) || r > e) return undefined;
  return { accessToken: t, expiresAt: e, refreshAt: r, obtainedAt: isTime(o) ? o : undefined };
}

export function holdPlaintext(hold: TokenHold): string {
  return JSON.stringify({
    w: hold.reason,
    u: hold.until,
    n: hold.refusals,
    x: hold.expiresAt,
    l: hold.lastRefused,
  });
}

export function holdFromPlaintext(plaintext: string | undefined): TokenHold | undefined {
  const record = parseObject(plaintext);
  if (!record) return undefined;
  const { w, u, n, x, l } = record;
  if ((w !== "rate-limited" && w !== "refused") || !isTime(u) || !isTime(x)) return undefined;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 1_000) return undefined;
  return {
    reason: w,
    until: u,
    refusals: n,
    expiresAt: x,
    lastRefused: typeof l === "string" ? l.slice(0, 64) : undefined,
  };
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
