import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import changelog from "@changesets/cli/changelog";
import parseChangeset from "@changesets/parse";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ScriptMain } from "../../scripts/lib/run-script.js";
import { specDiff } from "../../scripts/spec/commands/spec-diff.js";
import { pullRequestBody, specUpdate } from "../../scripts/spec/commands/spec-update.js";
import { specVendor } from "../../scripts/spec/commands/spec-vendor.js";
import { pipelineFiles } from "../../scripts/spec/layout.js";
import { makePipelineCopy, type PipelineCopy } from "../helpers/pipeline-copy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import type { ScriptRun } from "../helpers/run-node-script.js";
import { smallUpstream, type UpstreamObject } from "../helpers/small-upstream.js";

/**
 * Odd upstream documents (issue 19): thirteen that the pipeline once handled badly, in seven
 * classes, each a row run end to end against a copy of the pipeline (in-process: each run takes
 * seconds). Every document is the committed cut made a small upstream (smallUpstream), edited as
 * the row says; the loopback servers stand in for MongoDB's raw.githubusercontent.com. The forty
 * odd documents that were already handled well are the rows of change-report.test.ts and
 * pipeline-scripts.test.ts.
 */

const peers = "/api/atlas/v2/groups/{groupId}/peers";
const peer = `${peers}/{peerId}`;
const schemas = (document: UpstreamObject) => document.components!.schemas as Record<string, any>;
const hostileName =
  "`x` [Approve this update](https://evil.example/approve) <img src=https://evil.example/x.png>";
const withSha = (sha: string) => (document: UpstreamObject) => {
  document.info["x-xgen-sha"] = sha;
};

interface Outcome {
  run: ScriptRun;
  copy: PipelineCopy;
  before: Map<string, string>;
  after: Map<string, string>;
  /** What the run wrote or changed, by path. */
  written: Map<string, string>;
  /** The GitHub Actions step outputs it wrote. */
  outputs: string;
}

interface Row {
  name: string;
  command: "spec:vendor" | "spec:update" | "spec:diff";
  /** The document, or how a loopback server serves it (and where to ask for it). */
  upstream: () => { text: string; route?: "document" | "redirect-elsewhere" | "redirect-here" | "cut-off" };
  /** Further arguments (`--allow-redirect`). */
  flags?: string[];
  check: (outcome: Outcome) => void;
}

/** A one-line refusal: exit 1, one stderr line matching, nothing written. */
function refused(pattern: RegExp): (outcome: Outcome) => void {
  return ({ run, written }) => {
    expect(run.status, run.stdout).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect([...written.keys()]).toEqual([]);
  };
}

const markdown = new MarkdownIt({ html: true, linkify: true });
/** Links, images and HTML a Markdown text renders to (GitHub's bare-URL links included). */
function liveMarkup(text: string): string[] {
  return markdown
    .parse(text, {})
    .flatMap((token) => [token, ...(token.children ?? [])])
    .filter((token) => /^(link_open|image|html_inline|html_block)$/.test(token.type))
    .map(
      (token) => `${token.type} ${token.content}${token.attrGet("href") ?? ""}${token.attrGet("src") ?? ""}`,
    );
}

