import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { fromRoot } from "../scripts/spec/layout.js";

// Every link of the README and of the guides it links to resolves where a package user reads them:
// a file the tarball holds (package.json's `files`), and an anchor that exists in it. npm renders
// the README from the tarball, and links relative files against the package's repository.
const documents = ["README.md", ...readdirSync(fromRoot("guide")).map((file) => `guide/${file}`)];
const { files } = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { files: string[] };

/** GitHub's (and npm's) heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const outsideCode = markdown.replace(/```[\s\S]*?```/g, "");
  for (const [, heading] of outsideCode.matchAll(/^#{1,6} (.*)$/gm)) {
    const base = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    let anchor = base;
    for (let index = 1; anchors.has(anchor); index += 1) anchor = `${base}-${index}`;
    anchors.add(anchor);
  }
  return anchors;
}

function shipped(path: string): boolean {
  return files.some((entry) => path === entry || path.startsWith(`${entry.replace(/\/$/, "")}/`));
}

describe("the README's and the guides' links", () => {
  test.each(documents)(
    "every link of %s resolves in the package: a shipped file, an anchor that exists",
    (document) => {
      const text = readFileSync(fromRoot(document), "utf8").replace(/```[\s\S]*?```/g, "");
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const [path = "", anchor] = target!.split("#");
        const file = path === "" ? document : normalize(join(dirname(document), path));
        if (relative(fromRoot("."), fromRoot(file)).startsWith("..") || !existsSync(fromRoot(file))) {
          broken.push(`${target}: no such file`);
          continue;
        }
        if (!shipped(file)) broken.push(`${target}: ${file} is not in the package (package.json's files)`);
        if (anchor !== undefined && !anchorsOf(readFileSync(fromRoot(file), "utf8")).has(anchor))
          broken.push(`${target}: ${file} has no heading for #${anchor}`);
      }
      expect(broken).toEqual([]);
    },
  );

  test("the README installs and calls the client within its first 60 lines", () => {
    const head = readFileSync(fromRoot("README.md"), "utf8").split("\n").slice(0, 60).join("\n");
    expect(head).toContain("npm install atlas-peering-client");
    expect(head).toMatch(/createAtlasClient\(/);
  });

  test("the check is not vacuous: it reads links and anchors", () => {
    expect(anchorsOf("## Testing your own code: `atlas-peering-client/testing`")).toEqual(
      new Set(["testing-your-own-code-atlas-peering-clienttesting"]),
    );
    expect(shipped("guide/errors.md")).toBe(true);
    expect(shipped("src/index.ts")).toBe(false);
  });
});
