// npm run release:check: the package version, the CHANGELOG, the built files and the spec
// provenance agree, so that what is published says what it is.
import { readFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";

runScript("release:check", async () => {
  const pkg = JSON.parse(await readFile(fromRoot("package.json"), "utf8")) as {
    version: string;
    atlasOpenApi?: Record<string, string>;
  };
  const source = JSON.parse(await readFile(fromRoot(pipelineFiles.source), "utf8")) as {
    upstream: { "x-xgen-sha": string };
  };
  const problems: string[] = [];

  const versionSource = /packageVersion = "([^"]+)"/.exec(
    await readFile(fromRoot("src/version.ts"), "utf8"),
  )?.[1];
  if (versionSource !== pkg.version)
    problems.push(
      `src/version.ts says ${versionSource}, package.json ${pkg.version} (run npm run release:version)`,
    );

  const changelogTop = /^## (\S+)/m.exec(await readFile(fromRoot("CHANGELOG.md"), "utf8"))?.[1];
  if (changelogTop !== pkg.version)
    problems.push(`CHANGELOG.md's newest entry is ${changelogTop}, package.json ${pkg.version}`);

  for (const built of ["dist/index.js", "dist/index.cjs"]) {
    let text = "";
    try {
      text = await readFile(fromRoot(built), "utf8");
    } catch {
      problems.push(`${built} is missing (run npm run build)`);
      continue;
    }
    const builtVersion = /packageVersion = "([^"]+)"/.exec(text)?.[1];
    if (builtVersion !== pkg.version)
      problems.push(
        `${built} was built as ${builtVersion}, package.json is ${pkg.version} (run npm run build)`,
      );
  }

  if (pkg.atlasOpenApi?.["x-xgen-sha"] !== source.upstream["x-xgen-sha"]) {
    problems.push(
      `package.json atlasOpenApi.x-xgen-sha is ${pkg.atlasOpenApi?.["x-xgen-sha"]}, ${pipelineFiles.source} says ${source.upstream["x-xgen-sha"]} (re-vendor)`,
    );
  }

  if (problems.length > 0) throw new ScriptError(problems.join("; "));
  console.log(
    `release:check: version ${pkg.version} agrees in package.json, src/version.ts, CHANGELOG.md and dist/; built from x-xgen-sha ${source.upstream["x-xgen-sha"]}`,
  );
});
