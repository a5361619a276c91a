/**
 * Unwraps an `envelope=true` answer. Atlas answers every request with HTTP 200 and puts the real
 * status in the body: single results as `{ status, content }`, lists as `{ status, results,
 * totalCount, links }`, errors with or without `content`. Returns the real status and the body the
 * caller would have had without the envelope, or `undefined` when `parsed` is not an envelope.
 */
export function unwrapEnvelope(parsed: unknown): { status: number; body: unknown } | undefined {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const { status, ...rest } = parsed as { status?: unknown } & Record<string, unknown>;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599)
    return undefined;
  // Object rest copies own keys as data properties, so a `__proto__` key stays a plain key.
  if (Object.prototype.hasOwnProperty.call(rest, "content")) return { status, body: rest.content };
  return { status, body: rest };
}
