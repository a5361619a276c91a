// npm run spec:vendor -- <upstream path or URL>: cuts the peers fragment out of a full Atlas Admin
// API v2 document, records its provenance, applies the declared fix-ups, lints, regenerates the
// types, and prints what changed against the fragment it replaces. Nothing is written unless every
// step succeeds.
import { readFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { writeFilesAtomically } from "./lib/write-files-atomically.js";
import { cutPeersFragment } from "./spec/cut-peers-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./spec/derive.js";
import { diffFragments, formatChanges, releaseFor } from "./spec/fragment-diff.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import { lintFragmentBeforeWriting } from "./spec/lint-fragment.js";
import type { OpenApiDocument } from "./spec/openapi-document.js";
import { readUpstream } from "./spec/read-upstream.js";
import { serializeSourceRecord, sourceRecord } from "./spec/source-record.js";
import { timed } from "./spec/timed.js";
import { toYaml } from "./spec/to-yaml.js";

runScript("spec:vendor", async (args) => {
  if (args.length !== 1)
    throw new ScriptError("usage: npm run spec:vendor -- <upstream v2 document: path or URL>", 2);
  const upstream = await timed("read upstream", () => readUpstream(args[0]!));
  const cut = await timed("cut", () => cutPeersFragment(upstream.document, upstream.location));
  const cutYaml = toYaml(cut);
  const derived = await deriveFragment(cut, await readFile(fromRoot(pipelineFiles.fixups), "utf8"));
  await timed("lint", () =>
    lintFragmentBeforeWriting(derived.fragmentYaml, `the fragment cut from ${upstream.location}`),
  );
  const files = new Map([
    [pipelineFiles.upstreamCut, cutYaml],
    [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml))],
    ...(await derivedFiles(derived)),
  ]);
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);
  files.set("package.json", await packageJsonRecording(xgenSha));
  const previous = await previousCut();
  const changes = previous ? diffFragments(previous, cut) : [];
  const release = releaseFor(changes);
  // An update that changes the fragment is a release; the change report says which kind, and is its text.
  if (release !== "none")
    files.set(
      `.changeset/atlas-spec-${xgenSha.slice(0, 8)}.md`,
      changeset(release, xgenSha, formatChanges(changes)),
    );
  await writeFilesAtomically(new Map([...files].map(([path, content]) => [fromRoot(path), content])));

  console.log(
    `spec:vendor: cut ${Object.keys(cut.paths).length} paths from ${upstream.location} (x-xgen-sha ${xgenSha})`,
  );
  if (previous) process.stdout.write(formatChanges(changes));
  console.log(`spec:vendor: wrote ${[...files.keys()].join(", ")}`);
});

/** package.json with `atlasOpenApi` naming the upstream the package is generated from. */
async function packageJsonRecording(xgenSha: string): Promise<string> {
  const pkg = JSON.parse(await readFile(fromRoot("package.json"), "utf8")) as Record<string, unknown>;
  pkg.atlasOpenApi = { "x-xgen-sha": xgenSha, source: pipelineFiles.source };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function changeset(release: "major" | "minor" | "patch", xgenSha: string, report: string): string {
  return `---\n"atlas-peering-client": ${release}\n---\n\nTypes regenerated from MongoDB's Atlas Admin API v2 document, x-xgen-sha ${xgenSha}. What changed in the peers fragment:\n\n\`\`\`\n${report}\`\`\`\n`;
}

/** The cut being replaced, for the change report; absent on the first vendoring. */
async function previousCut(): Promise<OpenApiDocument | undefined> {
  try {
    return parsePipelineYaml(
      await readFile(fromRoot(pipelineFiles.upstreamCut), "utf8"),
      pipelineFiles.upstreamCut,
    ) as OpenApiDocument;
  } catch {
    return undefined;
  }
}
