// npm run check:generated: recomputes, in memory, every file the spec pipeline writes and fails
// with a readable diff, and the command to run, when spec/ or generated/ is stale. (openapi-
// typescript's own --check compares its output before prettier formats it, so it cannot serve.)
import { access } from "node:fs/promises";
import { runScript } from "./lib/run-script.js";
import { ScriptError } from "./lib/script-error.js";
import { findStaleFiles, readIfPresent, type StaleFile } from "./spec/compare-files.js";
import { cutPeersFragment } from "./spec/cut-peers-fragment.js";
import { deriveFragment, derivedFiles, parsePipelineYaml } from "./spec/derive.js";
import { fromRoot, pipelineFiles } from "./spec/layout.js";
import type { OpenApiDocument } from "./spec/openapi-document.js";
import { readUpstream } from "./spec/read-upstream.js";
import { serializeSourceRecord, sha256, sourceRecord, type SourceRecord } from "./spec/source-record.js";
import { timed } from "./spec/timed.js";
import { toYaml } from "./spec/to-yaml.js";

runScript("check:generated", async () => {
  const record = await readSourceRecord();
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

  const vendorStale = await timed("re-cut the upstream and compare", () => checkAgainstUpstream(record));
  const overlay = (await readIfPresent(pipelineFiles.fixups)) ?? "";
  const derived = await timed("fix-ups", () =>
    deriveFragment(parsePipelineYaml(cutText, pipelineFiles.upstreamCut) as OpenApiDocument, overlay),
  );
  const generateStale = await findStaleFiles(await derivedFiles(derived));

  if (vendorStale.length + generateStale.length === 0) {
    console.log(
      `check:generated: spec/ and generated/ are fresh (upstream x-xgen-sha ${record.upstream["x-xgen-sha"]})`,
    );
    return;
  }
  for (const file of [...vendorStale, ...generateStale]) console.error(`${file.diff}\n`);
  const fix = vendorStale.length > 0 ? revendor : "npm run generate";
  const names = [...vendorStale, ...generateStale].map((file) => file.path).join(", ");
  throw new ScriptError(`stale: ${names}. Run \`${fix}\` and commit the result.`);
});

async function readSourceRecord(): Promise<SourceRecord> {
  const text = await readIfPresent(pipelineFiles.source);
  if (text === undefined)
    throw new ScriptError(
      `${pipelineFiles.source} is missing: vendor the spec with npm run spec:vendor -- <upstream>`,
    );
  try {
    return JSON.parse(text) as SourceRecord;
  } catch {
    throw new ScriptError(
      `${pipelineFiles.source} is not valid JSON; it is written by spec:vendor and must not be edited by hand`,
    );
  }
}

/**
 * When the recorded upstream is a file that this machine has (CI has ../shared beside the clone),
 * cuts it again and compares the cut and SOURCE.json byte for byte. A URL is not downloaded: the
 * check stays offline and the cut is then verified by its recorded sha256 alone.
 */
async function checkAgainstUpstream(record: SourceRecord): Promise<StaleFile[]> {
  const { location } = record.upstream;
  if (/^https?:\/\//i.test(location)) return [];
  try {
    await access(fromRoot(location));
  } catch {
    // CI has the upstream beside the clone and sets this, so there a wrong location is an error.
    if (process.env.ATLAS_REQUIRE_UPSTREAM)
      throw new ScriptError(`upstream ${location} (from ${pipelineFiles.source}) is not on this machine`);
    console.log(
      `check:generated: upstream ${location} is not on this machine; the cut is checked by its recorded sha256 only`,
    );
    return [];
  }
  const upstream = await readUpstream(fromRoot(location));
  const cut = await cutPeersFragment(upstream.document, upstream.location);
  const cutYaml = toYaml(cut);
  return findStaleFiles(
    new Map([
      [pipelineFiles.upstreamCut, cutYaml],
      [pipelineFiles.source, serializeSourceRecord(sourceRecord(upstream, cut, cutYaml))],
    ]),
  );
}
