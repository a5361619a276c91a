/**
 * Runs one step of a script and, when ATLAS_PIPELINE_TIMINGS is set, prints how long it took on
 * stderr (the benchmark reads these lines to split the pipeline's wall time by step).
 */
export async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    if (process.env.ATLAS_PIPELINE_TIMINGS) {
      process.stderr.write(`timing: ${step}: ${(performance.now() - started).toFixed(0)} ms\n`);
    }
  }
}
