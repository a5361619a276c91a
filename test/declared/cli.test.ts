import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { runCli } from "../../src/cli/run-cli.js";
import type { CliIo } from "../../src/cli/terminal.js";
import { startMockAtlas, type MockAtlas } from "../../src/testing/index.js";
import { registerSecrets } from "../helpers/secret-audit.js";

// The CLI's shell in-process (the built command runs as a child process in cli-installed.test.ts):
// YAML declarations, the confirmation, the JSON documents, and one line for every bad input.
let atlas: MockAtlas;
let directory: string;
let env: Record<string, string>;

beforeAll(async () => {
  atlas = await startMockAtlas({ transitionMs: 10, holdAtUserStep: true });
  registerSecrets(atlas.credentials.privateKey, atlas.credentials.clientSecret);
  directory = mkdtempSync(join(tmpdir(), "atlas-peering-cli-"));
  env = {
    MONGODB_ATLAS_CLIENT_ID: atlas.credentials.clientId,
    MONGODB_ATLAS_CLIENT_SECRET: atlas.credentials.clientSecret,
    MONGODB_ATLAS_BASE_URL: atlas.url,
  };
});
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await atlas.close();
});

const leakyPrivateKey = "PrivKeySecret-abcdef123";

/** A declaration module whose groupId, read when the declaration is checked, runs `body`. */
function thrower(body: string): string {
  return `export default { get groupId() { ${body} } };\n`;
}

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function yamlFor(groupId: string, cidr = "10.15.0.0/16"): string {
  return [
    `groupId: ${groupId}`,
    "containers:",
    "  - { providerName: AWS, regionName: US_EAST_1, atlasCidrBlock: 192.168.248.0/21 }",
    "peers:",
    "  - providerName: AWS",
    "    regionName: US_EAST_1            # the container it lives in",
    "    accepterRegionName: us-east-1",
    '    awsAccountId: "999900000000"',
    "    vpcId: vpc-0a1b2c3d4e5f60718",
    `    routeTableCidrBlock: ${cidr}`,
    "",
  ].join("\n");
}

async function run(
  args: string[],
  options: { tty?: boolean; answer?: string; env?: Record<string, string>; stderrTty?: boolean } = {},
) {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.tty === true;
  if (options.answer !== undefined) stdin.end(`${options.answer}\n`);
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrTty === true },
    stdin,
    env: options.env ?? env,
  };
  const code = await runCli([...args, ...(args[0] === "apply" ? ["--poll-interval", "10ms"] : [])], io);
  for (const secret of [atlas.credentials.clientSecret, atlas.credentials.privateKey]) {
    expect(stdout).not.toContain(secret);
    expect(stderr).not.toContain(secret);
  }
  return { code, stdout, stderr };
}

