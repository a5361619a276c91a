import { spawnSync } from "node:child_process";
import { makePipelineCopy } from "../test/helpers/pipeline-copy.js";
import { fromRoot } from "../scripts/spec/layout.js";

/**
 * Item 6: wall time of `npm run generate` and `npm run check:generated`, and how much of it each
 * step takes (the scripts print `timing:` lines when ATLAS_PIPELINE_TIMINGS is set). generate runs
 * in a copy of spec/ and generated/, so the working tree is not touched.
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
    ];
  } finally {
    copy.remove();
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): PipelineResult {
  const started = performance.now();
  const result = spawnSync("npm", args, {
    cwd: fromRoot("."),
    encoding: "utf8",
    env: { ...process.env, ...env, ATLAS_PIPELINE_TIMINGS: "1" },
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  const steps = [...result.stderr.matchAll(/^timing: (.+): (\d+) ms$/gm)].map((match) => ({
    step: match[1]!,
    ms: Number(match[2]),
  }));
  return { command, wallMs, steps };
}
