import openapiFormat from "openapi-format";
import { ScriptError } from "../lib/script-error.js";
import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";

interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

/**
 * Applies the declared fix-ups (an OpenAPI Overlay 1.0 document, applied by openapi-format's
 * overlay implementation) to the upstream cut. Every action must carry a `description` (its
 * reason) and must change something: an action whose target matches nothing means upstream
 * changed under it (perhaps fixed it), and a person should look before it is dropped or rewritten.
 */
export async function applyFixups(
  cut: OpenApiDocument,
  overlay: unknown,
  overlayPath: string,
): Promise<OpenApiDocument> {
  const actions = overlayActions(overlay, overlayPath);
  const logged: string[] = [];
  const originalConsoleError = console.error;
  // openapi-format reports malformed actions on console.error and goes on; collect them instead.
  console.error = (...parts: unknown[]) => void logged.push(parts.map(String).join(" "));
  let result;
  try {
    result = await openapiFormat.openapiOverlay(
      structuredClone(cut) as never,
      { overlaySet: overlay } as never,
    );
  } finally {
    console.error = originalConsoleError;
  }
  if (logged.length > 0) throw new ScriptError(`${overlayPath}: ${logged[0]}`);
  const unused = (result.resultData as { unusedActions?: OverlayAction[] }).unusedActions ?? [];
  if (unused.length > 0) {
    const targets = unused.map((action) => action.target).join(", ");
    throw new ScriptError(
      `${overlayPath}: fix-up(s) no longer match anything upstream, review them: ${targets}`,
    );
  }
  if (actions.length === 0) return structuredClone(cut);
  return result.data as unknown as OpenApiDocument;
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
