/** The peers resource has one version; every request date on or after it resolves to it. */
export const peersResourceVersion = "2023-01-01";

export type VersionResolution =
  | { ok: true; requested: string; resolved: string }
  | { ok: false; status: 406 | 410; errorCode: "INVALID_VERSION_DATE" | "VERSION_GONE"; detail: string };

const versionedMediaType = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/;

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
  if (requested < peersResourceVersion) {
    return {
      ok: false,
      status: 406,
      errorCode: "INVALID_VERSION_DATE",
      detail: `No resource version exists on or before ${requested}.`,
    };
  }
  return { ok: true, requested, resolved: peersResourceVersion };
}
