import type { AtlasWarning } from "../observability/warnings.js";

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
