import { access, readdir } from "node:fs/promises";
import type { ScriptIO } from "../../lib/run-script.js";
import { ScriptError } from "../../lib/script-error.js";
import { findStaleFiles, readIfPresent, type StaleFile } from "../compare-files.js";
import { cutFragment } from "../cut-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "../derive.js";
import { checkSpecFacts } from "../facts/check-spec-facts.js";
import { fromRoot, pipelineFiles, pipelineSelection } from "../layout.js";
import type { OpenApiDocument } from "../openapi-document.js";
import { readUpstream } from "../read-upstream.js";
import {
  readSourceRecord,
  serializeSourceRecord,
  sha256,
  sourceRecord,
  type SourceRecord,
} from "../source-record.js";
import { timed } from "../timed.js";
import { toYaml } from "../to-yaml.js";
import { redundantFixupNotes } from "./notes.js";

/**
 * npm run check:generated: recomputes, in memory, every file the spec pipeline writes and fails
 * with a readable diff, and the command to run, when spec/ or generated/ is stale; then holds the
 * spec facts of src/ (src/spec-facts.ts) to the fragment, and says which fix-ups upstream has made
 * unnecessary. (openapi-
 * typescript's own --check compares its output before prettier formats it, so it cannot serve.)
 */
export async function checkGenerated(_args: string[], io: ScriptIO): Promise<void> {
  const record = await requireSourceRecord();
  const cutText = await readIfPresent(pipelineFiles.upstreamCut);
  if (cutText === undefined)
    throw new ScriptError(
      `${pipelineFiles.upstreamCut} is missing: run npm run spec:vendor -- ${record.upstream.location}`,
    );
  const revendor = `npm run spec:vendor -- ${record.upstream.location}`;

  if (sha256(cutText) !== record.cut.sha256) {
    throw new ScriptError(
      `${pipelineFiles.upstreamCut} is not what spec:vendor wrote (its sha256 differs from ${pipelineFiles.source}); ` +
        `it must never be edited by hand: put fix-ups in ${pipelineFiles.fixups}, then run ${revendor}`,
    );
  }

  const selectionText = (await readIfPresent(pipelineFiles.selection)) ?? "";
  if (sha256(selectionText) !== record.selection?.sha256) {
    throw new ScriptError(
      `${pipelineFiles.selection} changed since the last vendoring (its sha256 differs from ${pipelineFiles.source}): run ${revendor}`,
    );
  }

  const vendorStale = await timed("re-cut the upstream and compare", () =>
    checkAgainstUpstream(record, selectionText, io),
  );
  const overlay = (await readIfPresent(pipelineFiles.fixups)) ?? "";
  const derived = await timed("fix-ups", () =>
    deriveFragment(parsePipelineYaml(cutText, pipelineFiles.upstreamCut) as OpenApiDocument, overlay),
  );
  const expected = await derivedFiles(derived);
  const generateStale = [...(await findStaleFiles(expected)), ...(await strayFiles(expected))];

  for (const note of redundantFixupNotes(derived.redundantFixups)) io.out(`check:generated: note: ${note}\n`);
  if (vendorStale.length + generateStale.length === 0) {
    checkSpecFacts(derived.fragment, pipelineFiles.fragment);
    io.out(
      `check:generated: spec/ and generated/ are fresh and the spec facts of src/ hold (upstream x-xgen-sha ${record.upstream["x-xgen-sha"]})\n`,
    );
    return;
  }
  for (const file of [...vendorStale, ...generateStale]) io.err(`${file.diff}\n\n`);
  const fix = vendorStale.length > 0 ? revendor : "npm run generate";
  const names = [...vendorStale, ...generateStale].map((file) => file.path).join(", ");
  throw new ScriptError(`stale: ${names}. Run \`${fix}\` and commit the result.`);
}

async function requireSourceRecord(): Promise<SourceRecord> {
  const record = await readSourceRecord();
  if (record === undefined)
    throw new ScriptError(
      `${pipelineFiles.source} is missing: vendor the spec with npm run spec:vendor -- <upstream>`,
    );
  return record;
}

/**
 * When the recorded upstream is a file that this machine has (CI has ../shared beside the clone),
 * cuts it again and compares the cut and SOURCE.json byte for byte. A URL is not downloaded: the
 * check stays offline and the cut is then verified by its recorded sha256 alone.
 */
async function checkAgainstUpstream(
  record: SourceRecord,
  selectionText: string,
  io: ScriptIO,
): Promise<StaleFile[]> {
  const { location } = record.upstream;
  if (/^https?:\/\//i.test(location)) return [];
  try {
    await access(fromRoot(location));
  } catch {
    // CI has the upstream beside the clone and sets this, so there a wrong location is an error.
    if (io.env.ATLAS_REQUIRE_UPSTREAM)
      throw new ScriptError(`upstream ${location} (from ${pipelineFiles.source}) is not on this machine`);
    io.out(
      `check:generated: upstream ${location} is not on this machine; the cut is checked by its recorded sha256 only\n`,
    );
    return [];
  }
  const upstream = await readUpstream(fromRoot(location));
  const cut = await cutFragment(upstream.document, upstream.location, pipelineSelection());
  const cutYaml = toYaml(cut.fragment);
  return findStaleFiles(
    new Map([
      [pipelineFiles.upstreamCut, cutYaml],
      [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml, selectionText))],
    ]),
  );
}

/**
 * Files in generated/ and spec/upstream/ that the pipeline no longer writes (a fragment renamed in
 * the selection leaves its old files behind): stale too, since src/ could still import them.
 */
async function strayFiles(expected: ReadonlyMap<string, string>): Promise<StaleFile[]> {
  const wanted = new Set([...expected.keys(), pipelineFiles.upstreamCut]);
  const stray: StaleFile[] = [];
  for (const directory of ["generated", "spec/upstream"]) {
    let names: string[] = [];
    try {
      names = await readdir(fromRoot(directory));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = `${directory}/${name}`;
      if (!wanted.has(path)) stray.push({ path, diff: `${path} is not written by the pipeline: remove it` });
    }
  }
  return stray;
}
