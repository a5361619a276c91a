import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What `npm install atlas-peering-client` puts on disk must stay within this: 1.3 MB (1.3 * 10^6
 * bytes), counted as the sum of the installed files' sizes (block sizes differ between file
 * systems; file sizes do not). 1 MB until declared peering and the `atlas-peering` command
 * (issue 18) added about 210 kB. Checked by test/consumer/production-install.test.ts, reported in
 * BENCHMARKS.md.
 */
export const installBudgetBytes = 1_300_000;

export interface InstalledPackage {
  name: string;
  version: string;
  license: string;
  bytes: number;
}

export interface InstalledSize {
  /** Every file under node_modules, added up. */
  bytes: number;
  packages: InstalledPackage[];
}

function bytesUnder(path: string): number {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return 0;
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, entry) => total + bytesUnder(join(path, entry)), 0);
}

/** The packages installed in a project's node_modules (scoped ones included), with their sizes. */
export function installedSize(project: string): InstalledSize {
  const modules = join(project, "node_modules");
  const packages: InstalledPackage[] = [];
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory)) {
      if (entry.startsWith(".")) continue;
      const path = join(directory, entry);
      if (entry.startsWith("@")) {
        visit(path);
        continue;
      }
      const manifest = JSON.parse(readFileSync(join(path, "package.json"), "utf8")) as {
        name: string;
        version: string;
        license?: string;
      };
      packages.push({
        name: manifest.name,
        version: manifest.version,
        license: manifest.license ?? "(none)",
        bytes: bytesUnder(path),
      });
      const nested = join(path, "node_modules");
      try {
        if (lstatSync(nested).isDirectory()) visit(nested);
      } catch {
        // No nested node_modules.
      }
    }
  };
  visit(modules);
  packages.sort((a, b) => b.bytes - a.bytes);
  return { bytes: bytesUnder(modules), packages };
}
