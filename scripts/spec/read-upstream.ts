import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ScriptError } from "../lib/script-error.js";
import { asRecordedPath } from "./layout.js";
import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";
import { checkXgenSha } from "./upstream-text/xgen-sha.js";
import { visibleText } from "./upstream-text/visible-text.js";
import { truncationEvidence } from "./upstream-completeness.js";

export interface UpstreamDocument {
  /** Where it was read from, as recorded in spec/SOURCE.json: a URL, or a path relative to the repository root. */
  location: string;
  /** For a URL: the URL whose answer held the bytes (the one asked for, or where it redirected). */
  servedFrom?: string;
  sha256: string;
  /** How many bytes were read. */
  bytes: number;
  document: OpenApiDocument;
}

export interface ReadOptions {
  /**
   * Follow a redirect to another origin (scheme, host and port) than the URL asked for. Off by
   * default: the bytes would come from somewhere the person running the step did not name. A
   * redirect within the same origin is always followed.
   */
  allowRedirect?: boolean;
}

const downloadTimeoutMs = 60_000;

/**
 * The largest upstream document the pipeline reads: 16 MiB, four times MongoDB's whole v2 document
 * (about 4 MB in 2026). Parsing YAML takes about 40 bytes of memory per byte of input, so this
 * bounds a run to well under a gigabyte; a 200 MB input used to exhaust the heap after 45 s. Files
 * are measured before they are read, downloads by their Content-Length and then as they stream.
 */
export const maximumUpstreamBytes = 16 * 1024 * 1024;

/**
 * Reads an upstream Atlas Admin API v2 document from a file path or an http(s) URL and parses it.
 * A document that looks cut short (see upstream-completeness.ts) or whose `info.x-xgen-sha` is not
 * a commit id is refused in one line.
 */
export async function readUpstream(location: string, options: ReadOptions = {}): Promise<UpstreamDocument> {
  const isUrl = /^https?:\/\//i.test(location);
  const { bytes, servedFrom } = isUrl
    ? await download(location, options.allowRedirect === true)
    : { bytes: await readLocalFile(location), servedFrom: undefined };
  const recorded = isUrl ? location : asRecordedPath(resolve(location));
  const text = bytes.toString("utf8");
  const document = parseOpenApi(text, recorded, bytes.length);
  const truncated = truncationEvidence(text);
  if (truncated)
    throw new ScriptError(
      visibleText(
        `${recorded} looks truncated (${bytes.length} bytes read): ${truncated}; read or download it again`,
      ),
    );
  checkXgenSha(document.info, recorded);
  return {
    location: recorded,
    ...(servedFrom !== undefined ? { servedFrom } : {}),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    bytes: bytes.length,
    document,
  };
}

async function readLocalFile(path: string): Promise<Buffer> {
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    throw fileError(path, error);
  }
  try {
    const stats = await file.stat();
    if (stats.isDirectory()) throw new ScriptError(`${path} is a directory, not an OpenAPI document`);
    if (stats.size > maximumUpstreamBytes) throw tooLarge(path, stats.size);
    // Read with the same cap: the file may have grown since it was measured.
    return await collectCapped(path, chunksOf(file));
  } catch (error) {
    throw error instanceof ScriptError ? error : fileError(path, error);
  } finally {
    await file.close();
  }
}

function fileError(path: string, error: unknown): ScriptError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new ScriptError(`no such file: ${path}`);
  if (code === "EISDIR") return new ScriptError(`${path} is a directory, not an OpenAPI document`);
  return new ScriptError(`cannot read ${path}: ${code ?? String(error)}`);
}

function tooLarge(location: string, bytes: number | undefined): ScriptError {
  const size = bytes === undefined ? `more than ${megabytes(maximumUpstreamBytes)}` : megabytes(bytes);
  return new ScriptError(
    `${location} is ${size}; the pipeline reads at most ${megabytes(maximumUpstreamBytes)} (MongoDB's whole document is about 4 MB): refused before parsing`,
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}

async function* chunksOf(file: FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const { bytesRead, buffer } = await file.read({ buffer: Buffer.alloc(1024 * 1024) });
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** The bytes of a stream, refusing (and ending it) as soon as they pass the cap. */
async function collectCapped(location: string, chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const collected: Uint8Array[] = [];
  let total = 0;
  // Leaving the loop early (the throw) ends the iterator, which cancels a download's body.
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maximumUpstreamBytes) throw tooLarge(location, undefined);
    collected.push(chunk);
  }
  return Buffer.concat(collected, total);
}

/** How many redirects within the origin asked for are followed. */
const maximumRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads a document, following redirects by hand (fetch's `redirect: "follow"` would go
 * anywhere): within the origin asked for always, to another origin only when allowed. Returns the
 * bytes and the URL whose answer held them.
 */
