import { packageVersion } from "../version.js";

/** `atlas-peering-client/<version> (Node.js <version>; <platform>)`, plus the caller's suffix. */
export function userAgent(suffix: string | undefined): string {
  const base = `atlas-peering-client/${packageVersion} (Node.js ${process.versions.node}; ${process.platform})`;
  return suffix ? `${base} ${suffix}` : base;
}
