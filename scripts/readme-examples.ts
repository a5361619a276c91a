// npm run readme:sync: the README's code samples are the files under examples/ (which tsc
// type-checks with the rest of the project). Each `<!-- example: examples/x.ts -->` marker is
// followed by that file as a ts block; `--demo` also refreshes the block after
// `<!-- demo-output -->` with a fresh run of the demo. Without --write, it only checks.
import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot } from "./spec/layout.js";

const exampleMarker = /<!-- example: (examples\/[\w.-]+\.ts) -->\n(?:```ts\n[\s\S]*?\n```\n)?/g;
const demoMarker = /<!-- demo-output -->\n```text\n[\s\S]*?```\n/;

/** The README as it should be: every example marker followed by that file's current text. */
export async function readmeWithExamples(readme: string): Promise<string> {
  let result = "";
  let last = 0;
  for (const match of readme.matchAll(exampleMarker)) {
    const code = (await readFile(fromRoot(match[1]!), "utf8")).trimEnd();
    result += `${readme.slice(last, match.index)}<!-- example: ${match[1]} -->\n\`\`\`ts\n${code}\n\`\`\`\n`;
    last = match.index! + match[0].length;
  }
  return result + readme.slice(last);
}

runScript("readme:sync", async (args) => {
  const path = fromRoot("README.md");
  const readme = await readFile(path, "utf8");
  let expected = await readmeWithExamples(readme);
  const referenced = [...readme.matchAll(exampleMarker)].map((match) => match[1]);
  const unreferenced = (await readdir(fromRoot("examples"))).filter(
    (file) => file.endsWith(".ts") && !referenced.includes(`examples/${file}`),
  );
  if (unreferenced.length > 0)
    throw new ScriptError(`examples not shown in the README: ${unreferenced.join(", ")}`);

  if (args.includes("--demo")) {
    const demo = spawnSync(process.execPath, ["--import", "tsx", fromRoot("demo/walkthrough.ts")], {
      encoding: "utf8",
    });
    if (demo.status !== 0) throw new ScriptError(`the demo failed: ${demo.stderr}`);
    expected = expected.replace(
      demoMarker,
      `<!-- demo-output -->\n\`\`\`text\n$ npm run demo\n${demo.stdout.trimEnd()}\n\`\`\`\n`,
    );
  }
  if (args.includes("--write")) {
    await writeFile(path, expected);
    console.log("readme:sync: README.md updated from examples/");
  } else if (expected !== readme) {
    throw new ScriptError("README.md's code samples differ from examples/: run npm run readme:sync");
  } else console.log("readme:sync: README.md shows examples/ as they are");
});
