import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  closeSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkGenerated } from "../../scripts/spec/commands/check-generated.js";
import { generate } from "../../scripts/spec/commands/generate.js";
import { specDiff } from "../../scripts/spec/commands/spec-diff.js";
import { specVendor } from "../../scripts/spec/commands/spec-vendor.js";
import { fromRoot, pipelineFiles } from "../../scripts/spec/layout.js";
import { makePipelineCopy } from "../helpers/pipeline-copy.js";
import { runInProcess } from "../helpers/run-in-process.js";
import { runNodeScript } from "../helpers/run-node-script.js";
import { sharedUpstreamAvailable } from "../helpers/shared-upstream.js";
import { smallUpstream } from "../helpers/small-upstream.js";

/** The pipeline's commands run in this process (their entry points' own behaviour is tested once, below). */
const vendor = (input: string, root: string) => runInProcess("spec:vendor", specVendor, [input], { root });
const check = (root?: string) =>
  runInProcess("check:generated", checkGenerated, [], {
    ...(root ? { root } : {}),
    env: { ATLAS_REQUIRE_UPSTREAM: "" },
  });
const regenerate = (root: string) => runInProcess("generate", generate, [], { root });

const inputs = mkdtempSync(join(tmpdir(), "atlas-bad-inputs-"));
/** What the edits below start from: the committed cut with the operations the selection excludes (smallUpstream). */
const committedCut = smallUpstream();
const write = (name: string, content: string) => {
  const path = join(inputs, name);
  writeFileSync(path, content);
  return path;
};

/**
 * Documents that once crashed the pipeline with a stack trace, or made it read a local file and copy
 * it into generated/ (an independent review): each edits the committed cut.
 */
const hostileDocuments: Array<[string, (cut: string) => string, RegExp]> = [
  [
    "an external $ref to a local file",
    (cut) => cut.replace('$ref: "#/components/schemas/PaginatedContainerPeerView"', '$ref: "/etc/hostname"'),
    /has the external \$ref "\/etc\/hostname"; only references inside the document are followed$/,
  ],
  [
    "an external $ref to a URL",
    (cut) =>
      cut.replace(
        '$ref: "#/components/schemas/PaginatedContainerPeerView"',
        '$ref: "http://127.0.0.1:9/schema.yaml"',
      ),
    /has the external \$ref "http:\/\/127\.0\.0\.1:9\/schema\.yaml"/,
  ],
  [
    "a $ref that points at itself",
    (cut) =>
      cut
        .replace(
          '$ref: "#/components/schemas/PaginatedContainerPeerView"',
          '$ref: "#/components/schemas/Loop"',
        )
        .replace(/^  schemas:\n/m, '  schemas:\n    Loop:\n      $ref: "#/components/schemas/Loop"\n'),
    /the \$ref "#\/components\/schemas\/Loop" leads back to itself$/,
  ],
  [
    "a schema named constructor",
    (cut) => cut.replace(/^  schemas:\n/m, "  schemas:\n    constructor:\n      type: string\n"),
    /components\.schemas has a component named "constructor"/,
  ],
  [
    "a selected path with a space in it",
    (cut) =>
      cut.replace(
        /^  \/api\/atlas\/v2\/groups\/\{groupId\}\/peers\/\{peerId\}:$/m,
        '  "/api/atlas/v2/groups/{groupId}/peers/{peerId} x":',
      ),
    /the selected path .* has spaces or control characters$/,
  ],
];

let server: Server;
let serverUrl = "";
let closedPortUrl = "";

/** 200 MiB, far above the 16 MiB the pipeline reads. */
const hugeBytes = 200 * 1024 * 1024;

