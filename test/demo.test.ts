import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test, vi } from "vitest";
import { fromRoot } from "../scripts/spec/layout.js";
import { runNodeScript } from "./helpers/run-node-script.js";

// A safety net, not a margin: each test runs the demo, seconds on a quiet machine and more on a
// loaded one (runNodeScript stops it after 120 s).
vi.setConfig({ testTimeout: 180_000 });

/** The demo's output as the README shows it (`npm run readme:sync` writes it there). */
function readmeDemoBlock(): string {
  const readme = readFileSync(fromRoot("README.md"), "utf8");
  const block = /<!-- demo-output -->\n```text\n\$ npm run demo\n([\s\S]*?)\n```\n/.exec(readme);
  if (!block) throw new Error("README.md has no demo-output block");
  return block[1]!;
}

describe("npm run demo", () => {
  test("prints exactly the README's demo block, and exits 0 with nothing on stderr", async () => {
    const run = await runNodeScript("demo/walkthrough.ts", []);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // The whole output, not a few phrases: the demo prints no port, id or duration, and its peers
    // move with the requests the local Atlas receives, so any difference is a change to look at.
    expect(run.stdout.trimEnd()).toBe(readmeDemoBlock());
  });

  test("the README block is the demo's full walk: both credentials, every step, the typed errors", () => {
    const block = readmeDemoBlock();
    for (const title of ["API keys (HTTP Digest)", "Service account (OAuth 2.0 client credentials)"])
      expect(block).toContain(title);
    // Every peer is waited for before their container is deleted, and the container then goes.
    expect(block.match(/peers\.waitFor\(until: "deleted"\) \(each\)\s+all three gone/g)).toHaveLength(2);
    expect(
      block.match(/containers\.delete\s+204, then 404 CLOUD_PROVIDER_CONTAINER_NOT_FOUND/g),
    ).toHaveLength(2);
    // Digest: after the challenge, one request per call.
    expect(block).toMatch(/peers\.update \(new CIDR block\)\s+200 INITIATING, 10\.9\.0\.0\/21\s+1\n/);
    expect(block).toMatch(/1 token request, 1 token revoked by close\(\)/);
    expect(block).not.toMatch(/\d+ ms\b|127\.0\.0\.1:\d+|[0-9a-f]{8}…/);
  });
});

describe("npm run demo when what it shows is not so", () => {
  const directory = mkdtempSync(join(tmpdir(), "atlas-demo-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  /**
   * Runs the demo with a preloaded module that wraps `fetch` (the client's default transport), the
   * way a broken or different Atlas would answer. `rewrite` is the body of
   * `async (request, response) => Response | undefined`.
   */
  async function demoWith(rewrite: string) {
    const preload = join(directory, `preload-${Math.random().toString(36).slice(2)}.mjs`);
    writeFileSync(
      preload,
      [
        "const original = globalThis.fetch;",
        `const rewrite = async (request, response) => { ${rewrite} };`,
        "globalThis.fetch = async (input, init) => {",
        "  const request = new Request(input, init);",
        "  const response = await original(request.clone());",
        "  return (await rewrite(request, response)) ?? response;",
        "};",
      ].join("\n"),
    );
    return runNodeScript("demo/walkthrough.ts", [], {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(preload).href}`,
    });
  }

  test("a row it would print falsely: one line naming the step and what it saw, exit 1", async () => {
    const run = await demoWith(`
      if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/peers")) return;
      const body = await response.json();
      return Response.json({ ...body, statusName: "AVAILABLE" }, { status: response.status });
    `);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'npm run demo failed at "peers.create (AWS, in that container)": expected INITIATING, got AVAILABLE\n',
    );
    // The rows before the failure were printed, and nothing after it.
    expect(run.stdout).toContain("found the same container, nothing created");
    expect(run.stdout).not.toContain("PENDING_ACCEPTANCE");
  });

  test("a call that fails unexpectedly: one line with the typed error, no stack trace, exit 1", async () => {
    const run = await demoWith(`
      if (request.method !== "GET" || !new URL(request.url).pathname.endsWith("/containers")) return;
      return Response.json(
        { error: 403, errorCode: "FORBIDDEN", reason: "Forbidden", detail: "Not allowed." },
        { status: 403 },
      );
    `);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      expect.stringMatching(
        /^npm run demo failed at "containers\.ensure \(AWS US_EAST_1\)": AtlasApiError: GET \S+\/containers -> 403 FORBIDDEN/,
      ),
      "",
    ]);
  });
});
