import { AtlasDeclarationError } from "../errors.js";
import { regionFieldPattern } from "../rules/region-rules.js";
import { declarationSchema } from "./schema.js";
import type { PeeringDeclaration } from "./types.js";
import { validateAgainstSchema, type SchemaViolation } from "./validate-schema.js";

/** Options of `parseDeclaration`. */
export interface ParseDeclarationOptions {
  /** Where the value came from, for messages: a file name; default `declaration`. */
  source?: string | undefined;
  /** Where a field is in the source, such as `line 7`, for messages (the YAML loader knows). */
  locate?: ((field: string) => string | undefined) | undefined;
}

/**
 * A declaration from a parsed value (JSON, YAML, or an object): checked against the declaration's
 * JSON Schema, or an `AtlasDeclarationError` naming the first field at fault, in one line. A region
 * name Atlas does not know is let through here: the plan reports it as a `REGION_NAME` finding,
 * with the name it probably meant.
 */
export function parseDeclaration(value: unknown, options: ParseDeclarationOptions = {}): PeeringDeclaration {
  const source = options.source ?? "declaration";
  const violations = validateAgainstSchema(declarationSchema, value).filter(
    (violation) => !(violation.keyword === "enum" && regionFieldPattern.test(violation.path)),
  );
  const first = violations[0];
  if (first) {
    const where = options.locate?.(first.path);
    throw new AtlasDeclarationError(first.path, `${describe(first)}${where ? ` (${where})` : ""}`, source);
  }
  return value as PeeringDeclaration;
}

function describe(violation: SchemaViolation): string {
  if (violation.keyword === "enum") {
    const allowed = (violation.allowed ?? []).map(String);
    const shown = allowed.length > 8 ? `${allowed.slice(0, 8).join(", ")}, ...` : allowed.join(", ");
    return `${JSON.stringify(violation.value)} is not one of ${shown}`;
  }
  if (
    violation.keyword === "type" &&
    typeof violation.value === "number" &&
    violation.message.includes("string")
  )
    return `${violation.message} (quote it: "${String(violation.value)}")`;
  if (violation.keyword === "pattern" || violation.keyword === "format")
    return `${JSON.stringify(violation.value)} ${violation.message}`;
  return violation.message;
}
