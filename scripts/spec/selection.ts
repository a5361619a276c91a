import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ScriptError } from "../lib/script-error.js";
import { isPlainObject, own, type OpenApiDocument, type OperationObject } from "./openapi-document.js";

/**
 * What the pipeline vendors, as spec/selection.yaml declares it: the fragment's name (which names
 * its files), the operations to include (by tag, operationId, or `METHOD /path`), and the
 * operations to leave out, each with its reason. The scripts know nothing else about the API.
 */
export interface Selection {
  /** Names the fragment's files: `spec/<name>.yaml`, `generated/<name>.ts`, ... */
  fragment: string;
  include: OperationMatcher[];
  exclude: Array<OperationMatcher & { reason: string }>;
}

/** One way to name operations: every operation with a tag, one operationId, or one method and path. */
export type OperationMatcher = { tag: string } | { operationId: string } | { operation: string };

/** An operation of an upstream document, as the selection sees it. */
export interface SelectedOperation {
  method: string;
  path: string;
  operationId: string;
}

export interface ResolvedSelection {
  /** The selected operations, in upstream order (paths in document order, methods in document order). */
  operations: SelectedOperation[];
  /** Matchers that matched nothing in this document: worth a look, not a failure (upstream moves). */
  unmatched: string[];
}

/** HTTP methods an OpenAPI path item may hold; other keys (parameters, summary, x-*) are not operations. */
export const httpMethods = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

const selectorKeys = ["tag", "operationId", "operation"] as const;
const fragmentNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const operationPattern = /^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (\/\S*)$/;

/** Reads and checks the selection file; every problem is one line naming the file and the entry. */
export function readSelection(path: string, shownAs: string): Selection {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScriptError(
      code === "ENOENT"
        ? `${shownAs} is missing: it names what is vendored`
        : `cannot read ${shownAs}: ${code}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw new ScriptError(`${shownAs} is not valid YAML: ${String((error as Error).message).split("\n")[0]}`);
  }
  return checkSelection(parsed, shownAs);
}

export function checkSelection(value: unknown, shownAs: string): Selection {
  if (!isPlainObject(value))
    throw new ScriptError(`${shownAs} must be a mapping with fragment, include, exclude`);
  const unknownKeys = Object.keys(value).filter((key) => !["fragment", "include", "exclude"].includes(key));
  if (unknownKeys.length > 0) throw new ScriptError(`${shownAs}: unknown key(s): ${unknownKeys.join(", ")}`);
  const { fragment, include, exclude = [] } = value;
  if (typeof fragment !== "string" || !fragmentNamePattern.test(fragment))
    throw new ScriptError(
      `${shownAs}: fragment must be a lower-case file name such as atlas-network-peering`,
    );
  if (!Array.isArray(include) || include.length === 0)
    throw new ScriptError(`${shownAs}: include must list at least one tag, operationId or operation`);
  if (!Array.isArray(exclude)) throw new ScriptError(`${shownAs}: exclude must be a list`);
  return {
    fragment,
    include: include.map((entry, index) => checkMatcher(entry, `${shownAs}: include #${index + 1}`, false)),
    exclude: exclude.map((entry, index) => {
      const matcher = checkMatcher(entry, `${shownAs}: exclude #${index + 1}`, true);
      return matcher as OperationMatcher & { reason: string };
    }),
  };
}

function checkMatcher(entry: unknown, where: string, needsReason: boolean): OperationMatcher {
  if (!isPlainObject(entry)) throw new ScriptError(`${where} must be a mapping`);
  const selectors = selectorKeys.filter((key) => Object.hasOwn(entry, key));
  const allowed = new Set<string>([...selectorKeys, "reason"]);
  const unknown = Object.keys(entry).filter((key) => !allowed.has(key));
  if (unknown.length > 0) throw new ScriptError(`${where}: unknown key(s): ${unknown.join(", ")}`);
  if (selectors.length !== 1)
    throw new ScriptError(`${where} must have exactly one of tag, operationId, operation`);
  const key = selectors[0]!;
  const selector = entry[key];
  if (typeof selector !== "string" || selector.trim() === "")
    throw new ScriptError(`${where}: ${key} must be a non-empty string`);
  if (key === "operation" && !operationPattern.test(selector))
    throw new ScriptError(
      `${where}: operation must read "METHOD /path", such as "GET /api/atlas/v2/groups/{groupId}/things"`,
    );
  if (needsReason && (typeof entry.reason !== "string" || entry.reason.trim() === ""))
    throw new ScriptError(`${where} has no reason; every exclusion must say why`);
  const matcher = { [key]: selector } as OperationMatcher;
  if (typeof entry.reason === "string") (matcher as { reason?: string }).reason = entry.reason;
  return matcher;
}

/** Which of a document's operations the selection takes, in document order. */
export function resolveSelection(document: OpenApiDocument, selection: Selection): ResolvedSelection {
  const used = new Set<OperationMatcher>();
  const operations: SelectedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isPlainObject(item)) continue;
    // Object.entries lists own properties only: a path or method named like an Object property is never inherited.
    for (const [method, value] of Object.entries(item)) {
      if (!httpMethods.has(method) || !isPlainObject(value)) continue;
      const operation = value as OperationObject;
      const candidate = {
        method,
        path,
        operationId: own(operation, "operationId"),
        tags: own(operation, "tags"),
      };
      const included = selection.include.filter((matcher) => matches(matcher, candidate));
      const excluded = selection.exclude.filter((matcher) => matches(matcher, candidate));
      for (const matcher of [...included, ...excluded]) used.add(matcher);
      if (included.length === 0 || excluded.length > 0) continue;
      if (typeof candidate.operationId !== "string" || candidate.operationId === "")
        throw new ScriptError(`${method.toUpperCase()} ${path} is selected but has no operationId`);
      operations.push({ method, path, operationId: candidate.operationId });
    }
  }
  const unmatched = [...selection.include, ...selection.exclude]
    .filter((matcher) => !used.has(matcher))
    .map(
      (matcher) => (selection.include.includes(matcher) ? "include " : "exclude ") + describeMatcher(matcher),
    );
  return { operations, unmatched };
}

export function describeMatcher(matcher: OperationMatcher): string {
  if ("tag" in matcher) return `tag "${matcher.tag}"`;
  if ("operationId" in matcher) return `operationId ${matcher.operationId}`;
  return `operation ${matcher.operation}`;
}

/** `GET /api/atlas/v2/groups/{groupId}/things`: how reports and SOURCE.json name an operation. */
export function operationLabel({ method, path }: { method: string; path: string }): string {
  return `${method.toUpperCase()} ${path}`;
}

function matches(
  matcher: OperationMatcher,
  candidate: { method: string; path: string; operationId: unknown; tags: unknown },
): boolean {
  if ("tag" in matcher) return Array.isArray(candidate.tags) && candidate.tags.includes(matcher.tag);
  if ("operationId" in matcher) return candidate.operationId === matcher.operationId;
  return matcher.operation === operationLabel(candidate);
}
