import { spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePipelineCopy } from "../test/helpers/pipeline-copy.js";
import { fromRoot } from "../scripts/spec/layout.js";
import { sharedUpstream } from "../test/helpers/shared-upstream.js";

/**
 * Item 6: wall time of `npm run generate`, `npm run check:generated` and the change report on
 * MongoDB's 2025 and 2026 documents (`npm run spec:diff`), and how much of it each step takes (the
 * scripts print `timing:` lines when ATLAS_PIPELINE_TIMINGS is set); and how long `spec:vendor`
 * takes to refuse a 200 MiB file (a sparse one: nothing is written to disk). generate runs in a
 * copy of spec/ and generated/, so the working tree is not touched.
 */
export interface PipelineResult {
  command: string;
  wallMs: number;
  steps: Array<{ step: string; ms: number }>;
}

export function measurePipeline(): PipelineResult[] {
  const copy = makePipelineCopy();
  try {
    return [
      run("npm run generate", ["run", "generate"], { ATLAS_PIPELINE_ROOT: copy.root }),
      run("npm run check:generated", ["run", "check:generated"], {}),
      run(
        "npm run spec:diff -- <2025 document> <2026 document>",
        ["run", "spec:diff", "--", sharedUpstream.older, sharedUpstream.newest],
        {},
      ),
      refusalOfHugeFile(),
    ];
  } finally {
    copy.remove();
  }
}

function refusalOfHugeFile(): PipelineResult {
  const directory = mkdtempSync(join(tmpdir(), "atlas-bench-huge-"));
  try {
    const huge = join(directory, "huge.yaml");
    const descriptor = openSync(huge, "w");
    ftruncateSync(descriptor, 200 * 1024 * 1024);
    closeSync(descriptor);
    return run("npm run spec:vendor -- <200 MiB file> (refused)", ["run", "spec:vendor", "--", huge], {}, 1);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, expectedStatus = 0): PipelineResult {
  const started = performance.now();
  const result = spawnSync("npm", args, {
    cwd: fromRoot("."),
    encoding: "utf8",
    env: { ...process.env, ...env, ATLAS_PIPELINE_TIMINGS: "1" },
  });
  const wallMs = performance.now() - started;
  if (result.status !== expectedStatus)
    throw new Error(`${command} exited ${result.status}, not ${expectedStatus}: ${result.stderr}`);
  const steps = [...result.stderr.matchAll(/^timing: (.+): (\d+) ms$/gm)].map((match) => ({
    step: match[1]!,
    ms: Number(match[2]),
  }));
  return { command, wallMs, steps };
}
