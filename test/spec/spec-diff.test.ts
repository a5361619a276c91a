import { closeSync, mkdtempSync, openSync, ftruncateSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { specDiff } from "../../scripts/spec/commands/spec-diff.js";
import type { ScriptRun } from "../helpers/run-node-script.js";
import { fromRoot } from "../../scripts/spec/layout.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

const fixture = (name: string) => fromRoot(`test/fixtures/spec-diff/${name}.yaml`);
/** spec:diff, run in this process (pipeline-scripts.test.ts runs an entry point as a child process). */
const diff = (...args: string[]) => runInProcess("spec:diff", specDiff, args);

describe("npm run spec:diff on small fixtures", () => {
  let run: ScriptRun;
  let report = "";
  beforeAll(async () => {
    run = await diff(fixture("old"), fixture("new"));
    report = run.stdout;
  });

  test("exits 0 and reports only what is in the selected fragment", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(report).not.toContain("listClusters");
    expect(report).not.toContain("Cluster");
  });

  test("says that the fix-ups do not fit these documents, and compares their types as cut", () => {
    expect(report).toMatch(
      /^spec:diff: note: the fix-ups do not apply to both documents .*compared as cut$/m,
    );
  });

  test("reports each rename: same method and path, new operationId", () => {
    for (const [method, path, before, after] of [
      ["GET", "/api/atlas/v2/groups/{groupId}/peers", "listPeeringConnections", "listGroupPeers"],
      ["POST", "/api/atlas/v2/groups/{groupId}/peers", "createPeeringConnection", "createGroupPeer"],
      ["GET", "/api/atlas/v2/groups/{groupId}/peers/{peerId}", "getPeeringConnection", "getGroupPeer"],
      [
        "PATCH",
        "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
        "updatePeeringConnection",
        "updateGroupPeer",
      ],
      [
        "DELETE",
        "/api/atlas/v2/groups/{groupId}/peers/{peerId}",
        "deletePeeringConnection",
        "deleteGroupPeer",
      ],
    ]) {
      expect(report).toContain(`${method} ${path}: renamed ${before} -> ${after}`);
    }
  });

  test("reports the new 429 responses, the new components and the new extension", () => {
    expect(report.match(/ response 429: added \(\$ref responses\.tooManyRequests\)/g)).toHaveLength(5);
    expect(report).toContain("components: added responses.tooManyRequests");
    expect(report).toContain("components: added headers.HeaderRetryAfter");
    expect(report).toContain("GET /api/atlas/v2/groups/{groupId}/peers: added x-rolesRequirements");
  });

  test("reports required, enum and property changes, and the compiler's major for the removals", () => {
    expect(report).toContain("PaginatedContainerPeerView: required added: results");
    expect(report).toContain("Peer.statusName: enum values added: PENDING_ACCEPTANCE");
    expect(report).toContain("Peer.statusName: enum values removed: TERMINATING");
    expect(report).toContain("Peer.providerName: property added");
    expect(report).toContain("Peer.legacyField: property removed");
    expect(report).toContain(
      "[major] GET /api/atlas/v2/groups/{groupId}/peers (listGroupPeers) data: names old code may use are gone: .results[].legacyField",
    );
    expect(report.trim().split("\n").at(-1)).toBe("Suggested release: major");
  });

  test("two identical documents: no change", async () => {
    const same = await diff(fixture("new"), fixture("new"));
    expect(same.status).toBe(0);
    expect(same.stdout.endsWith("\nNo change in the fragment.\n")).toBe(true);
  });

  test("a wrong number of arguments is a usage error (exit 2)", async () => {
    const usage = await diff(fixture("new"));
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
    expect(usage.stderr).toMatch(/^spec:diff: error: usage:/);
  });
});

describe("npm run spec:diff with an input above the size limit", () => {
  const directory = mkdtempSync(join(tmpdir(), "atlas-spec-diff-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  test("a 200 MB file is refused with one line before it is parsed", async () => {
    // Sparse: 200 MB long, nothing on disk. Were it parsed, the run would take minutes and gigabytes.
    const huge = join(directory, "huge.yaml");
    const descriptor = openSync(huge, "w");
    ftruncateSync(descriptor, 200 * 1024 * 1024);
    closeSync(descriptor);
    const run = await diff(fixture("old"), huge);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^spec:diff: error: .*huge\.yaml is 200 MiB; the pipeline reads at most 16 MiB \(MongoDB's whole document is about 4 MB\): refused before parsing$/m,
    );
  });
});

describe.runIf(sharedUpstreamAvailable())("npm run spec:diff on MongoDB's 2025 and 2026 documents", () => {
  let run: ScriptRun;
  beforeAll(async () => {
    run = await diff(sharedUpstream.older, sharedUpstream.newest);
  });

  test("reports the eleven renames (containers and peers), the 429 responses and required results", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}: renamed updatePeeringConnection -> updateGroupPeer",
    );
    expect(run.stdout).toContain(
      "GET /api/atlas/v2/groups/{groupId}/containers/all: renamed listPeeringContainers -> listGroupContainerAll",
    );
    expect(run.stdout.match(/: renamed /g)).toHaveLength(11);
    expect(run.stdout.match(/ response 429: added /g)).toHaveLength(11);
    expect(run.stdout).toContain("PaginatedContainerPeerView: required added: results");
    expect(run.stdout).toContain("added x-rolesRequirements");
    expect(run.stdout.trim().split("\n").at(-1)).toBe("Suggested release: major");
  });
});
