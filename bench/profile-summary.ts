// Summarizes a .cpuprofile from bench/profile-calls.ts: inclusive time per function, in µs per call
// (the profile's time divided by the calls it covered), largest first.
//   npx tsx bench/profile-summary.ts <file.cpuprofile> <calls> [name filter...]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
const [file, callsText, ...filters] = process.argv.slice(2);
if (!file || !callsText)
  throw new Error("usage: profile-summary.ts <file.cpuprofile> <calls> [name filter...]");
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) =>
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)),
);
// A function's inclusive time: the samples in it or below it, each counted once per function.
const inclusive = new Map<string, number>();
for (const [id, time] of selfTime) {
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const { functionName, url } = nodes.get(current)!.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").slice(-1)[0] ?? ""}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + time);
  }
}
const calls = Number(callsText);
const rows = [...inclusive]
  .filter(([name]) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 50);
for (const [name, microseconds] of rows)
  console.log(`${(microseconds / calls).toFixed(1).padStart(8)} µs  ${name}`);
