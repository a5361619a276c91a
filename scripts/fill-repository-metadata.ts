// Run by `npm run release:publish` in the release workflow, before `changeset publish`: fills
// package.json's repository, homepage and bugs from the repository the workflow runs in
// (scripts/lib/repository-metadata.ts says how and why), and points the README's API reference
// link at that homepage. Usage: fill-repository-metadata.ts
// [path to package.json, default the repository's]. Bad input is one line and exit code 1.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runScript } from "./lib/run-script.js";
import { repositoryMetadata, withRepositoryMetadata } from "./lib/repository-metadata.js";
import { fromRoot } from "./spec/layout.js";

runScript("fill-repository-metadata", async (args) => {
  const path = args[0] ?? fromRoot("package.json");
  const metadata = repositoryMetadata(process.env);
  const manifest = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
  await writeFile(path, `${JSON.stringify(withRepositoryMetadata(manifest, metadata), null, 2)}\n`);
  // The README's link to the API reference (its own section, in a clone) points at the reference
  // site on the npm page: one link away for a package user.
  const readme = join(dirname(path), "README.md");
  if (existsSync(readme)) {
    const text = await readFile(readme, "utf8");
    await writeFile(
      readme,
      text.replace(
        "<!-- api-reference -->[API reference](#api-reference)",
        `[API reference](${metadata.homepage})`,
      ),
    );
  }
  console.log(
    `fill-repository-metadata: ${metadata.repository.url}, homepage ${metadata.homepage}, bugs ${metadata.bugs.url}`,
  );
});
