/** A warning this client gives through `onWarning` (default: `process.emitWarning`). */
export interface AtlasWarning {
  /**
   * What happened: `ATLAS_API_DEPRECATED`, an answer carried `Deprecation` or `Sunset` for the API
   * version used (once per operation and version); `ATLAS_TOKEN_REVOKE_FAILED`, `close()` could not
   * revoke a token (it resolves all the same); `ATLAS_TOKEN_STORE_UNAVAILABLE`, the shared token
   * store failed and the client asks Atlas on its own until it works again; `ATLAS_HOOK_FAILED`,
   * an `onResponse` or `onRetry` hook threw or rejected (the call went on).
   */
  code:
    | "ATLAS_API_DEPRECATED"
    | "ATLAS_TOKEN_REVOKE_FAILED"
    | "ATLAS_TOKEN_STORE_UNAVAILABLE"
    | "ATLAS_HOOK_FAILED";
  /** One sentence for people, naming what to do; it never holds a secret. */
  message: string;
  /** For deprecations: `PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}`. */
  operation?: string;
  /** For deprecations: the API version date Atlas deprecated, such as `2023-01-01`. */
  apiVersion?: string;
  /** When the version was (or will be) deprecated, from the `Deprecation` header. */
  deprecatedAt?: Date;
  /** When the version stops working, from the `Sunset` header. */
  sunsetAt?: Date;
}

/**
 * Turns `Deprecation` (RFC 9745: `@<epoch seconds>`; older drafts: an HTTP date or `true`) and
 * `Sunset` (RFC 8594: an HTTP date) answer headers into one warning per operation and API version,
 * however many calls see them.
 */
export class DeprecationNotices {
  readonly #warned = new Set<string>();
  readonly #warn: (warning: AtlasWarning) => void;

  constructor(warn: (warning: AtlasWarning) => void) {
    this.#warn = warn;
  }

  observe(headers: Headers, operation: string, apiVersion: string): void {
    const deprecation = headers.get("deprecation");
    const sunset = headers.get("sunset");
    if (deprecation === null && sunset === null) return;
    const key = `${operation} ${apiVersion}`;
    if (this.#warned.has(key)) return;
    this.#warned.add(key);

    const deprecatedAt = parseDeprecation(deprecation);
    const sunsetAt = parseHttpDate(sunset);
    const parts = [`Atlas API version ${apiVersion} of ${operation} is deprecated`];
    if (deprecatedAt instanceof Date) parts[0] += ` (since ${deprecatedAt.toISOString()})`;
    if (sunsetAt) parts.push(`it stops working on ${sunsetAt.toISOString()}`);
    parts.push("set a newer apiVersion");
    const warning: AtlasWarning = {
      code: "ATLAS_API_DEPRECATED",
      message: `${parts.join("; ")}.`,
      operation,
      apiVersion,
    };
    if (deprecatedAt instanceof Date) warning.deprecatedAt = deprecatedAt;
    if (sunsetAt) warning.sunsetAt = sunsetAt;
    this.#warn(warning);
  }
}

/** `@1688169599` (RFC 9745), an HTTP date (drafts), or `true`; anything else counts as "deprecated, date unknown". */
export function parseDeprecation(value: string | null): Date | true | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  const epoch = /^@(-?\d+)$/.exec(trimmed);
  if (epoch) {
    const date = new Date(Number(epoch[1]) * 1000);
    return Number.isNaN(date.getTime()) ? true : date;
  }
  return parseHttpDate(trimmed) ?? true;
}

export function parseHttpDate(value: string | null): Date | undefined {
  if (value === null || !/[A-Za-z]{3}/.test(value) || !/\d{2}:\d{2}:\d{2}/.test(value)) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}
