import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
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
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ScriptError(`no such file: ${path}`);
    if (code === "EISDIR") throw new ScriptError(`${path} is a directory, not an OpenAPI document`);
    throw new ScriptError(`cannot read ${path}: ${code ?? String(error)}`);
  }
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
  if (!response.ok) throw new ScriptError(`cannot download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
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