beforeAll(async () => {
  // A loopback server that announces a huge document, streams one without announcing its length,
  // and answers 404 for everything else; and a port that nobody listens on.
  server = createServer((request, response) => {
    if (request.url === "/announced-huge.yaml") {
      // Only the header: a client that believed it and read on would wait for 200 MiB that never come.
      response.writeHead(200, { "content-length": String(hugeBytes) });
      response.flushHeaders();
      request.socket.on("close", () => response.destroy());
      return;
    }
    if (request.url === "/streamed-huge.yaml") {
      response.writeHead(200, { "content-type": "text/yaml" });
      const chunk = Buffer.from(`# ${"x".repeat(1024 * 1024 - 3)}\n`);
      let sent = 0;
      const pump = () => {
        while (sent < hugeBytes / chunk.length) {
          sent += 1;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("close", () => (sent = Number.POSITIVE_INFINITY));
      pump();
      return;
    }
    response.writeHead(404).end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/v2.yaml`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(() => {
  rmSync(inputs, { recursive: true, force: true });
  // The huge answers are never finished: end their connections rather than wait for them.
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

describe("spec:vendor with bad input: a one-line error, a non-zero exit, nothing written", () => {
  mkdirSync(join(inputs, "a-directory"), { recursive: true });
  const cases: Array<[string, () => string, RegExp]> = [
    ["a missing file", () => join(inputs, "does-not-exist.yaml"), /no such file: .*does-not-exist\.yaml$/],
    ["a directory", () => join(inputs, "a-directory"), /is a directory/],
    [
      "invalid YAML",
      () => write("invalid.yaml", "openapi: 3.0.1\npaths: {\n  bad: [\n"),
      /is not valid YAML/,
    ],
    [
      "a YAML file that is not OpenAPI",
      () => write("list.yaml", "- just\n- a list\n"),
      /is not an OpenAPI 3 document/,
    ],
    [
      "a document with none of the selected operations",
      () =>
        write(
          "no-peering.yaml",
          `openapi: 3.0.1\ninfo: {title: x, version: '1', x-xgen-sha: "${"0".repeat(40)}"}\npaths:\n  /other: {}\n`,
        ),
      /has none of the operations spec\/selection\.yaml includes/,
    ],
    [
      "a document whose types would not compile with src/ (a field src/ reads becomes a number)",
      () =>
        write(
          "breaks-src.yaml",
          committedCut.replace(
            "              type: string\n            regionName:",
            "              type: integer\n            regionName:",
          ),
        ),
      /the generated types do not compile with src\/ \(spec:vendor wrote nothing\): src\/containers\/ensure-container\.ts.*TS2345/,
    ],
    [
      "a document that lacks an operation src/ uses: the lost operation is named first",
      () => write("partial.yaml", committedCut.replace(/^    patch:$/m, "    x-removed-patch:")),
      /^spec:vendor: error: the selection lost 1 operation\(s\) since spec\/SOURCE\.json \(the last vendoring\): PATCH \/api\/atlas\/v2\/groups\/\{groupId\}\/containers\/\{containerId\} \(updateGroupContainer\) .*; and then: /,
    ],
    [
      "a selected operation without an operationId",
      () =>
        write(
          "no-operation-id.yaml",
          committedCut.replace("operationId: getGroupPeer", "x-no-operation-id: true"),
        ),
      /GET \/api\/atlas\/v2\/groups\/\{groupId\}\/peers\/\{peerId\} is selected but has no operationId/,
    ],
    [
      "a $ref that does not resolve",
      () =>
        write(
          "dangling-ref.yaml",
          committedCut.replace(
            '$ref: "#/components/schemas/PaginatedContainerPeerView"',
            '$ref: "#/components/schemas/NoSuchSchema"',
          ),
        ),
      /refers to "#\/components\/schemas\/NoSuchSchema", which the document does not have$/,
    ],
    ...hostileDocuments.map(
      ([name, edit, expected]) =>
        [name, () => write(`${name.replace(/\W+/g, "-")}.yaml`, edit(committedCut)), expected] as [
          string,
          () => string,
          RegExp,
        ],
    ),
    [
      "an unreachable URL",
      () => closedPortUrl,
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/v2\.yaml: ECONNREFUSED/,
    ],
    ["a URL that answers 404", () => `${serverUrl}/v2.yaml`, /cannot download .*: HTTP 404/],
    [
      "a 200 MB file (measured before it is read)",
      () => {
        // Sparse: 200 MiB long, nothing on disk. Reading and parsing it is what used to exhaust the heap.
        const path = join(inputs, "huge.yaml");
        const descriptor = openSync(path, "w");
        ftruncateSync(descriptor, hugeBytes);
        closeSync(descriptor);
        return path;
      },
      /huge\.yaml is 200 MiB; the pipeline reads at most 16 MiB \(MongoDB's whole document is about 4 MB\): refused before parsing$/,
    ],
    [
      "a URL announcing 200 MB (Content-Length, refused before the body)",
      () => `${serverUrl}/announced-huge.yaml`,
      /announced-huge\.yaml is 200 MiB; the pipeline reads at most 16 MiB .*: refused before parsing$/,
    ],
    [
      "a URL streaming past the limit without announcing a length",
      () => `${serverUrl}/streamed-huge.yaml`,
      /streamed-huge\.yaml is more than 16 MiB; the pipeline reads at most 16 MiB .*: refused before parsing$/,
    ],
  ];

  test.each(cases)("%s", async (_name, makeInput, expected) => {
    const copy = makePipelineCopy();
    try {
      const before = copy.snapshot();
      const run = await vendor(makeInput(), copy.root);
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^spec:vendor: error: /);
      expect(lines[0]).toMatch(expected);
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  test.each(hostileDocuments)("spec:diff too, with %s: one line, exit 1", async (name, edit, expected) => {
    const committed = write("committed-cut.yaml", committedCut);
    const hostile = write(`diff-${name.replace(/\W+/g, "-")}.yaml`, edit(committedCut));
    const run = await runInProcess("spec:diff", specDiff, [committed, hostile]);
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^spec:diff: error: /);
    expect(lines[0]).toMatch(expected);
  });

  test("the entry point, as a child process: no argument at all is a usage error (exit 2), one line", async () => {
    const run = await runNodeScript("scripts/spec-vendor.ts", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^spec:vendor: error: usage: npm run spec:vendor -- <upstream[^\n]*\n$/);
  });

  test("the entry point, as a child process: bad input is one line on stderr and exit 1", async () => {
    const run = await runNodeScript("scripts/spec-vendor.ts", [join(inputs, "does-not-exist.yaml")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^spec:vendor: error: no such file: .*does-not-exist\.yaml\n$/);
  });
});

describe("spec/selection.yaml with mistakes: a one-line error naming the entry, nothing written", () => {
  const selectionCases: Array<[string, (text: string) => string, RegExp]> = [
    [
      "an exclusion without a reason",
      (text) => text.replace(/    reason: >-\n(?:      .*\n)+/, ""),
      /spec\/selection\.yaml: exclude #1 has no reason; every exclusion must say why/,
    ],
    ["no include", (text) => text.replace(/^include:\n(?:  .*\n)+/m, ""), /include must list at least one/],
    ["an unknown key", (text) => `${text}selected: []\n`, /unknown key\(s\): selected/],
    [
      "two selectors in one entry",
      (text) => text.replace("  - tag: Network Peering", "  - tag: Network Peering\n    operationId: x"),
      /include #1 must have exactly one of tag, operationId, operation/,
    ],
    [
      "a malformed operation",
      (text) => text.replace("operation: GET /api", "operation: FETCH /api"),
      /exclude #1: operation must read "METHOD \/path"/,
    ],
    [
      "a fragment name that is not a file name",
      (text) => text.replace("fragment: atlas-network-peering", "fragment: ../x"),
      /fragment must be a lower-case file name/,
    ],
    ["invalid YAML", (text) => `${text}\n  - [\n`, /spec\/selection\.yaml is not valid YAML/],
  ];

  test.each(selectionCases)("%s", async (_name, edit, expected) => {
    const copy = makePipelineCopy();
    try {
      const path = join(copy.root, pipelineFiles.selection);
      const original = readFileSync(path, "utf8");
      const edited = edit(original);
      expect(edited).not.toBe(original);
      writeFileSync(path, edited);
      const before = copy.snapshot();
      const run = await vendor(write("cut-as-upstream.yaml", committedCut), copy.root);
      expect(run.status).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^spec:vendor: error: /);
      expect(lines[0]).toMatch(expected);
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  test("check:generated notices a selection edited without re-vendoring", async () => {
    const copy = makePipelineCopy();
    try {
      const path = join(copy.root, pipelineFiles.selection);
      writeFileSync(path, readFileSync(path, "utf8").replace(/  - operation: PATCH[\s\S]*$/, ""));
      const run = await check(copy.root);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /spec\/selection\.yaml changed since the last vendoring.*npm run spec:vendor/,
      );
    } finally {
      copy.remove();
    }
  });
});

describe("check:generated", () => {
  const edits: Array<[string, string, (text: string) => string, RegExp]> = [
    [
      "the fixed-up fragment",
      pipelineFiles.fragment,
      (text) => text.replace("INITIATING", "INITIATINX"),
      /stale: spec\/atlas-network-peering\.yaml.*Run `npm run generate`/,
    ],
    [
      "the generated types",
      pipelineFiles.types,
      (text) => text.replace("statusName?:", "statusNam?:"),
      /stale: generated\/atlas-network-peering\.ts.*Run `npm run generate`/,
    ],
    [
      "the fix-ups",
      pipelineFiles.fixups,
      (text) =>
        text.replace(
          "update:\n      nullable: true\n  - target: $.components.schemas.GCP",
          "update:\n      nullable: false\n  - target: $.components.schemas.GCP",
        ),
      /stale: spec\/atlas-network-peering\.yaml/,
    ],
    [
      "the upstream cut",
      pipelineFiles.upstreamCut,
      (text) => text.replace("Network Peering", "Network Peerinx"),
      /is not what spec:vendor wrote.*never be edited by hand/,
    ],
  ];

  test.each(edits)(
    "one character edited in %s without regenerating fails with what to run",
    async (_name, file, edit, expected) => {
      const copy = makePipelineCopy();
      try {
        const path = join(copy.root, file);
        const original = readFileSync(path, "utf8");
        const edited = edit(original);
        expect(edited).not.toBe(original);
        writeFileSync(path, edited);
        const run = await check(copy.root);
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(expected);
      } finally {
        copy.remove();
      }
    },
  );

  test("passes on the committed files", async () => {
    const run = await runInProcess("check:generated", checkGenerated, []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("are fresh");
  });
});

describe("generate", () => {
  test("regenerating from the committed cut changes nothing", async () => {
    const copy = makePipelineCopy();
    try {
      const before = copy.snapshot();
      const run = await regenerate(copy.root);
      expect(run.status, run.stderr).toBe(0);
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  test("a fix-up that no longer matches anything fails and writes nothing", async () => {
    const copy = makePipelineCopy();
    try {
      const path = join(copy.root, pipelineFiles.fixups);
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace(
          "$.components.schemas.GCPNetworkPeeringConnectionSettings.required",
          "$.components.schemas.NoSuchSchema.required",
        ),
      );
      const before = copy.snapshot();
      const run = await regenerate(copy.root);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^generate: error: spec\/fixups\.overlay\.yaml: fix-up\(s\) no longer match anything upstream.*NoSuchSchema/,
      );
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  test("a fix-up without a reason is refused", async () => {
    const copy = makePipelineCopy();
    try {
      const path = join(copy.root, pipelineFiles.fixups);
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace(
          /    description: Same as for AWS, providerName is the discriminator and must be required.\n/,
          "",
        ),
      );
      const run = await regenerate(copy.root);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/has no description; every fix-up must say why/);
    } finally {
      copy.remove();
    }
  });
});

describe.runIf(sharedUpstreamAvailable())("re-vendoring from ../shared/atlas-openapi/v2.yaml", () => {
  test("reproduces the committed spec/ and generated/ byte for byte, wherever the clone sits", async () => {
    const copy = makePipelineCopy();
    try {
      const before = copy.snapshot();
      const modified = new Map(
        [pipelineFiles.types, pipelineFiles.fragmentJson, pipelineFiles.fragment].map((file) => [
          file,
          statSync(join(copy.root, file)).mtimeMs,
        ]),
      );
      // The copy's ../shared is the repository's, so the location recorded is the committed one,
      // whether the clone sits in /work, in /tmp/clone or anywhere else.
      const run = await vendor(copy.shared("atlas-openapi/v2.yaml"), copy.root);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("No change in the fragment.");
      // Every file is left as it was, not rewritten.
      expect(run.stdout).toContain("spec:vendor: every file already up to date\n");
      for (const file of [pipelineFiles.types, pipelineFiles.fragmentJson, pipelineFiles.fragment])
        expect(statSync(join(copy.root, file)).mtimeMs, file).toBe(modified.get(file));
      expect(copy.snapshot()).toEqual(before);
    } finally {
      copy.remove();
    }
  });

  test("adding an operation is an edit of the selection file: the deprecated privateIpMode GET, selected again", async () => {
    const copy = makePipelineCopy();
    try {
      const path = join(copy.root, pipelineFiles.selection);
      const edited = readFileSync(path, "utf8").replace(
        /  - operation: GET \/api\/atlas\/v2\/groups\/\{groupId\}\/privateIpMode\n    reason: >-\n(?:      .*\n)+/,
        "",
      );
      writeFileSync(path, edited);
      const run = await vendor(copy.shared("atlas-openapi/v2.yaml"), copy.root);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain("cut 12 operations on 6 paths");
      expect(run.stdout).toContain(
        "GET /api/atlas/v2/groups/{groupId}/privateIpMode: added (verifyGroupPrivateIpMode)",
      );
      // A new operation is a minor release, as the compiler sees it: nothing old code does stops compiling.
      expect(run.stdout).toContain("[minor] GET /api/atlas/v2/groups/{groupId}/privateIpMode: added");
      expect(run.stdout.trim().split("\n").at(-2)).toBe("Suggested release: minor");
      expect(readFileSync(join(copy.root, pipelineFiles.types), "utf8")).toContain(
        '"/api/atlas/v2/groups/{groupId}/privateIpMode"',
      );
      expect(readFileSync(join(copy.root, pipelineFiles.upstreamCut), "utf8")).toContain("PrivateIPModeView");
    } finally {
      copy.remove();
    }
  });
});

describe("spec:vendor when the fragment changes", () => {
  test("a fragment that changed while x-xgen-sha did not is reported and released (a changeset), not called unchanged", async () => {
    const copy = makePipelineCopy();
    try {
      const edited = write(
        "description-edited.yaml",
        committedCut.replace(
          "description: Unique string that identifies the VPC on Amazon Web Services (AWS) that you want to peer with the MongoDB Cloud VPC.",
          "description: Identifies the VPC on AWS that you peer with the MongoDB Cloud VPC.",
        ),
      );
      expect(readFileSync(edited, "utf8")).not.toBe(committedCut);
      const run = await vendor(edited, copy.root);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        "Upstream x-xgen-sha f84b8e4346991132f70f5610809ad1b6af020975 (unchanged)",
      );
      expect(run.stdout).toContain("AwsNetworkPeeringConnectionSettings.vpcId: description changed");
      expect(run.stdout).toContain("Suggested release: patch");
      const written = /^spec:vendor: wrote (.*)$/m.exec(run.stdout)?.[1]?.split(", ") ?? [];
      const changesetPath = written.find((path) => path.startsWith(".changeset/atlas-spec-f84b8e43-"));
      expect(changesetPath, run.stdout).toBeDefined();
      const changeset = readFileSync(join(copy.root, changesetPath!), "utf8");
      expect(changeset).toMatch(/^---\n"atlas-peering-client": patch\n---\n/);
      expect(changeset).toContain("`AwsNetworkPeeringConnectionSettings.vpcId`: description changed");
      expect(readFileSync(join(copy.root, pipelineFiles.types), "utf8")).toContain(
        "Identifies the VPC on AWS that you peer with the MongoDB Cloud VPC.",
      );
    } finally {
      copy.remove();
    }
  });
});
