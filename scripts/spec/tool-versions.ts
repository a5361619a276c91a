import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The installed version of a package, as its package.json says. */
export function installedVersion(packageName: string): string {
  return (require(`${packageName}/package.json`) as { version: string }).version;
}
