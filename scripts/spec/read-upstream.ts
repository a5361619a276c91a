import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ScriptError } from "../lib/script-error.js";
import { asRecordedPath } from "./layout.js";
import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";

export interface UpstreamDocument {
  /** Where it was read from, as recorded in spec/SOURCE.json: a URL, or a path relative to the repository root. */
  location: string;
  sha256: string;
  document: OpenApiDocument;
}

const downloadTimeoutMs = 60_000;

/**
 * The largest upstream document the pipeline reads: 16 MiB, four times MongoDB's whole v2 document
 * (about 4 MB in 2026). Parsing YAML takes about 40 bytes of memory per byte of input, so this
 * bounds a run to well under a gigabyte; a 200 MB input used to exhaust the heap after 45 s. Files
 * are measured before they are read, downloads by their Content-Length and then as they stream.
 */
export const maximumUpstreamBytes = 16 * 1024 * 1024;

/** Reads an upstream Atlas Admin API v2 document from a file path or an http(s) URL and parses it. */
export async function readUpstream(location: string): Promise<UpstreamDocument> {
  const isUrl = /^https?:\/\//i.test(location);
  const bytes = isUrl ? await download(location) : await readLocalFile(location);
  const recorded = isUrl ? location : asRecordedPath(resolve(location));
  return {
    location: recorded,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    document: parseOpenApi(bytes.toString("utf8"), recorded),
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

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(downloadTimeoutMs), redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${downloadTimeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? String(error));
    throw new ScriptError(`cannot reach ${url}: ${why}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ScriptError(`cannot download ${url}: HTTP ${response.status}`);
  }
  const announced = Number(response.headers.get("content-length") ?? Number.NaN);
  if (announced > maximumUpstreamBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, announced);
  }
  if (!response.body) return Buffer.alloc(0);
  try {
    return await collectCapped(url, response.body as unknown as AsyncIterable<Uint8Array>);
  } catch (error) {
    if (error instanceof ScriptError) throw error;
    throw new ScriptError(`cannot download ${url}: ${(error as Error).message}`);
  }
}

/**
 * Parses YAML (or JSON, which is YAML) with the YAML 1.2 core schema, so that unquoted dates such as
 * `2023-01-01` stay strings instead of becoming Date objects.
 */
function parseOpenApi(text: string, location: string): OpenApiDocument {
  let document: unknown;
  try {
    document = parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000 });
  } catch (error) {
    const firstLine = String((error as Error).message).split("\n")[0];
    throw new ScriptError(`${location} is not valid YAML: ${firstLine}`);
  }
  if (!isPlainObject(document) || typeof document.openapi !== "string" || !isPlainObject(document.paths)) {
    throw new ScriptError(`${location} is not an OpenAPI 3 document (no "openapi" version or no "paths")`);
  }
  if (!document.openapi.startsWith("3.")) {
    throw new ScriptError(`${location} is OpenAPI ${document.openapi}; the pipeline reads OpenAPI 3.x`);
  }
  return document as OpenApiDocument;
}
