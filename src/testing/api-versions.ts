import fragment from "../../generated/atlas-network-peering.fragment.json" with { type: "json" };
import { specFacts } from "../spec-facts.js";

/**
 * The API versions (`application/vnd.atlas.<date>+json`) a fragment's operations have, oldest
 * first: every such media type of a request body or an answer. Derived from the vendored fragment,
 * never written by hand, so that the local Atlas follows upstream; the spec pipeline uses this same
 * function to report a change of these versions and rate its release (README, "Spec facts").
 */
export function fragmentApiVersions(document: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const date = versionedMediaType.exec(key)?.[1];
      if (date && key === `application/vnd.atlas.${date}+json`) found.add(date);
      visit(value);
    }
  };
  visit(
    typeof document === "object" && document !== null ? (document as { paths?: unknown }).paths : undefined,
  );
  return [...found].sort();
}

const versionedMediaType = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/;

/** The versions the local Atlas serves: the vendored fragment's (see fragmentApiVersions). */
export const apiVersions: readonly string[] = fragmentApiVersions(fragment as unknown);

/**
 * The version the local Atlas answers in: the newest on or before the client's default API
 * version (2023-01-01 today, the peers resource's only one). The pipeline's spec facts step stops
 * any vendoring after which the default resolves to no version, so the fallback is never used.
 */
export const peersResourceVersion: string =
  apiVersions.filter((version) => version <= specFacts.defaultApiVersion).at(-1) ??
  apiVersions[0] ??
  specFacts.defaultApiVersion;

export type VersionResolution =
  | { ok: true; requested: string; resolved: string }
  | { ok: false; status: 406 | 410; errorCode: "INVALID_VERSION_DATE" | "VERSION_GONE"; detail: string };

/**
 * Resolves `Accept: application/vnd.atlas.<date>+json` the way Atlas does: to the newest resource
 * version on or before the date. A missing or malformed date, or one before any resource version,
 * is 406 INVALID_VERSION_DATE; a date configured as sunset is 410 VERSION_GONE.
 */
export function resolveApiVersion(
  accept: string | undefined,
  sunsetVersions: ReadonlySet<string>,
): VersionResolution {
  const requested = accept ? versionedMediaType.exec(accept)?.[1] : undefined;
  if (!requested || Number.isNaN(Date.parse(`${requested}T00:00:00Z`))) {
    return {
      ok: false,
      status: 406,
      errorCode: "INVALID_VERSION_DATE",
      detail: "Accept must name an API version: application/vnd.atlas.YYYY-MM-DD+json.",
    };
  }
  if (sunsetVersions.has(requested)) {
    return {
      ok: false,
      status: 410,
      errorCode: "VERSION_GONE",
      detail: `API version ${requested} has been removed.`,
    };
  }
  const resolved = apiVersions.filter((version) => version <= requested).at(-1);
  if (resolved === undefined) {
    return {
      ok: false,
      status: 406,
      errorCode: "INVALID_VERSION_DATE",
      detail: `No resource version exists on or before ${requested}.`,
    };
  }
  return { ok: true, requested, resolved };
}
