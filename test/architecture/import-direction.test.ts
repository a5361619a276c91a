import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

// The runtime reads in one direction (README, "Architecture"): each folder imports only from the
// folders before it, type-only imports included, so that a newcomer can read it bottom-up and no
// change can tie two layers into a circle. A file at the top of src/ is a leaf everyone may read
// (types, facts, the version) or an entry that assembles the rest (the client, the index). The
// other entries (token-store, testing, declared) read the client through the package itself, and
// the CLI is a shell over declared.
const order = [
  ["(base)"],
  ["errors"],
  ["observability"],
  ["http"],
  ["auth"],
  ["client"],
  ["resources"],
  ["peers", "containers"],
  ["(entry)", "token-store", "testing", "declared"],
  ["cli"],
];
const baseFiles = new Set(["types.ts", "spec-facts.ts", "version.ts"]);
const entryFiles = new Set(["atlas-client.ts", "index.ts"]);

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function layerOf(file: string): string {
  const parts = relative(src, file).split(sep);
  if (parts.length > 1) return parts[0]!;
  if (baseFiles.has(parts[0]!)) return "(base)";
  if (entryFiles.has(parts[0]!)) return "(entry)";
  return `(unplaced: ${parts[0]})`;
}

function rankOf(layer: string): number {
  return order.findIndex((layers) => layers.includes(layer));
}

function sources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(m|c)?tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Every relative import and re-export of a file, type-only ones included, as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const targets: string[] = [];
  for (const match of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g,
  ))
    targets.push(resolve(dirname(file), (match[1] ?? match[2])!));
  return targets;
}

describe("the runtime's folders import in one direction", () => {
  const files = sources(src);

  test("every file of src/ is placed in a layer", () => {
    const unplaced = files.map(layerOf).filter((layer) => rankOf(layer) === -1);
    expect([...new Set(unplaced)]).toEqual([]);
  });

  test("no import goes up or across: errors -> observability -> http -> auth -> client -> resources -> peers, containers -> the client and index", () => {
    const against: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        if (!target.startsWith(src + sep)) continue;
        const to = layerOf(target);
        if (to === from) continue;
        const [fromRank, toRank] = [rankOf(from), rankOf(to)];
        // Peers and containers are side by side: neither reads the other.
        if (toRank >= fromRank)
          against.push(`${relative(src, file)} (${from}) imports ${relative(src, target)} (${to})`);
      }
    }
    expect(against).toEqual([]);
  });

  test("the check is not vacuous: it sees the imports it judges", () => {
    const transport = files.find((file) => file.endsWith(join("http", "exchange.ts")))!;
    expect(importsOf(transport).some((target) => layerOf(target) === "errors")).toBe(true);
    expect(rankOf("errors")).toBeLessThan(rankOf("http"));
  });
});
