import { beforeAll, describe, expect, test } from "vitest";
import type { ScriptRun } from "../helpers/run-node-script.js";
import { fromRoot } from "../../scripts/spec/layout.js";
import { runNodeScript } from "../helpers/run-node-script.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

const fixture = (name: string) => fromRoot(`test/fixtures/spec-diff/${name}.yaml`);

describe("npm run spec:diff on small fixtures", () => {
  let run: ScriptRun;
  let report = "";
  beforeAll(async () => {
    run = await runNodeScript("scripts/spec-diff.ts", [fixture("old"), fixture("new")]);
    report = run.stdout;
  });

  test("exits 0 and reports only what is in the selected fragment", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(report).not.toContain("listClusters");
    expect(report).not.toContain("Cluster");
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
      expect(report).toContain(`renamed ${method} ${path}: ${before} -> ${after}`);
    }
  });

  test("reports the new 429 responses, the new components and the new extension", () => {
    expect(report.match(/added 429 \(#\/components\/responses\/tooManyRequests\)/g)).toHaveLength(5);
    expect(report).toContain("added responses.tooManyRequests");
    expect(report).toContain("added headers.HeaderRetryAfter");
    expect(report).toContain("GET /api/atlas/v2/groups/{groupId}/peers: added x-rolesRequirements");
  });

  test("reports required, enum and property changes, and suggests a major release for the removals", () => {
    expect(report).toContain("PaginatedContainerPeerView: required added: results");
    expect(report).toContain("Peer.statusName: enum values added: PENDING_ACCEPTANCE");
    expect(report).toContain("Peer.statusName: enum values removed: TERMINATING");
    expect(report).toContain("Peer.providerName: property added");
    expect(report).toContain("Peer.legacyField: property removed");
    expect(report.trim().split("\n").at(-1)).toBe("Suggested release: major");
  });

  test("two identical documents: no change", async () => {
    const same = await runNodeScript("scripts/spec-diff.ts", [fixture("new"), fixture("new")]);
    expect(same.status).toBe(0);
    expect(same.stdout).toBe("No change in the fragment.\n");
  });

  test("a wrong number of arguments is a usage error (exit 2)", async () => {
    const usage = await runNodeScript("scripts/spec-diff.ts", [fixture("new")]);
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
    expect(usage.stderr).toMatch(/^spec:diff: error: usage:/);
  });
});

describe.runIf(sharedUpstreamAvailable())("npm run spec:diff on MongoDB's 2025 and 2026 documents", () => {
  let run: ScriptRun;
  beforeAll(async () => {
    run = await runNodeScript("scripts/spec-diff.ts", [sharedUpstream.older, sharedUpstream.newest]);
  });

  test("reports the eleven renames (containers and peers), the 429 responses and required results", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "renamed PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}: updatePeeringConnection -> updateGroupPeer",
    );
    expect(run.stdout).toContain(
      "renamed GET /api/atlas/v2/groups/{groupId}/containers/all: listPeeringContainers -> listGroupContainerAll",
    );
    expect(run.stdout.match(/renamed /g)).toHaveLength(11);
    expect(run.stdout.match(/: added 429 /g)).toHaveLength(11);
    expect(run.stdout).toContain("PaginatedContainerPeerView: required added: results");
    expect(run.stdout).toContain("added x-rolesRequirements");
  });
});
