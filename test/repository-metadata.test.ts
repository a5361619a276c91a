import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { fromRoot } from "../scripts/spec/layout.js";
import { runNodeScript } from "./helpers/run-node-script.js";

// scripts/fill-repository-metadata.ts, as the release workflow runs it before `changeset publish`:
// on a copy of this package.json, with GitHub Actions' environment variables.
const directory = mkdtempSync(join(tmpdir(), "atlas-metadata-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const original = readFileSync(fromRoot("package.json"), "utf8");

let copies = 0;
async function fill(env: Record<string, string | undefined>, manifest: string = original) {
  const folder = join(directory, String((copies += 1)));
  mkdirSync(folder);
  const path = join(folder, "package.json");
  writeFileSync(path, manifest);
  const run = await runNodeScript("scripts/fill-repository-metadata.ts", [path], {
    GITHUB_REPOSITORY: undefined,
    GITHUB_SERVER_URL: undefined,
    ...env,
  });
  return { ...run, path, text: readFileSync(path, "utf8") };
}
const github = {
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "Octo-Org/atlas-peering-client",
};

describe("fill-repository-metadata", () => {
  test("fills repository, homepage (the Pages site) and bugs from GITHUB_REPOSITORY, as npm reads them", async () => {
    const run = await fill(github);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // npm's own reading of the file, as `npm publish` will read it.
    const read = JSON.parse(
      execFileSync("npm", ["pkg", "get", "repository", "homepage", "bugs", "name"], {
        cwd: join(run.path, ".."),
        encoding: "utf8",
      }),
    );
    expect(read).toEqual({
      repository: { type: "git", url: "git+https://github.com/Octo-Org/atlas-peering-client.git" },
      homepage: "https://octo-org.github.io/atlas-peering-client/",
      bugs: { url: "https://github.com/Octo-Org/atlas-peering-client/issues" },
      name: "atlas-peering-client",
    });
    // Everything else is as it was, in the same order, the three placed after `license`.
    const before = JSON.parse(original) as Record<string, unknown>;
    const after = JSON.parse(run.text) as Record<string, unknown>;
    const keys = Object.keys(before);
    expect(Object.keys(after)).toEqual([
      ...keys.slice(0, keys.indexOf("license") + 1),
      "repository",
      "homepage",
      "bugs",
      ...keys.slice(keys.indexOf("license") + 1),
    ]);
    for (const key of keys) expect(after[key]).toEqual(before[key]);
    expect(run.stdout).toContain("homepage https://octo-org.github.io/atlas-peering-client/");
  });

  test("points the README's API reference link at the homepage, for the npm page", async () => {
    const folder = join(directory, "with-readme");
    mkdirSync(folder);
    const path = join(folder, "package.json");
    writeFileSync(path, original);
    writeFileSync(join(folder, "README.md"), readFileSync(fromRoot("README.md"), "utf8"));
    const run = await runNodeScript("scripts/fill-repository-metadata.ts", [path], github);
    expect(run.status, run.stderr).toBe(0);
    const readme = readFileSync(join(folder, "README.md"), "utf8");
    expect(readme).toContain("[API reference](https://octo-org.github.io/atlas-peering-client/)");
    expect(readme).not.toContain("<!-- api-reference -->");
  });

  test("runs twice to the same file: a re-run of the publish job is harmless", async () => {
    const once = await fill(github);
    const twice = await fill(github, once.text);
    expect(twice.status).toBe(0);
    expect(twice.text).toBe(once.text);
  });

  test("the <owner>.github.io repository's site is the root; an Enterprise server's homepage is the repository", async () => {
    const site = await fill({ ...github, GITHUB_REPOSITORY: "Octo-Org/octo-org.github.io" });
    expect(JSON.parse(site.text).homepage).toBe("https://octo-org.github.io/");
    const enterprise = await fill({
      GITHUB_SERVER_URL: "https://git.example.com",
      GITHUB_REPOSITORY: "team/client",
    });
    expect(JSON.parse(enterprise.text)).toMatchObject({
      repository: { url: "git+https://git.example.com/team/client.git" },
      homepage: "https://git.example.com/team/client#readme",
      bugs: { url: "https://git.example.com/team/client/issues" },
    });
  });

  test.each([
    [{ GITHUB_SERVER_URL: "https://github.com" }, "GITHUB_REPOSITORY is not set"],
    [{ GITHUB_REPOSITORY: "o/r" }, "GITHUB_SERVER_URL is not set"],
    [
      { ...github, GITHUB_REPOSITORY: "just-a-name" },
      'GITHUB_REPOSITORY must be owner/name, not "just-a-name"',
    ],
    [{ ...github, GITHUB_REPOSITORY: "o/r/extra" }, "GITHUB_REPOSITORY must be owner/name"],
    [{ ...github, GITHUB_REPOSITORY: "o/.." }, "GITHUB_REPOSITORY must be owner/name"],
    [{ ...github, GITHUB_SERVER_URL: "http://github.com" }, "GITHUB_SERVER_URL must be an https origin"],
    [{ ...github, GITHUB_SERVER_URL: "not a url" }, "GITHUB_SERVER_URL is not a URL"],
  ])("%o: one line, exit 1, package.json untouched", async (env, message) => {
    const run = await fill(env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^fill-repository-metadata: error: ${escape(message)}[^\\n]*\\n$`));
    expect(run.text).toBe(original);
  });

  test("a package.json that already names another repository is refused, not overwritten", async () => {
    const manifest = JSON.stringify(
      {
        ...JSON.parse(original),
        repository: { type: "git", url: "git+https://github.com/someone/else.git" },
      },
      null,
      2,
    );
    const run = await fill(github, manifest);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("package.json's repository is");
    expect(run.stderr).toContain("git+https://github.com/Octo-Org/atlas-peering-client.git");
    expect(run.text).toBe(manifest);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
