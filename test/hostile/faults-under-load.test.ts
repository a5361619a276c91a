import { describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasConnectionError,
  AtlasError,
  AtlasTimeoutError,
  type AwsPeer,
  type AwsPeerRequest,
} from "../../src/index.js";
import { awsBody, clientFor, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced } from "../helpers/secret-audit.js";

const activeHandles = () =>
  process
    .getActiveResourcesInfo()
    .filter((name) => name === "Timeout" || name === "TCPSocketWrap" || name === "TCPServerWrap");

describe("faults under load", () => {
  test("500 calls at concurrency 20 with 429s, 503s, resets and expiring nonces: typed outcomes, nothing applied twice, retries within budget, nothing left open", async () => {
    const handlesBefore = activeHandles().length;
    const atlas = await startTestAtlas({ nonceLifetimeMs: 400, transitionMs: 1_000 });
    const maxRetries = 2;
    const client = clientFor(atlas, "digest", { maxRetries, timeoutMs: 2_000 });
    const { groupId } = atlas.credentials;
    // One peer per PATCH call: "applied twice" is then plain to see (a replay of the same settings
    // changes nothing). Concurrent PATCHes of one peer are last-writer-wins, retries or not.
    const seedPeers: AwsPeer[] = [];
    for (let index = 0; index < 125; index += 1)
      seedPeers.push(
        (await client.peers.create(groupId, {
          ...awsBody,
          vpcId: `vpc-0a1b2c3d4e5f6${String(9000 + index)}`,
        })) as AwsPeer,
      );

    const injected = [
      { fault: { kind: "rateLimit", retryAfter: "0" }, times: 40 },
      { fault: { kind: "serverError", status: 503 }, times: 40 },
      { fault: { kind: "serverError", status: 502, body: "html" }, times: 10 },
      { fault: { kind: "reset", when: "before" }, times: 15 },
      { fault: { kind: "reset", when: "after" }, times: 15 },
    ] as const;
    const faultsTotal = injected.reduce((total, rule) => total + rule.times, 0);
    // Spread the faults over the run: a few at a time, as the calls go.
    let queued = 0;
    const feedFaults = () => {
      for (const rule of injected) {
        const share = Math.ceil(rule.times / 25);
        const left =
          rule.times - atlas.requests.filter((request) => request.fault === rule.fault.kind).length;
        if (left > 0 && atlas.state.faults.pending < 6) {
          atlas.state.faults.inject({ fault: rule.fault, times: Math.min(share, left) });
          queued += Math.min(share, left);
        }
      }
    };

    const requestsBefore = atlas.requests.length;
    const mutationsBefore = atlas.state.mutations.length;
    const outcomes: Array<{ kind: string; ok: boolean; error?: unknown }> = [];
    let next = 0;
    const worker = async () => {
      while (next < 500) {
        const index = next++;
        if (index % 20 === 0) feedFaults();
        const peer = seedPeers[Math.floor(index / 4)]!;
        const kind = ["get", "patch", "post", "list"][index % 4]!;
        try {
          if (kind === "get") await client.peers.get(groupId, peer.id!);
          if (kind === "patch") {
            const body: AwsPeerRequest = {
              ...awsBody,
              vpcId: peer.vpcId!,
              routeTableCidrBlock: `10.${index >> 8}.${index & 255}.0/24`,
            };
            await client.peers.update(groupId, peer.id!, body);
          }
          if (kind === "post")
            await client.peers.create(groupId, {
              ...awsBody,
              vpcId: `vpc-0a1b2c3d4e5f6${String(index).padStart(4, "0")}`,
            });
          if (kind === "list") await client.peers.list(groupId, { itemsPerPage: 500 }).next();
          outcomes.push({ kind, ok: true });
        } catch (error) {
          outcomes.push({ kind, ok: false, error: recordProduced(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    atlas.state.faults.clear();

    // Every call succeeded or ended with a typed error.
    expect(outcomes).toHaveLength(500);
    for (const { error } of outcomes.filter((outcome) => !outcome.ok)) {
      expect(error).toBeInstanceOf(AtlasError);
      expect(
        error instanceof AtlasApiError ||
          error instanceof AtlasConnectionError ||
          error instanceof AtlasTimeoutError,
      ).toBe(true);
    }
    // A create may fail for good (its retries stop where it may have happened); other calls only when
    // the faults outlast their retries. Never for authentication: the credentials are right.
    const failed = outcomes.filter((outcome) => !outcome.ok);
    for (const { kind, error } of failed) {
      expect((error as AtlasApiError).status, (error as Error).message).not.toBe(401);
      if (kind !== "post")
        expect(
          (error as AtlasApiError).retryable === true || error instanceof AtlasConnectionError,
          (error as Error).message,
        ).toBe(true);
    }
    expect(failed.length).toBeLessThan(100);

    // Nothing applied twice: each create body made at most one peer; each PATCH body changed the peer at most once.
    const mutations = atlas.state.mutations.slice(mutationsBefore);
    const perFingerprint = new Map<string, number>();
    for (const mutation of mutations.filter((entry) => entry.changed))
      perFingerprint.set(
        `${mutation.method} ${mutation.fingerprint}`,
        (perFingerprint.get(`${mutation.method} ${mutation.fingerprint}`) ?? 0) + 1,
      );
    expect([...perFingerprint.values()].every((count) => count === 1)).toBe(true);
    const posts = outcomes.filter((outcome) => outcome.kind === "post");
    expect(mutations.filter((mutation) => mutation.method === "POST").length).toBeLessThanOrEqual(
      posts.length,
    );
    expect(mutations.filter((mutation) => mutation.method === "POST").length).toBeGreaterThanOrEqual(
      posts.filter((outcome) => outcome.ok).length,
    );

    // Within the retry budget: every request beyond one per call answers a fault or an authentication challenge.
    const sent = atlas.requests.slice(requestsBefore);
    const challenges = sent.filter((request) => request.status === 401).length;
    const faultsHit = sent.filter((request) => request.fault !== undefined).length;
    expect(faultsHit).toBeGreaterThan(0);
    expect(faultsHit).toBeLessThanOrEqual(faultsTotal);
    expect(sent.length - challenges).toBeLessThanOrEqual(500 + faultsHit);
    expect(sent.length - challenges).toBeLessThanOrEqual(500 * (maxRetries + 1));
    expect(challenges).toBeLessThanOrEqual(500 * 4);
    expect(
      sent.filter((request) => request.status === 401 && request.auth === "digest").length,
    ).toBeGreaterThan(0); // nonces did expire
    expect(queued).toBeGreaterThan(0);

    await client.close();
    await atlas.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(activeHandles().length).toBeLessThanOrEqual(handlesBefore);
  }, 60_000);
});
