import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { fromRoot } from "../scripts/spec/layout.js";

// `npm ci` runs no dependency's install script unless package.json's `allowScripts` names it
// (npm 11), and warns about each one it skipped. What it installs is package-lock.json, so these
// checks read that: a quiet `npm ci` is one where every package with an install script has been
// decided on, and one esbuild serves every tool (tsup, tsx, vitest, size-limit and the bundler
// tests) instead of a second copy that tsup's own range would pull in.
const manifest = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as {
  allowScripts?: Record<string, boolean>;
  overrides?: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(fromRoot("package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};
const installed = Object.entries(lock.packages)
  .filter(([path]) => path.startsWith("node_modules/"))
  .map(([path, entry]) => ({ name: path.slice(path.lastIndexOf("node_modules/") + 13), ...entry }));

describe("npm ci", () => {
  test("every package with an install script is allowed or denied in allowScripts", () => {
    const decided = Object.keys(manifest.allowScripts ?? {}).map((key) => key.replace(/(?<=.)@.*$/, ""));
    const withScripts = installed.filter((entry) => entry.hasInstallScript).map((entry) => entry.name);
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
  });

  test("installs one esbuild, the version package.json pins", () => {
    const copies = installed.filter((entry) => entry.name === "esbuild").map((entry) => entry.version);
    expect(copies).toEqual([manifest.devDependencies.esbuild]);
    expect(manifest.overrides?.esbuild).toBe("$esbuild");
  });
});
