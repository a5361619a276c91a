import { ScriptError } from "../lib/script-error.js";
import { isPlainObject, type OpenApiDocument } from "./openapi-document.js";

/** Names every JavaScript object has: as a component's name they break the tools that cut and compile. */
const objectPropertyNames = new Set(Object.getOwnPropertyNames(Object.prototype));
/** A path the generated types and the client can hold: printable, no spaces, no control characters. */
const sendablePath = /^\/[\x21-\x7e]*$/;

/**
 * Before the cut: component names the cutting library (openapi-format, which keeps components in
 * plain objects) would crash on with a stack trace, refused in one line instead.
 */
export function checkComponentNames(upstream: OpenApiDocument, location: string): void {
  for (const [kind, components] of Object.entries(upstream.components ?? {})) {
    if (!isPlainObject(components)) continue;
    for (const name of Object.keys(components))
      if (objectPropertyNames.has(name))
        throw new ScriptError(
          `${location}: components.${kind} has a component named ${JSON.stringify(name)}, a name every JavaScript object has; the pipeline refuses it rather than cut it wrong`,
        );
  }
}

/**
 * After the cut, before anything reads, lints or writes it: every `$ref` stays inside the fragment
 * and resolves there, no `$ref` only points at another (a loop of aliases), and every selected
 * path can be sent. An external `$ref` (a file, a URL) would make the linter and the generator
 * read it: a document from the network must not make the pipeline read this machine's files, or
 * fetch, and copy what it finds into generated/.
 */
export function checkCutFragment(fragment: OpenApiDocument, location: string): void {
  for (const path of Object.keys(fragment.paths))
    if (!sendablePath.test(path))
      throw new ScriptError(
        `${location}: the selected path ${JSON.stringify(path.slice(0, 80))} has spaces or control characters`,
      );
  walk(fragment, "#", (reference, where) => {
    if (!reference.startsWith("#/"))
      throw new ScriptError(
        `${location}: ${where} has the external $ref ${JSON.stringify(reference.slice(0, 120))}; only references inside the document are followed`,
      );
    const seen = new Set<string>();
    let current = reference;
    for (;;) {
      if (seen.has(current))
        throw new ScriptError(
          `${location}: ${where}: the $ref ${JSON.stringify(reference)} leads back to itself`,
        );
      seen.add(current);
      const target = resolvePointer(fragment, current);
      if (target === undefined)
        throw new ScriptError(
          `${location}: ${where} refers to ${JSON.stringify(current.slice(0, 120))}, which the document does not have`,
        );
      // Only a pure alias ({ $ref } alone) continues the chain; a schema that refers to itself
      // through a property is an ordinary recursive schema.
      if (!isPlainObject(target) || typeof target.$ref !== "string" || Object.keys(target).length !== 1)
        break;
      current = target.$ref;
      if (!current.startsWith("#/"))
        throw new ScriptError(
          `${location}: ${where} leads to the external $ref ${JSON.stringify(current.slice(0, 120))}; only references inside the document are followed`,
        );
    }
  });
}

function walk(value: unknown, where: string, visit: (reference: string, where: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${where}/${index}`, visit));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string") visit(child, where);
    else walk(child, `${where}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, visit);
  }
}

/** The value a local JSON pointer (`#/components/schemas/X`) names, or undefined. */
function resolvePointer(document: unknown, reference: string): unknown {
  let current: unknown = document;
  for (const raw of reference.slice(2).split("/")) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (Array.isArray(current) && /^\d+$/.test(token)) current = current[Number(token)];
    else if (isPlainObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}
