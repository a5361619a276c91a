import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromRoot } from "../../scripts/spec/layout.js";

/**
 * Whether a real component a conformance suite needs is here. CI (.ci/run) installs them and sets
 * ATLAS_REQUIRE_CONFORMANCE, which turns a missing one into a failure; anywhere else the suite is
 * skipped with a loud line saying what to install.
 */
export function toolAvailable(name: string, present: boolean, install: string): boolean {
  if (present) return true;
  if (process.env.ATLAS_REQUIRE_CONFORMANCE)
    throw new Error(`${name} is required here (ATLAS_REQUIRE_CONFORMANCE) but missing: ${install}`);
  console.warn(`\n*** SKIPPED: ${name} conformance suite did not run: ${install} ***\n`);
  return false;
}

export const apacheBinary = "/usr/sbin/apache2";
export const apachePresent =
  existsSync(apacheBinary) && existsSync("/usr/lib/apache2/modules/mod_auth_digest.so");
export const curlPresent = spawnSync("curl", ["--version"]).status === 0;

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ApacheAccessEntry {
  method: string;
  target: string;
  status: number;
  contentLength: number;
}

export interface ApacheDigestServer {
  url: string;
  /** API requests as Apache's access log recorded them, in order (the start-up probe left out). */
  accessLog(): ApacheAccessEntry[];
  close(): Promise<void>;
}

/**
 * Apache httpd with mod_auth_digest (Debian's apache2-bin), configured here in a temporary
 * directory on a loopback port: realm `MMS Public API`, `qop=auth`, MD5 (all Apache 2.4 offers),
 * `AuthDigestNonceLifetime` seconds per nonce, and a CGI that answers PATCH, GET and DELETE under
 * /api/ with what it received.
 */
export async function startApacheDigest(options: {
  nonceLifetimeSeconds: number;
  users: Record<string, string>;
}): Promise<ApacheDigestServer> {
  const directory = mkdtempSync(join(tmpdir(), "atlas-apache-"));
  chmodSync(directory, 0o755); // the CGI runs as nobody
  mkdirSync(join(directory, "cgi"));
  const port = await freePort();
  const cgi = join(directory, "cgi", "api.cgi");
  writeFileSync(
    cgi,
    [
      "#!/bin/sh",
      "# The peers endpoints behind Apache's digest authentication: echoes what it received.",
      "length=${CONTENT_LENGTH:-0}",
      'head -c "$length" > /dev/null',
      'if [ "$REQUEST_METHOD" = DELETE ]; then printf "Status: 202 Accepted\\r\\n"; fi',
      'printf "Content-Type: application/vnd.atlas.2023-01-01+json\\r\\n\\r\\n"',
      'printf \'{"method":"%s","path":"%s","bodyBytes":%s}\' "$REQUEST_METHOD" "$PATH_INFO" "$length"',
      "",
    ].join("\n"),
  );
  chmodSync(cgi, 0o755);
  const realm = "MMS Public API";
  writeFileSync(
    join(directory, "digest-users"),
    Object.entries(options.users)
      .map(
        ([user, password]) =>
          `${user}:${realm}:${createHash("md5").update(`${user}:${realm}:${password}`).digest("hex")}\n`,
      )
      .join(""),
  );
  const modules = "/usr/lib/apache2/modules";
  writeFileSync(
    join(directory, "httpd.conf"),
    [
      `ServerRoot ${directory}`,
      "ServerName 127.0.0.1",
      `Listen 127.0.0.1:${port}`,
      "User nobody",
      "Group nogroup",
      `PidFile ${directory}/httpd.pid`,
      `DefaultRuntimeDir ${directory}`,
      `Mutex file:${directory} default`,
      `ErrorLog ${directory}/error.log`,
      "LogLevel warn",
      ...[
        "mpm_event",
        "authn_core",
        "authn_file",
        "authz_core",
        "authz_user",
        "auth_digest",
        "cgid",
        "alias",
      ].map((name) => `LoadModule ${name}_module ${modules}/mod_${name}.so`),
      `ScriptSock ${directory}/cgid.sock`,
      'LogFormat "%m %U%q %>s %{Content-Length}i" peers',
      `CustomLog ${directory}/access.log peers`,
      `ScriptAlias /api/ ${cgi}/`,
      "<Location /api/>",
      "  AuthType Digest",
      `  AuthName "${realm}"`,
      "  AuthDigestProvider file",
      `  AuthUserFile ${directory}/digest-users`,
      "  AuthDigestQop auth",
      `  AuthDigestNonceLifetime ${options.nonceLifetimeSeconds}`,
      "  Require valid-user",
      "</Location>",
      "",
    ].join("\n"),
  );
  const child = spawn(apacheBinary, ["-f", join(directory, "httpd.conf"), "-DFOREGROUND"], {
    stdio: "ignore",
  });
  await waitForPort(port, child, () => readIfExists(join(directory, "error.log")));
  return {
    url: `http://127.0.0.1:${port}`,
    accessLog: () =>
      readIfExists(join(directory, "access.log"))
        .split("\n")
        .filter((line) => line.includes(" /api/"))
        .map((line) => {
          const [method, target, status, contentLength] = line.split(" ");
          return {
            method: method!,
            target: target!,
            status: Number(status),
            contentLength: contentLength === "-" ? 0 : Number(contentLength),
          };
        }),
    close: async () => {
      await stop(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface PrismServer {
  url: string;
  close(): Promise<void>;
}

/** Prism 5.14 mocking a copy of the vendored fragment, validating every request against it. */
export async function startPrism(fragment: object): Promise<PrismServer> {
  const directory = mkdtempSync(join(tmpdir(), "atlas-prism-"));
  const file = join(directory, "fragment.json");
  writeFileSync(file, JSON.stringify(fragment));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      fromRoot("node_modules/@stoplight/prism-cli/dist/index.js"),
      "mock",
      file,
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForPort(port, child, () => output, 60_000);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await stop(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  diagnostics: () => string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}): ${diagnostics().slice(-2000)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill("SIGKILL");
  throw new Error(
    `the server did not listen on ${port} within ${timeoutMs} ms: ${diagnostics().slice(-2000)}`,
  );
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
