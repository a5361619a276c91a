// Where a call's time goes: 10,000 loopback PATCH calls of one kind, against the overhead
// benchmark's server in its own process, to profile with
//   node --cpu-prof --cpu-prof-dir=.cache/prof --import tsx bench/profile-calls.ts bearer
//   npx tsx bench/profile-summary.ts .cache/prof/<file>.cpuprofile 10000
// Kinds: hand (a hand-written fetch), none, bearer, digest (peers.update at default options).
import { spawn } from "node:child_process";
import { createAtlasClient } from "../src/index.js";
import { fromRoot } from "../scripts/spec/layout.js";
import { awsBody, ids } from "../test/helpers/atlas-fixtures.js";

const kind = process.argv[2] ?? "bearer";
const calls = Number(process.argv[3] ?? 10_000);
const server = spawn(process.execPath, [fromRoot("bench/loopback-server.mjs")], {
  stdio: ["ignore", "pipe", "inherit"],
});
process.on("exit", () => server.kill());
const port = await new Promise<number>((resolve) =>
  server.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
);
const baseUrl = `http://127.0.0.1:${port}`;
const token = "bench-bearer-token-0123456789abcdefghijklmnopqrstuvwxyz";
const mediaType = "application/vnd.atlas.2025-03-12+json";
const url = `${baseUrl}/api/atlas/v2/groups/${ids.groupId}/peers/${ids.peerId}`;
const headers = { accept: mediaType, "content-type": mediaType, authorization: `Bearer ${token}` };
const atlas = createAtlasClient(
  kind === "digest"
    ? {
        baseUrl: `${baseUrl}/digest`,
        auth: { type: "digest", publicKey: "bench", privateKey: "bench-private-key" },
      }
    : { baseUrl, auth: kind === "none" ? { type: "none" } : { type: "bearer", token } },
);
const call =
  kind === "hand"
    ? async () => (await fetch(url, { method: "PATCH", headers, body: JSON.stringify(awsBody) })).json()
    : () => atlas.peers.update(ids.groupId, ids.peerId, awsBody);
for (let index = 0; index < 1_000; index += 1) await call();
const started = performance.now();
for (let index = 0; index < calls; index += 1) await call();
console.log(
  `${kind}: ${(((performance.now() - started) / calls) * 1000).toFixed(0)} µs a call over ${calls} calls`,
);
process.exit(0);