const rows: Row[] = [
  // 1. Text from the downloaded document reaches code and Markdown unencoded.
  {
    name: "1a. x-xgen-sha with a line break and `export const injected: number = 1;`: refused in one line",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: withSha("f84b8e4346991132f70f5610809ad1b6af020975\nexport const injected: number = 1;"),
      }),
    }),
    check: refused(
      /^spec:vendor: error: .*: info\.x-xgen-sha must be MongoDB's commit id, 40 lower-case hexadecimal digits \(not "f84b8e4346991132f70f5610809ad1b6af020975\\nexport const inject"\)/,
    ),
  },
  {
    name: "1b. x-xgen-sha with U+2028 and an export after it: refused in one line",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: withSha("f84b8e4346991132f70f5610809ad1b6af020975\u2028export const injected = 1;"),
      }),
    }),
    check: refused(
      /info\.x-xgen-sha must be MongoDB's commit id, .* \(not "f84b8e4346991132f70f5610809ad1b6af020975\\u\{2028\}export const inject"\)/,
    ),
  },
  {
    name: "1c. x-xgen-sha with a line break and plain words: one line, no formatter stack trace (spec:update)",
    command: "spec:update",
    upstream: () => ({
      text: smallUpstream({ edit: withSha("f84b8e4346991132f70f5610809ad1b6af020975\nplain words here") }),
      route: "document",
    }),
    check: (outcome) => {
      refused(/^spec:update: error: .*info\.x-xgen-sha must be MongoDB's commit id/)(outcome);
      expect(outcome.outputs).toBe("");
    },
  },
  {
    name: "1d. a property name with backticks, a Markdown link and <img>: code in the pull request, the changeset and CHANGELOG.md",
    command: "spec:update",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          schemas(document).AwsNetworkPeeringConnectionSettings.properties[hostileName] = { type: "string" };
        },
      }),
      route: "document",
    }),
    check: ({ run, written, outputs }) => {
      expect(run.status, run.stderr).toBe(0);
      const body = written.get(pullRequestBody)!;
      const changesetPath = [...written.keys()].find((path) => path.startsWith(".changeset/"))!;
      // The other places upstream text lands: the changeset's file name and the workflow's step outputs.
      expect(changesetPath).toMatch(/^\.changeset\/atlas-spec-[0-9a-f]{8}-[0-9a-f]{8}\.md$/);
      expect(
        outputs
          .split("\n")
          .filter(Boolean)
          .map((line) => line.split("=")[0]),
      ).toEqual(["changed", "release", "title", "body-file"]);
      const changeset = written.get(changesetPath)!;
      // What `changeset version` writes into CHANGELOG.md for it: @changesets/cli's own parser and changelog lines.
      const entry = changelog.getReleaseLine(
        { ...parseChangeset(changeset), id: "x", commit: undefined } as never,
        "minor",
        null,
      );
      return entry.then((changelogEntry) => {
        for (const [where, text] of [
          ["pull request", body],
          ["changeset", changeset],
          ["CHANGELOG.md", changelogEntry],
        ] as const) {
          expect(text, where).toContain("AwsNetworkPeeringConnectionSettings.`x` [Approve this update]");
          expect(liveMarkup(text), where).toEqual([]);
        }
        expect(body).toMatch(
          /^- ``AwsNetworkPeeringConnectionSettings\.`x` \[Approve this update\]\(https:\/\/evil\.example\/approve\) <img src=https:\/\/evil\.example\/x\.png>``: property added \(`string`\)/m,
        );
      });
    },
  },
  {
    name: "1e. a property name with a line break: the console report cannot be given a forged line",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          schemas(document).AwsNetworkPeeringConnectionSettings.properties["note\nSuggested release: patch"] =
            {
              type: "string",
            };
        },
      }),
    }),
    check: ({ run }) => {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        "AwsNetworkPeeringConnectionSettings.note\\u{a}Suggested release: patch: property added (string)",
      );
      expect(run.stdout.split("\n").filter((line) => line.startsWith("Suggested release:"))).toEqual([
        "Suggested release: minor",
      ]);
    },
  },

  // 2. Facts the hand-written client copies from the spec are checked after vendoring.
  {
    name: "2a. the groupId pattern widened to 32 hex digits: the atlasIdPattern fact stops the step",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          (document.components!.parameters as any).groupId.schema.pattern = "^([a-f0-9]{32})$";
        },
      }),
    }),
    check: refused(
      /^spec:vendor: error: spec fact atlasIdPattern \(src\/spec-facts\.ts, used by src\/client\/atlas-id\.ts .*\) disagrees with the fragment cut from .*: GET \/api\/atlas\/v2\/groups\/\{groupId\}\/containers \(listGroupContainers\): the path parameter groupId has the pattern \^\(\[a-f0-9\]\{32\}\)\$, not \^\(\[a-f0-9\]\{24\}\)\$ \(and \d+ more disagreement\(s\) of atlasIdPattern\)/,
    ),
  },
  {
    name: "2b. the 2023-01-01 media type removed (2026-01-01 only): the default API version resolves to nothing",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream().replaceAll(
        "application/vnd.atlas.2023-01-01+json",
        "application/vnd.atlas.2026-01-01+json",
      ),
    }),
    check: refused(
      /^spec:vendor: error: spec fact defaultApiVersion .* disagrees with .*: 2025-03-12 resolves to no version of GET \/api\/atlas\/v2\/groups\/\{groupId\}\/containers \(listGroupContainers\) \(its versions: 2026-01-01\)/,
    ),
  },
  {
    name: "2c. the DigestAuth security scheme removed: auth { type: 'digest' } has nothing behind it",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.security = document.security!.filter((requirement) => !("DigestAuth" in requirement));
          delete (document.components!.securitySchemes as any).DigestAuth;
        },
      }),
    }),
    check: refused(
      /^spec:vendor: error: spec fact authSchemes \(.*\) disagrees with .*: auth mode digest needs the security scheme DigestAuth, which the fragment does not declare/,
    ),
  },

  // 3. The report names values, and looks names up as own properties only.
  {
    name: "3a. x-sunset added to an operation: the report says the date",
    command: "spec:diff",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.paths[peer]!.get["x-sunset"] = "2026-09-01";
        },
      }),
    }),
    check: ({ run }) => {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`GET ${peer}: added x-sunset: 2026-09-01`);
    },
  },
  {
    name: "3b. servers and the token URL moved: the URLs are in the report, and the flow is reached by every operation",
    command: "spec:diff",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.servers = [{ url: "https://cloud.mongodbgov.com" }];
          (document.components!.securitySchemes as any).ServiceAccounts.flows.clientCredentials.tokenUrl =
            "https://cloud.mongodbgov.com/api/oauth/token";
        },
      }),
    }),
    check: ({ run }) => {
      expect(run.stdout).toContain(
        "document: servers[0].url https://cloud.mongodb.com -> https://cloud.mongodbgov.com",
      );
      expect(run.stdout).toContain(
        "securitySchemes.ServiceAccounts: flows.clientCredentials.tokenUrl https://cloud.mongodb.com/api/oauth/token -> https://cloud.mongodbgov.com/api/oauth/token  (requests of 11 operations)",
      );
      expect(run.stdout).not.toContain("reached by no operation");
      // The report first, then the facts: the client's default base URL is no longer among the servers.
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(
        /^spec:diff: error: spec fact defaultBaseUrl .*https:\/\/cloud\.mongodb\.com is not among the servers of/,
      );
    },
  },
  {
    name: "3c. properties named __proto__, constructor and toString: added, each once, as properties",
    command: "spec:diff",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          const properties = schemas(document).AwsNetworkPeeringConnectionSettings.properties;
          for (const name of ["__proto__", "constructor", "toString"])
            Object.defineProperty(properties, name, {
              value: { type: "string" },
              enumerable: true,
              writable: true,
              configurable: true,
            });
        },
      }),
    }),
    check: ({ run }) => {
      expect(run.status, run.stderr).toBe(0);
      for (const name of ["__proto__", "constructor", "toString"])
        expect(run.stdout).toContain(`AwsNetworkPeeringConnectionSettings.${name}: property added (string)`);
      expect(run.stdout).not.toMatch(/native code|function Object|type added: string/);
    },
  },

  // 4. Deprecation is a minor release, and the helper over the operation must say so.
  {
    name: "4. deprecated: true on GET /peers/{peerId}: minor, and the step names the helper to mark",
    command: "spec:diff",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.paths[peer]!.get.deprecated = true;
        },
      }),
    }),
    check: ({ run }) => {
      expect(run.stdout).toContain(
        `[minor] GET ${peer}: now deprecated (a deprecation is a minor release: SemVer 2.0.0, item 7)`,
      );
      expect(run.stdout).toContain("Suggested release: minor");
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^spec:diff: error: spec fact operationHelpers .*: GET \/api\/atlas\/v2\/groups\/\{groupId\}\/peers\/\{peerId\} \(getGroupPeer\) is deprecated upstream: mark its helper client\.peers\.get @deprecated in its doc comment/,
      );
    },
  },

  // 5. Operations leaving or entering the selection are named first.
  {
    name: "5a. the excluded privateIpMode path renamed upstream: spec:vendor stops, naming the exclusions and what they let in",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream().replaceAll("/privateIpMode:", "/privateIpModeSettings:"),
    }),
    check: refused(
      /^spec:vendor: error: spec\/selection\.yaml: exclude operation GET \/api\/atlas\/v2\/groups\/\{groupId\}\/privateIpMode, exclude operation PATCH \/api\/atlas\/v2\/groups\/\{groupId\}\/privateIpMode match\(es\) nothing in .*: upstream renamed or removed what it names; update or remove the entry; meanwhile the selection gained GET \/api\/atlas\/v2\/groups\/\{groupId\}\/privateIpModeSettings \(getExcludedOperation\), PATCH .*\(patchExcludedOperation\)$/,
    ),
  },
  {
    name: "5b. the same, weekly: spec:update warns loudly and the pull request's first section names them",
    command: "spec:update",
    upstream: () => ({
      text: smallUpstream().replaceAll("/privateIpMode:", "/privateIpModeSettings:"),
      route: "document",
    }),
    check: ({ run, written, outputs }) => {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /^spec:update: WARNING: spec\/selection\.yaml: exclude operation GET \/api\/atlas\/v2\/groups\/\{groupId\}\/privateIpMode matches nothing upstream/m,
      );
      const body = written.get(pullRequestBody)!;
      const sections = body.split("\n").filter((line) => line.startsWith("### "));
      expect(sections[0]).toBe("### Selection (against spec/SOURCE.json (the last vendoring))");
      expect(body).toContain(
        "- matches nothing: `exclude operation PATCH /api/atlas/v2/groups/{groupId}/privateIpMode` (spec/selection.yaml)",
      );
      expect(body).toContain(
        "- operation gained: `GET /api/atlas/v2/groups/{groupId}/privateIpModeSettings (getExcludedOperation)`",
      );
      expect(run.stdout.split("\n")[1]).toBe("Selection (against spec/SOURCE.json (the last vendoring)):");
      expect(outputs).toContain("release=minor\n");
    },
  },
  {
    name: "5c. the peers operations moved to another tag: the step names the operations that left the selection",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          for (const path of [peers, peer])
            for (const operation of Object.values(document.paths[path]!))
              operation.tags = ["Network Peering Connections"];
        },
      }),
    }),
    check: refused(
      /^spec:vendor: error: the selection lost 5 operation\(s\) since spec\/SOURCE\.json \(the last vendoring\): GET \/api\/atlas\/v2\/groups\/\{groupId\}\/peers \(listGroupPeers\), POST .*, DELETE .*, GET .*, PATCH \/api\/atlas\/v2\/groups\/\{groupId\}\/peers\/\{peerId\} \(updateGroupPeer\) \(upstream moved them to another tag, renamed or removed them\); and then: /,
    ),
  },
  {
    name: "5d. a download cut at a line boundary in paths (MongoDB's key order): truncated, not 'fix-ups no longer match'",
    command: "spec:update",
    upstream: () => {
      const text = smallUpstream({ mongoOrder: true });
      const lines = text.split("\n");
      const inPaths = lines.findIndex((line) => line === `  ${peers}:`);
      return { text: `${lines.slice(0, inPaths).join("\n")}\n`, route: "document" };
    },
    check: refused(
      /^spec:update: error: http:\/\/127\.0\.0\.1:\d+\/document looks truncated \(\d+ bytes read\): it has no top-level servers, security, which the last vendored cut \(spec\/upstream\/atlas-network-peering\.yaml\) has; read or download it again$/,
    ),
  },
  {
    name: "5e. a download cut in the middle of a line: truncated",
    command: "spec:update",
    upstream: () => {
      const text = smallUpstream({ mongoOrder: true });
      return {
        text: text.slice(0, Math.floor(text.length * 0.7)).replace(/\n[^\n]*$/, "\n    description: Ret"),
        route: "document",
      };
    },
    check: refused(
      /looks truncated \(\d+ bytes read\): it ends in the middle of a line: ".*description: Ret"; read or download it again$/,
    ),
  },
  {
    name: "5f. a download whose connection drops before its Content-Length: truncated, with the byte counts",
    command: "spec:update",
    upstream: () => ({ text: smallUpstream(), route: "cut-off" }),
    check: refused(
      /^spec:update: error: the download of http:\/\/127\.0\.0\.1:\d+\/cut-off was cut off after \d+ bytes of the \d+ its Content-Length announced \(.*\): it is truncated; try again$/,
    ),
  },

  // 6. Fix-ups upstream has made unnecessary are named, and never duplicate list entries.
  {
    name: "6. upstream requires providerName itself: the three fix-ups are named redundant, required lists it once",
    command: "spec:vendor",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          for (const name of [
            "AwsNetworkPeeringConnectionSettings",
            "AzureNetworkPeeringConnectionSettings",
            "GCPNetworkPeeringConnectionSettings",
          ])
            schemas(document)[name].required.push("providerName");
        },
      }),
    }),
    check: ({ run, after }) => {
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("Fix-ups upstream has made unnecessary (spec/fixups.overlay.yaml):");
      for (const [number, schema] of [
        [1, "AwsNetworkPeeringConnectionSettings"],
        [2, "AzureNetworkPeeringConnectionSettings"],
        [3, "GCPNetworkPeeringConnectionSettings"],
      ])
        expect(run.stdout).toContain(
          `  action #${number} ($.components.schemas.${schema}.required) changes nothing: upstream already has it; remove it`,
        );
      const fragment = JSON.parse(after.get(pipelineFiles.fragmentJson)!) as {
        components: { schemas: Record<string, { required: string[] }> };
      };
      for (const schema of Object.values(fragment.components.schemas))
        if (schema.required)
          expect(new Set(schema.required).size, schema.required.join(", ")).toBe(schema.required.length);
      expect(fragment.components.schemas.AwsNetworkPeeringConnectionSettings!.required).toContain(
        "providerName",
      );
    },
  },

  // 7. Provenance across redirects.
  {
    name: "7a. a 302 to another origin: refused unless --allow-redirect",
    command: "spec:update",
    upstream: () => ({ text: smallUpstream(), route: "redirect-elsewhere" }),
    check: refused(
      /^spec:update: error: http:\/\/127\.0\.0\.1:(\d+)\/redirect-elsewhere redirects \(HTTP 302\) to another origin, http:\/\/localhost:\d+\/document: refused, .* run again with --allow-redirect to accept it/,
    ),
  },
  {
    name: "7b. a 302 to another origin with --allow-redirect: SOURCE.json and the pull request name both URLs",
    command: "spec:update",
    flags: ["--allow-redirect"],
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.paths[peer]!.get.description = "Returns one network peering connection.";
        },
      }),
      route: "redirect-elsewhere",
    }),
    check: ({ run, written }) => {
      expect(run.status, run.stderr).toBe(0);
      const source = JSON.parse(written.get(pipelineFiles.source)!) as { upstream: Record<string, string> };
      expect(source.upstream.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/redirect-elsewhere$/);
      expect(source.upstream.servedFrom).toMatch(/^http:\/\/localhost:\d+\/document$/);
      expect(written.get(pullRequestBody)).toContain(
        `(\`${source.upstream.location}\`, served by \`${source.upstream.servedFrom}\` after a redirect)`,
      );
    },
  },
  {
    name: "7c. a redirect within the same origin is followed without the flag, and recorded",
    command: "spec:update",
    upstream: () => ({
      text: smallUpstream({
        edit: (document) => {
          document.paths[peer]!.get.description = "Returns one network peering connection.";
        },
      }),
      route: "redirect-here",
    }),
    check: ({ run, written }) => {
      expect(run.status, run.stderr).toBe(0);
      const source = JSON.parse(written.get(pipelineFiles.source)!) as { upstream: Record<string, string> };
      expect(source.upstream.location).toMatch(/\/redirect-here$/);
      expect(source.upstream.servedFrom).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/document$/);
    },
  },
];

