// Run by `npm run release:version` after `changeset version`: writes package.json's version into
// src/version.ts, which the client puts in its User-Agent (release:check keeps the two equal).
import { readFile, writeFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { fromRoot } from "./spec/layout.js";

runScript("sync-version", async () => {
  const { version } = JSON.parse(await readFile(fromRoot("package.json"), "utf8")) as { version: string };
  const file = fromRoot("src/version.ts");
  const source = await readFile(file, "utf8");
  await writeFile(file, source.replace(/packageVersion = "[^"]*"/, `packageVersion = "${version}"`));
  console.log(`sync-version: src/version.ts is ${version}`);
});
