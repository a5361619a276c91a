import { isDeepStrictEqual } from "node:util";
import openapiFormat from "openapi-format";
import { ScriptError } from "../lib/script-error.js";
import { isPlainObject, own, type OpenApiDocument } from "./openapi-document.js";

interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

/** A fix-up that upstream has made unnecessary, wholly or at some of its targets. */
export interface RedundantFixup {
  /** Its place in spec/fixups.overlay.yaml, from 1. */
  number: number;
  target: string;
  /** Where it would only have repeated what upstream already has (`$.components.schemas.X.required`); empty when it changes nothing at all. */
  partly: string[];
}

export interface FixupOutcome {
  document: OpenApiDocument;
  /** Fix-ups that changed nothing (remove them), or added only what was already there at some targets. */
  redundant: RedundantFixup[];
}

/**
 * Applies the declared fix-ups (an OpenAPI Overlay document, applied by openapi-format's overlay
 * implementation) to the upstream cut, one action after the other as the Overlay specification
 * says, so that each is judged on its own:
 * - every action must carry a `description` (its reason);
 * - an action whose target matches nothing means upstream changed under it: the step stops, and a
 *   person looks before it is dropped or rewritten;
 * - an action that changes nothing (upstream now has what it adds) is reported as redundant, to be
 *   removed;
 * - an action never duplicates a list entry: openapi-format appends an `update` to a list, so
 *   `required: [providerName]` on a schema that upstream already makes require providerName would
 *   list it twice (invalid JSON Schema, which lint lets through); such repeats are dropped and the
 *   action reported as redundant where it made them.
 */
export async function applyFixups(
  cut: OpenApiDocument,
  overlay: unknown,
  overlayPath: string,
): Promise<FixupOutcome> {
  const actions = overlayActions(overlay, overlayPath);
  let document = structuredClone(cut);
  const unused: string[] = [];
  const redundant: RedundantFixup[] = [];
  for (const [index, action] of actions.entries()) {
    const applied = await applyOneAction(
      document,
      { ...(overlay as object), actions: [action] },
      overlayPath,
    );
    if (!applied) {
      unused.push(action.target);
      continue;
    }
    const repeated: string[] = [];
    const result = withoutNewRepeats(document, applied, "$", repeated) as OpenApiDocument;
    if (isDeepStrictEqual(result, document))
      redundant.push({ number: index + 1, target: action.target, partly: [] });
    else if (repeated.length > 0)
      redundant.push({ number: index + 1, target: action.target, partly: repeated });
    document = result;
  }
  if (unused.length > 0)
    throw new ScriptError(
      `${overlayPath}: fix-up(s) no longer match anything upstream, review them: ${unused.join(", ")}`,
    );
  return { document, redundant };
}

/** One action applied by openapi-format; undefined when its target matches nothing. */
async function applyOneAction(
  document: OpenApiDocument,
  overlay: unknown,
  overlayPath: string,
): Promise<OpenApiDocument | undefined> {
  const logged: string[] = [];
  const originalConsoleError = console.error;
  // openapi-format reports malformed actions on console.error and goes on; collect them instead.
  console.error = (...parts: unknown[]) => void logged.push(parts.map(String).join(" "));
  let result;
  try {
    result = await openapiFormat.openapiOverlay(
      structuredClone(document) as never,
      { overlaySet: overlay } as never,
    );
  } finally {
    console.error = originalConsoleError;
  }
  if (logged.length > 0) throw new ScriptError(`${overlayPath}: ${logged[0]}`);
  const unused = (result.resultData as { unusedActions?: OverlayAction[] }).unusedActions ?? [];
  return unused.length > 0 ? undefined : (result.data as unknown as OpenApiDocument);
}

/**
 * `after` with every list that an action made repeat an entry (one it did not repeat before)
 * holding each entry once; the JSONPath of each such list goes into `repeated`.
 */
function withoutNewRepeats(before: unknown, after: unknown, path: string, repeated: string[]): unknown {
  if (Array.isArray(after)) {
    const items = after.map((item, index) =>
      withoutNewRepeats(
        Array.isArray(before) ? before[index] : undefined,
        item,
        `${path}[${index}]`,
        repeated,
      ),
    );
    const repeatedBefore = Array.isArray(before) && hasRepeats(before);
    if (repeatedBefore || !hasRepeats(items)) return items;
    repeated.push(path);
    return items.filter(
      (item, index) => items.findIndex((other) => isDeepStrictEqual(other, item)) === index,
    );
  }
  if (!isPlainObject(after)) return after;
  return Object.fromEntries(
    Object.keys(after).map((key) => [
      key,
      withoutNewRepeats(own(before, key), own(after, key), `${path}${jsonPathMember(key)}`, repeated),
    ]),
  );
}

function hasRepeats(items: readonly unknown[]): boolean {
  return items.some((item, index) => items.findIndex((other) => isDeepStrictEqual(other, item)) !== index);
}

function jsonPathMember(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function overlayActions(overlay: unknown, overlayPath: string): OverlayAction[] {
  if (!isPlainObject(overlay) || typeof overlay.overlay !== "string" || !Array.isArray(overlay.actions)) {
    throw new ScriptError(
      `${overlayPath} is not an OpenAPI Overlay document (needs "overlay" and "actions")`,
    );
  }
  const actions = overlay.actions as OverlayAction[];
  actions.forEach((action, index) => {
    if (
      !isPlainObject(action) ||
      typeof action.description !== "string" ||
      action.description.trim() === ""
    ) {
      throw new ScriptError(
        `${overlayPath}: action #${index + 1} has no description; every fix-up must say why`,
      );
    }
  });
  return actions;
}