describe("atlas-peering, in-process", () => {
  test("YAML: plan --detailed-exitcode 2, apply 0 with the next steps, plan 0; a drifted block shows as an update", async () => {
    const groupId = atlas.state.addGroup();
    const declaration = file("declared.yaml", yamlFor(groupId));
    expect((await run(["plan", "--file", declaration, "--detailed-exitcode"])).code).toBe(2);
    const applied = await run(["apply", "--file", declaration, "--auto-approve"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/PENDING_ACCEPTANCE\s+waiting-for-user/);
    expect(applied.stdout).toMatch(
      /aws ec2 accept-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-/,
    );
    expect(applied.stdout).toContain("--route-table-id '<each route table of vpc-0a1b2c3d4e5f60718>'");
    expect((await run(["plan", "--file", declaration, "--detailed-exitcode"])).code).toBe(0);
    const drifted = file("drifted.yaml", yamlFor(groupId, "10.16.0.0/16"));
    const plan = await run(["plan", "-f", drifted, "--json", "--detailed-exitcode"]);
    expect(plan.code).toBe(2);
    const document = JSON.parse(plan.stdout) as {
      changes: Array<{ action: string; fields: unknown[] }>;
      findings: unknown[];
    };
    expect(document.changes).toEqual([
      expect.objectContaining({
        action: "update",
        fields: [{ field: "routeTableCidrBlock", from: "10.15.0.0/16", to: "10.16.0.0/16" }],
      }),
    ]);
    expect(document.findings).toEqual([]);
  });

  test("apply asks on a terminal (only 'yes' applies), and refuses without one unless --auto-approve", async () => {
    const groupId = atlas.state.addGroup();
    const declaration = file("confirm.yaml", yamlFor(groupId));
    const before = atlas.state.mutations.length;
    const refused = await run(["apply", "-f", declaration]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "atlas-peering: no terminal to confirm on: pass --auto-approve to apply without asking\n",
    );
    const declined = await run(["apply", "-f", declaration], { tty: true, answer: "y" });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain("Only 'yes' is accepted");
    expect(atlas.state.mutations.length).toBe(before);
    const approved = await run(["apply", "-f", declaration], { tty: true, answer: "yes" });
    expect(approved.code, approved.stderr).toBe(0);
    expect(atlas.state.mutations.length).toBe(before + 2);
  });

  test("--json: one document with changes[].action and findings[].severity and code, on every outcome", async () => {
    const groupId = atlas.state.addGroup();
    const broken = file(
      "broken.yaml",
      yamlFor(groupId)
        .replace("192.168.248.0/21", "192.168.0.0/16")
        .replace("regionName: US_EAST_1  ", "regionName: us_east_1  "),
    );
    const plan = await run(["plan", "-f", broken, "--json"]);
    expect(plan.code).toBe(1);
    const document = JSON.parse(plan.stdout) as {
      findings: Array<{ severity: string; code: string }>;
      stateRead: boolean;
    };
    expect(document.findings.map((finding) => `${finding.severity} ${finding.code}`)).toEqual([
      "error REGION_NAME",
      "error CIDR_SIZE",
    ]);
    expect(document.stateRead).toBe(false);
    const apply = await run(["apply", "-f", broken, "--json", "--auto-approve"]);
    expect(apply.code).toBe(1);
    expect(JSON.parse(apply.stdout)).toMatchObject({ command: "apply", outcome: "blocked", ok: false });
    const missing = await run(["plan", "-f", join(directory, "nowhere.json"), "--json"]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      command: "plan",
      error: {
        name: "AtlasDeclarationError",
        message: `${join(directory, "nowhere.json")}: cannot read the file (ENOENT)`,
      },
    });
  });

  test("every bad input is one line on stderr, typed, exit 1, no stack", async () => {
    const groupId = atlas.state.addGroup();
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [
        ["plan", "--file", file("syntax.yaml", "groupId: [unclosed\n")],
        /^atlas-peering: AtlasDeclarationError: .*syntax\.yaml: not valid YAML \(line \d+, column \d+\)/,
      ],
      [
        ["plan", "--file", file("vpc.yaml", yamlFor(groupId).replace("vpc-0a1b2c3d4e5f60718", "vpc-123"))],
        /^atlas-peering: AtlasDeclarationError: .*vpc\.yaml: peers\[0\]\.vpcId: "vpc-123" must match .* \(line 9\)\n$/,
      ],
      [
        ["plan", "--file", file("account.yaml", yamlFor(groupId).replace('"999900000000"', "999900000000"))],
        /peers\[0\]\.awsAccountId: must be a string \(quote it: "999900000000"\)/,
      ],
      [
        ["plan", "--file", file("d.txt", "")],
        /^atlas-peering: AtlasDeclarationError: .*d\.txt: unknown file type ".txt"/,
      ],
      [
        ["plan", "--file", file("bad.json", "{")],
        /^atlas-peering: AtlasDeclarationError: .*bad\.json: not valid JSON/,
      ],
      [
        // An alias bomb: yaml refuses to expand it; the refusal is the declaration's error.
        [
          "plan",
          "--file",
          file(
            "bomb.yaml",
            [
              "a: &a [x, x, x, x, x, x, x, x, x]",
              ..."bcdefgh"
                .split("")
                .map(
                  (name, index) => `${name}: &${name} [${Array(9).fill(`*${"abcdefgh"[index]}`).join(", ")}]`,
                ),
              "groupId: *h",
            ].join("\n"),
          ),
        ],
        /^atlas-peering: AtlasDeclarationError: .*bomb\.yaml: not valid YAML: /,
      ],
      [
        // A declaration module whose own error quotes a credential: shown without it.
        [
          "plan",
          "--file",
          file("leaky.mjs", `throw new Error("boom from module " + process.env.LEAKY_SECRET);\n`),
        ],
        /^atlas-peering: AtlasDeclarationError: .*leaky\.mjs: cannot load the module: boom from module \[REDACTED\]\n$/,
      ],
      // What a declaration module throws while it is read, however odd: one line, no credential.
      [
        [
          "plan",
          "--file",
          file(
            "named.mjs",
            thrower(`const e = new Error("boom"); e.name = process.env.LEAKY_SECRET; throw e;`),
          ),
        ],
        /^atlas-peering: \[REDACTED\]: boom\n$/,
      ],
      [
        [
          "plan",
          "--file",
          file(
            "mutated.mjs",
            `import { AtlasError } from "atlas-peering-client";\n${thrower(`const e = new AtlasError("boom"); e.message = "leak " + process.env.LEAKY_SECRET; throw e;`)}`,
          ),
        ],
        /^atlas-peering: AtlasError: leak \[REDACTED\]\n$/,
      ],
      [
        [
          "plan",
          "--file",
          file(
            "proxy.mjs",
            thrower(
              `throw new Proxy({}, { getPrototypeOf() { throw new Error("trap " + process.env.LEAKY_SECRET); } });`,
            ),
          ),
        ],
        /^atlas-peering: Error: \[object Object\]\n$|^atlas-peering: Error: \(unreadable\)\n$/,
      ],
      [
        [
          "plan",
          "--file",
          file(
            "badname.mjs",
            thrower(
              `const e = new Error("m " + process.env.LEAKY_SECRET); e.name = { toString() { throw new Error("nm " + process.env.LEAKY_SECRET); } }; throw e;`,
            ),
          ),
        ],
        /^atlas-peering: Error: m \[REDACTED\]\n$/,
      ],
      [
        // Both credential pairs set: the service account is used, and the unused private key is a secret all the same.
        [
          "plan",
          "--file",
          file("other.mjs", `throw new Error("private key is " + process.env.LEAKY_PRIVATE_KEY);\n`),
        ],
        /^atlas-peering: AtlasDeclarationError: .*other\.mjs: cannot load the module: private key is \[REDACTED\]\n$/,
        { ...env, MONGODB_ATLAS_PUBLIC_API_KEY: "pubkeyabc", MONGODB_ATLAS_PRIVATE_API_KEY: leakyPrivateKey },
      ],
      [["plan"], /^atlas-peering: plan needs --file <declaration>\n$/],
      [["plan", "-f", "x.json", "--frobnicate"], /^atlas-peering: Unknown option '--frobnicate'/],
      [["deploy", "-f", "x.json"], /^atlas-peering: unknown command "deploy": use plan or apply/],
      [["apply", "-f", "x.json", "--timeout", "soon"], /^atlas-peering: --timeout "soon": give a duration/],
      [
        ["plan", "-f", file("creds.yaml", yamlFor(groupId))],
        /^atlas-peering: no credentials: set MONGODB_ATLAS_CLIENT_ID/,
        {},
      ],
      [
        ["plan", "-f", file("half.yaml", yamlFor(groupId))],
        /^atlas-peering: AtlasConfigurationError: MONGODB_ATLAS_CLIENT_SECRET/,
        { MONGODB_ATLAS_CLIENT_ID: "mdb_sa_id_x" },
      ],
      [
        ["plan", "-f", file("url.yaml", yamlFor(groupId)), "--base-url", "ftp://example"],
        /^atlas-peering: AtlasConfigurationError: baseUrl/,
      ],
    ];
    process.env.LEAKY_SECRET = atlas.credentials.clientSecret;
    process.env.LEAKY_PRIVATE_KEY = leakyPrivateKey;
    onTestFinished(() => {
      delete process.env.LEAKY_SECRET;
      delete process.env.LEAKY_PRIVATE_KEY;
    });
    for (const [args, pattern, environment] of cases) {
      const { code, stderr } = await run(args, environment ? { env: environment } : {});
      expect(stderr).not.toContain(atlas.credentials.clientSecret);
      expect(stderr).not.toContain(leakyPrivateKey);
      expect(code, args.join(" ")).toBe(1);
      expect(stderr, args.join(" ")).toMatch(pattern);
      expect(stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  test("progress on a terminal's stderr while apply works and waits; --no-wait returns before the peer settles", async () => {
    const groupId = atlas.state.addGroup();
    const declaration = file("progress.yaml", yamlFor(groupId));
    atlas.state.transitionMs = 300;
    try {
      const noWait = await run(["apply", "-f", declaration, "--auto-approve", "--no-wait"]);
      expect(noWait.code, noWait.stderr).toBe(0);
      expect(noWait.stdout).toMatch(/INITIATING\s+not-waited/);
      expect(noWait.stderr).toBe("");
    } finally {
      atlas.state.transitionMs = 10;
    }
    const other = file("progress2.yaml", yamlFor(atlas.state.addGroup()));
    const shown = await run(["apply", "-f", other, "--auto-approve"], { stderrTty: true });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain("done   create container AWS US_EAST_1");
    expect(shown.stderr).toMatch(
      /peer {2}AWS 999900000000\/vpc-0a1b2c3d4e5f60718: PENDING_ACCEPTANCE \(waiting-for-user\)/,
    );
  });

  test("--help and --version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("atlas-peering plan  --file F [--json] [--detailed-exitcode] [--prune]");
    expect((await run(["--version"])).stdout).toMatch(/^atlas-peering \d+\.\d+\.\d+/);
  });
});
