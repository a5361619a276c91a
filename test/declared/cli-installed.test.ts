import { spawn } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";
import { createAtlasClient } from "../../src/index.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { installedProject } from "../helpers/packed-package.js";
import { registerSecrets } from "../helpers/secret-audit.js";

// The command as users get it: the packed tarball installed for production (no yaml, no ajv), its
// `atlas-peering` bin run as a child process against the local Atlas in this process.
let project: string;
let atlas: MockAtlas;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  project = installedProject("cli", [], { omitDev: true, type: "module" });
  atlas = await startMockAtlas({ transitionMs: 10, holdAtUserStep: true });
  registerSecrets(atlas.credentials.privateKey, atlas.credentials.clientSecret);
  env = {
    PATH: process.env.PATH,
    MONGODB_ATLAS_PUBLIC_API_KEY: atlas.credentials.publicKey,
    MONGODB_ATLAS_PRIVATE_API_KEY: atlas.credentials.privateKey,
    MONGODB_ATLAS_BASE_URL: atlas.url,
  };
}, 240_000);
afterAll(async () => {
  await atlas?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

function atlasPeering(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The bin link npm made, run by its shebang.
    const child = spawn(join(project, "node_modules/.bin/atlas-peering"), args, {
      cwd: project,
      env,
      timeout: 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      for (const secret of [atlas.credentials.privateKey, atlas.credentials.clientSecret])
        if (stdout.includes(secret) || stderr.includes(secret)) reject(new Error("a secret was printed"));
      resolve({ code, stdout, stderr });
    });
  });
}

function declaration(name: string, groupId: string, changes: Record<string, unknown> = {}): string {
  const path = join(project, name);
  writeFileSync(
    path,
    JSON.stringify({
      groupId,
      containers: [{ providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" }],
      peers: [
        {
          providerName: "AWS",
          regionName: "US_EAST_1",
          accepterRegionName: "us-east-1",
          awsAccountId: "999900000000",
          vpcId: "vpc-0a1b2c3d4e5f60718",
          routeTableCidrBlock: "10.15.0.0/16",
          ...changes,
        },
      ],
    }),
  );
  return path;
}

describe("the installed atlas-peering command", () => {
  test("is an executable bin; --version and --help", async () => {
    expect(statSync(join(project, "node_modules/atlas-peering-client/dist/cli.js")).mode & 0o111).not.toBe(0);
    const { version } = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { version: string };
    expect(await atlasPeering("--version")).toEqual({
      code: 0,
      stdout: `atlas-peering ${version}\n`,
      stderr: "",
    });
    expect((await atlasPeering("--help")).stdout).toContain("atlas-peering apply --file F");
  });

  test("plan --detailed-exitcode 2, apply --auto-approve 0, plan --detailed-exitcode 0; a change through the API is an update", async () => {
    const groupId = atlas.state.addGroup();
    const file = declaration("declared.json", groupId);
    const first = await atlasPeering("plan", "--file", file, "--detailed-exitcode");
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toContain(
      "Plan: 2 to create, 0 to update, 0 to replace, 0 to delete; 0 errors, 0 warnings.",
    );
    const applied = await atlasPeering("apply", "--file", file, "--auto-approve", "--poll-interval", "20ms");
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      "aws ec2 accept-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-",
    );
    expect((await atlasPeering("plan", "--file", file, "--detailed-exitcode")).code).toBe(0);

    const [peer] = atlas.state.peers(groupId);
    const { publicKey, privateKey } = atlas.credentials;
    const client = createAtlasClient({ baseUrl: atlas.url, auth: { type: "digest", publicKey, privateKey } });
    await client.peers.update(groupId, String(peer!.id), {
      providerName: "AWS",
      containerId: String(peer!.containerId),
      accepterRegionName: "eu-west-1",
      awsAccountId: "999900000000",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableCidrBlock: "10.15.0.0/16",
    });
    await client.close();
    const drift = await atlasPeering("plan", "--file", file, "--json", "--detailed-exitcode");
    expect(drift.code).toBe(2);
    expect((JSON.parse(drift.stdout) as { changes: unknown[] }).changes).toEqual([
      expect.objectContaining({
        action: "update",
        resource: "peer",
        fields: [{ field: "accepterRegionName", from: "eu-west-1", to: "us-east-1" }],
      }),
    ]);
  });

  test("an overlapping block is an error finding before any request; a bad file is one line", async () => {
    const groupId = atlas.state.addGroup();
    const before = atlas.requests.length;
    const overlap = await atlasPeering(
      "plan",
      "-f",
      declaration("overlap.json", groupId, { routeTableCidrBlock: "192.168.248.0/24" }),
    );
    expect(overlap.code).toBe(1);
    expect(overlap.stdout).toMatch(/error\s+CIDR_OVERLAP\s+peers\[0\]\.routeTableCidrBlock/);
    expect(atlas.requests.length).toBe(before);
    const bad = await atlasPeering("plan", "-f", declaration("bad.json", groupId, { vpcId: "vpc-123" }));
    expect(bad).toEqual({
      code: 1,
      stdout: "",
      stderr: `atlas-peering: AtlasDeclarationError: ${join(project, "bad.json")}: peers[0].vpcId: "vpc-123" must match ^vpc-[0-9a-f]{17}$\n`,
    });
  });

  test("a YAML file without the optional yaml package says what to install, in one line", async () => {
    const path = join(project, "declared.yaml");
    writeFileSync(path, `groupId: ${atlas.credentials.groupId}\n`);
    expect(await atlasPeering("plan", "-f", path)).toEqual({
      code: 1,
      stdout: "",
      stderr: `atlas-peering: AtlasDeclarationError: ${path}: reading YAML needs the yaml package, an optional peer dependency: npm install yaml@2 (or write the declaration as JSON)\n`,
    });
  });

  test("./declared is an entry of its own: it shares the client's error classes and the client loads none of it", async () => {
    const script = join(project, "entries.cjs");
    writeFileSync(
      script,
      [
        'const files = () => Object.keys(require.cache).filter((p) => p.includes("atlas-peering-client")).map((p) => p.replace(/^.*atlas-peering-client\\//, "")).sort();',
        'const main = require("atlas-peering-client");',
        "const before = files();",
        'const declared = require("atlas-peering-client/declared");',
        "let shared = false;",
        "try { declared.parseDeclaration({}); } catch (error) { shared = error instanceof main.AtlasError && error.name === 'AtlasDeclarationError'; }",
        "console.log(JSON.stringify({ before, after: files(), shared }));",
      ].join("\n"),
    );
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [script], { cwd: project });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.on("error", reject);
      child.on("close", () => resolve(stdout));
    });
    expect(JSON.parse(result)).toEqual({
      before: ["dist/index.cjs"],
      after: ["dist/declared.cjs", "dist/index.cjs"],
      shared: true,
    });
  });

  test("apply without a terminal and without --auto-approve changes nothing", async () => {
    const groupId = atlas.state.addGroup();
    const before = atlas.state.mutations.length;
    const refused = await atlasPeering("apply", "-f", declaration("refused.json", groupId));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("pass --auto-approve");
    expect(atlas.state.mutations.length).toBe(before);
  });
});
