// The per-call overhead part of npm run bench alone, for iterating on the transport's cost:
// `npx tsx bench/overhead-only.ts [blocks]`. Prints the table; writes nothing.
import { measureOverhead } from "./overhead.js";

const blocks = Number(process.argv[2] ?? 50);
const rows = await measureOverhead({ warmup: 500, blocks, blockSize: 50 });
for (const row of rows)
  console.log(
    `${row.variant.padEnd(48)} ${row.medianMicros.toFixed(0).padStart(6)} µs  ${row.ratioToFetch.toFixed(3)}`,
  );