/** The document the loopback servers serve to the row running now. */
let served = "";
let here: Server;
let elsewhere: Server;
let hereUrl = "";
let elsewhereUrl = "";
const inputs = mkdtempSync(join(tmpdir(), "atlas-odd-upstreams-"));

function answer(request: IncomingMessage, response: ServerResponse, isHere: boolean): void {
  if (isHere && request.url === "/redirect-elsewhere")
    return void response.writeHead(302, { location: `${elsewhereUrl}/document` }).end();
  if (isHere && request.url === "/redirect-here")
    return void response.writeHead(302, { location: "/document" }).end();
  if (request.url === "/cut-off") {
    // Announces the whole document, sends half, and hangs up.
    const bytes = Buffer.from(served);
    response.writeHead(200, { "content-length": String(bytes.length) });
    response.write(bytes.subarray(0, bytes.length >> 1), () => response.destroy());
    return;
  }
  if (request.url === "/document")
    return void response.writeHead(200, { "content-type": "text/yaml" }).end(served);
  response.writeHead(404).end();
}

beforeAll(async () => {
  here = createServer((request, response) => answer(request, response, true));
  elsewhere = createServer((request, response) => answer(request, response, false));
  await Promise.all(
    [here, elsewhere].map((server) => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
  );
  hereUrl = `http://127.0.0.1:${(here.address() as AddressInfo).port}`;
  // Another origin: another host name (and port) for the same loopback address.
  elsewhereUrl = `http://localhost:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const server of [here, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  rmSync(inputs, { recursive: true, force: true });
});

const commands: Record<Row["command"], ScriptMain> = {
  "spec:vendor": specVendor,
  "spec:update": specUpdate,
  "spec:diff": specDiff,
};

describe("odd upstream documents (issue 19): each a row, run end to end", () => {
  test.each(rows.map((row) => [row.name, row] as const))("%s", async (_name, row) => {
    const copy = makePipelineCopy();
    const outputFile = join(inputs, `outputs-${rows.indexOf(row)}.txt`);
    try {
      const { text, route } = row.upstream();
      let location: string;
      if (route) {
        served = text;
        location = `${hereUrl}/${route}`;
      } else {
        location = join(inputs, `row-${rows.indexOf(row)}.yaml`);
        writeFileSync(location, text);
      }
      // spec:diff compares the small upstream as it is (the committed cut) with the odd one.
      const args =
        row.command === "spec:diff"
          ? [writeBaseline(), location, ...(row.flags ?? [])]
          : [location, ...(row.flags ?? [])];
      const before = copy.snapshot();
      const run = await runInProcess(row.command, commands[row.command], args, {
        root: copy.root,
        env: { GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: "" },
      });
      const after = copy.snapshot();
      const written = new Map([...after].filter(([path, content]) => before.get(path) !== content));
      const outputs = existsSync(outputFile) ? readFileSync(outputFile, "utf8") : "";
      await row.check({ run, copy, before, after, written, outputs });
    } finally {
      copy.remove();
    }
  });
});

function writeBaseline(): string {
  const path = join(inputs, "baseline.yaml");
  if (!existsSync(path)) writeFileSync(path, smallUpstream());
  return path;
}