async function download(url: string, allowRedirect: boolean): Promise<{ bytes: Buffer; servedFrom: string }> {
  const signal = AbortSignal.timeout(downloadTimeoutMs);
  const asked = new URL(url);
  let current = asked;
  for (let redirects = 0; ; redirects += 1) {
    const response = await fetchOnce(url, current, signal);
    if (redirectStatuses.has(response.status)) {
      await response.body?.cancel().catch(() => undefined);
      current = redirectTarget(url, current, response, redirects, allowRedirect, asked);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new ScriptError(
        `cannot download ${url}: HTTP ${response.status}${current === asked ? "" : ` from ${current.href}`}`,
      );
    }
    const announced = Number(response.headers.get("content-length") ?? Number.NaN);
    if (announced > maximumUpstreamBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(url, announced);
    }
    if (!response.body) return { bytes: Buffer.alloc(0), servedFrom: current.href };
    const received = { bytes: 0 };
    try {
      return {
        bytes: await collectCapped(
          url,
          counted(response.body as unknown as AsyncIterable<Uint8Array>, received),
        ),
        servedFrom: current.href,
      };
    } catch (error) {
      if (error instanceof ScriptError) throw error;
      const of = Number.isFinite(announced) ? ` of the ${announced} its Content-Length announced` : "";
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ScriptError(
        `the download of ${url} was cut off after ${received.bytes} bytes${of} (${cause}): it is truncated; try again`,
      );
    }
  }
}

async function fetchOnce(asked: string, url: URL, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { signal, redirect: "manual" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${downloadTimeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? String(error));
    throw new ScriptError(
      `cannot reach ${url.href === asked ? asked : `${url.href} (redirected from ${asked})`}: ${why}`,
    );
  }
}

/** Where a redirect leads, when it may be followed; a one-line refusal otherwise. */
function redirectTarget(
  url: string,
  current: URL,
  response: Response,
  redirects: number,
  allowRedirect: boolean,
  asked: URL,
): URL {
  const location = response.headers.get("location");
  if (location === null)
    throw new ScriptError(
      `cannot download ${url}: HTTP ${response.status} from ${current.href} without a Location`,
    );
  if (!URL.canParse(location, current.href))
    throw new ScriptError(
      visibleText(
        `cannot download ${url}: HTTP ${response.status} to ${JSON.stringify(location.slice(0, 200))}, which is not a URL`,
      ),
    );
  const next = new URL(location, current);
  if (next.protocol !== "https:" && next.protocol !== "http:")
    throw new ScriptError(`cannot download ${url}: it redirects to ${next.href}, which is not http(s)`);
  if (redirects >= maximumRedirects)
    throw new ScriptError(
      `cannot download ${url}: more than ${maximumRedirects} redirects (the last to ${next.href})`,
    );
  if (next.origin !== asked.origin && !allowRedirect)
    throw new ScriptError(
      `${url} redirects (HTTP ${response.status}) to another origin, ${next.href}: refused, the document would not come from where you asked; run again with --allow-redirect to accept it (both URLs are then recorded in spec/SOURCE.json and the pull request)`,
    );
  return next;
}

/** The chunks of a stream, counting the bytes that came (for the message when it is cut off). */
async function* counted(
  chunks: AsyncIterable<Uint8Array>,
  received: { bytes: number },
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    received.bytes += chunk.byteLength;
    yield chunk;
  }
}

/**
 * Parses YAML (or JSON, which is YAML) with the YAML 1.2 core schema, so that unquoted dates such as
 * `2023-01-01` stay strings instead of becoming Date objects.
 */
function parseOpenApi(text: string, location: string, bytes: number): OpenApiDocument {
  let document: unknown;
  try {
    document = parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    const firstLine = String((error as Error).message).split("\n")[0];
    const position = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    const lines = text.split("\n").length;
    // An error on the last lines of a long document is what a download cut short looks like.
    const nearEnd = position !== undefined && lines > 20 && position >= lines - 2;
    throw new ScriptError(
      visibleText(
        nearEnd
          ? `${location} looks truncated (${bytes} bytes read): it is not valid YAML at its end, line ${position} of ${lines} (${firstLine}); read or download it again`
          : `${location} is not valid YAML: ${firstLine}`,
      ),
    );
  }
  if (!isPlainObject(document) || typeof document.openapi !== "string" || !isPlainObject(document.paths)) {
    const partial =
      isPlainObject(document) && (isPlainObject(document.components) || isPlainObject(document.paths));
    throw new ScriptError(
      partial
        ? `${location} is not a whole OpenAPI 3 document (no "openapi" version or no "paths", though it has components or paths): it looks truncated (${bytes} bytes read); read or download it again`
        : `${location} is not an OpenAPI 3 document (no "openapi" version or no "paths")`,
    );
  }
  if (!document.openapi.startsWith("3.")) {
    throw new ScriptError(`${location} is OpenAPI ${document.openapi}; the pipeline reads OpenAPI 3.x`);
  }
  return document as OpenApiDocument;
}
