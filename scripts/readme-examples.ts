// npm run readme:sync: the code samples of the README and of the guides under guide/ are the files
// under examples/ (which tsc type-checks with the rest of the project). Each
// `<!-- example: examples/x.ts -->` marker is followed by that file as a ts block, and every
// example is shown in one of those documents; `--demo` also refreshes the README's block after
// `<!-- demo-output -->` with a fresh run of the demo. Without --write, it only checks.
import { spawnSync } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { fromRoot } from "./spec/layout.js";

const exampleMarker = /<!-- example: (examples\/[\w.-]+\.ts) -->\n(?:```ts\n[\s\S]*?\n```\n)?/g;
const demoMarker = /<!-- demo-output -->\n```text\n[\s\S]*?```\n/;

/** The documents that show examples: the README (the npm page) and the guides it links to. */
export async function documentsWithExamples(): Promise<string[]> {
  const guides = (await readdir(fromRoot("guide"))).filter((file) => file.endsWith(".md")).sort();
  return ["README.md", ...guides.map((file) => `guide/${file}`)];
}

/** A document as it should be: every example marker followed by that file's current text. */
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
  const referenced = new Set<string>();
  const stale: string[] = [];
  for (const document of await documentsWithExamples()) {
    const path = fromRoot(document);
    const text = await readFile(path, "utf8");
    for (const match of text.matchAll(exampleMarker)) referenced.add(match[1]!);
    let expected = await readmeWithExamples(text);
    if (document === "README.md" && args.includes("--demo")) {
      const demo = spawnSync(process.execPath, ["--import", "tsx", fromRoot("demo/walkthrough.ts")], {
        encoding: "utf8",
      });
      if (demo.status !== 0) throw new ScriptError(`the demo failed: ${demo.stderr}`);
      expected = expected.replace(
        demoMarker,
        `<!-- demo-output -->\n\`\`\`text\n$ npm run demo\n${demo.stdout.trimEnd()}\n\`\`\`\n`,
      );
    }
    if (expected === text) continue;
    if (args.includes("--write")) await writeFile(path, expected);
    else stale.push(document);
  }
  const unreferenced = (await readdir(fromRoot("examples"))).filter(
    (file) => file.endsWith(".ts") && !referenced.has(`examples/${file}`),
  );
  if (unreferenced.length > 0)
    throw new ScriptError(`examples shown in neither the README nor a guide: ${unreferenced.join(", ")}`);
  if (stale.length > 0)
    throw new ScriptError(`${stale.join(", ")}: code samples differ from examples/: run npm run readme:sync`);
  console.log(
    args.includes("--write")
      ? "readme:sync: the README and the guides show examples/ as they are (updated)"
      : "readme:sync: the README and the guides show examples/ as they are",
  );
});
