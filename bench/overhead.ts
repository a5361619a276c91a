import { spawn, type ChildProcess } from "node:child_process";
import createClient from "openapi-fetch";
import { createAtlasClient, type paths } from "../src/index.js";
import { fromRoot } from "../scripts/spec/layout.js";
import { awsBody, ids } from "../test/helpers/atlas-fixtures.js";

/**
 * Item 4: per-call overhead. Median latency of a loopback PATCH through `atlas.PATCH` and
 * `atlas.peers.update`, against a hand-written `fetch` with the same headers and body (and reading
 * the JSON answer, as every variant does), and against bare openapi-fetch; with no auth and
 * maxRetries 0, and with bearer and digest auth at default options, each against a hand-written
 * fetch sending the same Authorization scheme. Variants run interleaved, a block of calls each in
 * turn, so that the machine's noise falls on all of them.
 */
export interface OverheadResult {
  variant: string;
  samples: number;
  medianMicros: number;
  /** Against the hand-written fetch with the same Authorization scheme (none, bearer or digest). */
  ratioToFetch: number;
}

const { groupId, peerId } = ids;
const body = awsBody;
const mediaType = "application/vnd.atlas.2025-03-12+json";
const userAgent = "atlas-peering-client/bench";
const benchToken = "bench-bearer-token-0123456789abcdefghijklmnopqrstuvwxyz";
const fixedDigestAnswer =
  'Digest username="bench-public-key", realm="MMS Public API", nonce="bench-nonce-0123456789abcdef", ' +
  'uri="/digest/api/atlas/v2/groups/5356823b3794dee37132bb7b/peers/95792d1a28f9c1c076958ef6", ' +
  'algorithm=MD5, response="0123456789abcdef0123456789abcdef", qop=auth, nc=00000001, cnonce="0123456789abcdef01234567"';

export async function measureOverhead(options: {
  warmup: number;
  blocks: number;
  blockSize: number;
}): Promise<OverheadResult[]> {
  const { child, port } = await startServer();
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const url = `${baseUrl}/api/atlas/v2/groups/${groupId}/peers/${peerId}`;
    const headers = { accept: mediaType, "content-type": mediaType, "user-agent": userAgent };
    const atlas = createAtlasClient({ baseUrl, auth: { type: "none" }, maxRetries: 0 });
    // Auth on, every other option at its default (timeout, retries): what a user gets.
    const bearer = createAtlasClient({ baseUrl, auth: { type: "bearer", token: benchToken } });
    const digest = createAtlasClient({
      baseUrl: `${baseUrl}/digest`,
      auth: { type: "digest", publicKey: "bench-public-key", privateKey: "bench-private-key" },
    });
    await digest.peers.get(groupId, peerId); // the first challenge, outside the measurement
    // The hand-written digest call sends one fixed answer: the server does not check it, and a
    // hand-written client that reuses its header is the cheapest a digest client can be.
    const digestUrl = `${baseUrl}/digest/api/atlas/v2/groups/${groupId}/peers/${peerId}`;
    const digestHeaders = { ...headers, authorization: fixedDigestAnswer };
    const bearerHeaders = { ...headers, authorization: `Bearer ${benchToken}` };
    // One signal for every call, as an application would pass: the client then gives each attempt
    // a signal of its own, linked to it (see src/http/attempt-signals.ts).
    const callerSignal = new AbortController().signal;
    const bare = createClient<paths>({ baseUrl, headers: { accept: mediaType, "user-agent": userAgent } });

    const variants: Array<[string, () => Promise<unknown>]> = [
      [
        "hand-written fetch",
        async () => (await fetch(url, { method: "PATCH", headers, body: JSON.stringify(body) })).json(),
      ],
      [
        "bare openapi-fetch 0.17",
        () =>
          bare.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
            params: { path: { groupId, peerId } },
            body,
            headers: { "content-type": mediaType },
          }),
      ],
      [
        "atlas.PATCH (typed fetch)",
        () =>
          atlas.PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
            params: { path: { groupId, peerId } },
            body,
          }),
      ],
      ["atlas.peers.update (helper)", () => atlas.peers.update(groupId, peerId, body)],
      [
        "hand-written fetch, bearer",
        async () =>
          (await fetch(url, { method: "PATCH", headers: bearerHeaders, body: JSON.stringify(body) })).json(),
      ],
      ["atlas.peers.update, bearer, default options", () => bearer.peers.update(groupId, peerId, body)],
      [
        "atlas.peers.update, bearer, with the caller's AbortSignal",
        () => bearer.peers.update(groupId, peerId, body, { signal: callerSignal }),
      ],
      [
        "hand-written fetch, digest",
        async () =>
          (
            await fetch(digestUrl, { method: "PATCH", headers: digestHeaders, body: JSON.stringify(body) })
          ).json(),
      ],
      ["atlas.peers.update, digest, default options", () => digest.peers.update(groupId, peerId, body)],
    ];
    const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    for (const [, call] of variants) for (let index = 0; index < options.warmup; index += 1) await call();
    for (let block = 0; block < options.blocks; block += 1) {
      // Rotate the order each block, so that no variant always follows the same one.
      const order = variants.map((_, index) => variants[(index + block) % variants.length]!);
      for (const [name, call] of order) {
        const times = samples.get(name)!;
        for (let index = 0; index < options.blockSize; index += 1) {
          const started = performance.now();
          await call();
          times.push(performance.now() - started);
        }
      }
    }
    const baselineOf = (name: string) =>
      median(
        samples.get(
          name.includes("bearer")
            ? "hand-written fetch, bearer"
            : name.includes("digest")
              ? "hand-written fetch, digest"
              : "hand-written fetch",
        )!,
      );
    return variants.map(([name]) => {
      const times = samples.get(name)!;
      const value = median(times);
      return {
        variant: name,
        samples: times.length,
        medianMicros: value * 1000,
        ratioToFetch: value / baselineOf(name),
      };
    });
  } finally {
    child.kill("SIGTERM");
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromRoot("bench/loopback-server.mjs")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout!.once("data", (chunk: Buffer) => resolve({ child, port: Number(chunk.toString().trim()) }));
    child.once("error", reject);
  });
}
