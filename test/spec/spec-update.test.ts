import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { specUpdate } from "../../scripts/spec/commands/spec-update.js";
import { pipelineFiles } from "../../scripts/spec/layout.js";
import { makePipelineCopy } from "../helpers/pipeline-copy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { runNodeScript, type ScriptRun } from "../helpers/run-node-script.js";
import { sharedUpstream, sharedUpstreamAvailable } from "../helpers/shared-upstream.js";

/**
 * npm run spec:update against a loopback server standing in for MongoDB's published document: it
 * serves the 2025 copy, then the 2026 one (the committed fragment is the 2026 one, so both are real
 * changes), then the 2026 one again (no change). One pipeline copy carries the state from run to run.
 */
describe.runIf(sharedUpstreamAvailable())("npm run spec:update against a loopback upstream", () => {
  let server: Server;
  let baseUrl = "";
  let served = sharedUpstream.older;
  let copy: ReturnType<typeof makePipelineCopy>;
  let outputs = "";
  const runs: Array<{
    run: ScriptRun;
    outputs: string;
    before: Map<string, string>;
    after: Map<string, string>;
  }> = [];

  const update = async (file: string) => {
    served = file;
    const before = copy.snapshot();
    // GitHub Actions' step outputs go to the file GITHUB_OUTPUT names; each run gets its own.
    const outputFile = join(outputs, `run-${runs.length}.txt`);
    const run = await runInProcess("spec:update", specUpdate, [`${baseUrl}/openapi/v2.yaml`], {
      root: copy.root,
      env: { GITHUB_OUTPUT: outputFile },
    });
    runs.push({
      run,
      outputs: existsSync(outputFile) ? readFileSync(outputFile, "utf8") : "",
      before,
      after: copy.snapshot(),
    });
  };
  const written = (index: number) =>
    [...runs[index]!.after]
      .filter(([path, text]) => runs[index]!.before.get(path) !== text)
      .map(([path]) => path);

  beforeAll(async () => {
    copy = makePipelineCopy();
    outputs = mkdtempSync(join(tmpdir(), "atlas-spec-update-outputs-"));
    server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/yaml" });
      response.end(readFileSync(served));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await update(sharedUpstream.older);
    await update(sharedUpstream.newest);
    await update(sharedUpstream.newest);
  }, 180_000);

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    copy.remove();
    rmSync(outputs, { recursive: true, force: true });
  });

  test("the 2025 document: re-vendored, regenerated, a major changeset and a pull request body", () => {
    const { run, outputs: stepOutputs } = runs[0]!;
    expect(run.status, run.stderr).toBe(0);
    const files = written(0);
    for (const file of [
      pipelineFiles.upstreamCut,
      pipelineFiles.source,
      pipelineFiles.fragment,
      pipelineFiles.types,
      pipelineFiles.fragmentJson,
      "package.json",
      ".cache/spec-update/pull-request.md",
    ])
      expect(files, file).toContain(file);
    const changeset = files.find((file) => file.startsWith(".changeset/atlas-spec-8ff5fb9d-"));
    expect(changeset, files.join(", ")).toBeDefined();
    expect(runs[0]!.after.get(changeset!)).toMatch(/^---\n"atlas-peering-client": major\n---\n/);
    expect(runs[0]!.after.get(pipelineFiles.types)).toContain("updatePeeringConnection");
    expect(stepOutputs).toBe(
      "changed=true\nrelease=major\ntitle=Atlas Admin API update (x-xgen-sha 8ff5fb9d): major\nbody-file=.cache/spec-update/pull-request.md\n",
    );
  });

  test("the 2026 document: the renames, the 429s and required results, in a body fit for a pull request", () => {
    const { run, after } = runs[1]!;
    expect(run.status, run.stderr).toBe(0);
    const body = after.get(".cache/spec-update/pull-request.md")!;
    expect(body.split("\n")[0]).toBe("# Atlas Admin API update (x-xgen-sha f84b8e43): major");
    expect(body).toContain(`(\`${baseUrl}/openapi/v2.yaml\`)`);
    expect(body).toContain("**Release: major.**");
    expect(body).toContain(
      "- `PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}`: renamed `updatePeeringConnection` -> `updateGroupPeer`",
    );
    expect(body.match(/ response 429`: added \(\$ref `responses\.tooManyRequests`\)/g)).toHaveLength(11);
    expect(body).toContain(
      "- `PaginatedContainerPeerView`: required added: `results`  (answers: `listGroupPeers`)",
    );
    // Back where the repository started: the committed spec/ and generated/, SOURCE.json's location aside.
    // A download records where it was asked for and what served it; the committed file names a path.
    const withoutLocation = (text: string | undefined) =>
      text?.replace(/ *"location": "[^"]*",\n/, "").replace(/ *"servedFrom": "[^"]*",\n/, "");
    for (const file of [
      pipelineFiles.upstreamCut,
      pipelineFiles.fragment,
      pipelineFiles.types,
      "package.json",
    ])
      expect(after.get(file), file).toBe(runs[0]!.before.get(file));
    expect(withoutLocation(after.get(pipelineFiles.source))).toBe(
      withoutLocation(runs[0]!.before.get(pipelineFiles.source)),
    );
    expect(written(1).some((file) => file.startsWith(".changeset/atlas-spec-f84b8e43-"))).toBe(true);
  });

  test("the same document again: says so, writes nothing, tells the workflow there is nothing to propose", () => {
    const { run, outputs: stepOutputs, before, after } = runs[2]!;
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^spec:update: no change in the fragment: .* nothing written$/m);
    expect(after).toEqual(before);
    expect(stepOutputs).toBe("changed=false\n");
  });
});

describe("npm run spec:update with bad input", () => {
  test("more than one argument is a usage error (exit 2)", async () => {
    const run = await runNodeScript("scripts/spec-update.ts", ["a", "b"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^spec:update: error: usage: npm run spec:update \[-- <upstream/);
  });

  test("an upstream that answers 404: one line, nothing written", async () => {
    const server = createServer((_request, response) => response.writeHead(404).end("not here"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const copy = makePipelineCopy();
    try {
      const before = copy.snapshot();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi/v2.yaml`;
      const run = await runInProcess("spec:update", specUpdate, [url], { root: copy.root });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split("\n"), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(/^spec:update: error: cannot download .*: HTTP 404$/m);
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
