// npm run spec:vendor -- <upstream path or URL>: cuts the operations spec/selection.yaml names out of
// a full Atlas Admin API v2 document, records its provenance, applies the declared fix-ups, lints,
// regenerates the types, type-checks src/ against them, and prints what changed against the
// fragment it replaces. Nothing is written unless every step succeeds.
import { readFile } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { writeFilesAtomically } from "./lib/write-files-atomically.js";
import { cutFragment } from "./spec/cut-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./spec/derive.js";
import { diffFragments, formatChanges, releaseFor } from "./spec/fragment-diff.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "./spec/layout.js";
import { lintFragmentBeforeWriting } from "./spec/lint-fragment.js";
import type { OpenApiDocument } from "./spec/openapi-document.js";
import { readUpstream } from "./spec/read-upstream.js";
import { serializeSourceRecord, sourceRecord } from "./spec/source-record.js";
import { timed } from "./spec/timed.js";
import { toYaml } from "./spec/to-yaml.js";
import { requireTypesCompile } from "./spec/type-check.js";

runScript("spec:vendor", async (args) => {
  if (args.length !== 1)
    throw new ScriptError("usage: npm run spec:vendor -- <upstream v2 document: path or URL>", 2);
  const selection = pipelineSelection();
  const upstream = await timed("read upstream", () => readUpstream(args[0]!));
  const cut = await timed("cut", () => cutFragment(upstream.document, upstream.location, selection));
  const cutYaml = toYaml(cut.fragment);
  const derived = await deriveFragment(cut.fragment, await readFile(fromRoot(pipelineFiles.fixups), "utf8"));
  await timed("lint", () =>
    lintFragmentBeforeWriting(derived.fragmentYaml, `the fragment cut from ${upstream.location}`),
  );
  const generated = await derivedFiles(derived);
  await timed("type-check src/ against the new types", async () =>
    requireTypesCompile(generated, "spec:vendor"),
  );
  const selectionText = await readFile(fromRoot(pipelineFiles.selection), "utf8");
  const files = new Map([
    [pipelineFiles.upstreamCut, cutYaml],
    [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml, selectionText))],
    ...generated,
  ]);
  const xgenSha = String(upstream.document.info["x-xgen-sha"]);
  files.set("package.json", await packageJsonRecording(xgenSha));
  const previous = await previousCut();
  const changes = previous ? diffFragments(previous, cut.fragment) : [];
  const release = releaseFor(changes);
  // An update that changes the fragment is a release; the change report says which kind, and is its text.
  if (release !== "none")
    files.set(
      `.changeset/atlas-spec-${xgenSha.slice(0, 8)}.md`,
      changeset(release, xgenSha, formatChanges(changes)),
    );
  await writeFilesAtomically(new Map([...files].map(([path, content]) => [fromRoot(path), content])));

  console.log(
    `spec:vendor: cut ${cut.selected.operations.length} operations on ${Object.keys(cut.fragment.paths).length} paths from ${upstream.location} (x-xgen-sha ${xgenSha})`,
  );
  for (const note of cut.selected.unmatched)
    console.log(`spec:vendor: note: ${pipelineFiles.selection}: ${note} matches nothing upstream; review it`);
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
  return `---\n"atlas-peering-client": ${release}\n---\n\nTypes regenerated from MongoDB's Atlas Admin API v2 document, x-xgen-sha ${xgenSha}. What changed in the vendored fragment:\n\n\`\`\`\n${report}\`\`\`\n`;
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
