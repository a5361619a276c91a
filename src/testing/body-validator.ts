import type { Ajv, ErrorObject, ValidateFunction } from "ajv";

export interface FieldViolation {
  field: string;
  description: string;
}

interface SchemaObject {
  properties?: Record<string, { readOnly?: boolean }>;
  allOf?: SchemaObject[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}

interface Fragment {
  components: { schemas: Record<string, SchemaObject> };
}

/**
 * Validates request bodies of one discriminated union (peers, containers) with the vendored
 * fragment's own schemas, compiled by Ajv: no second, hand-written schema that could drift from
 * MongoDB's. The member schema is chosen by the union's discriminator mapping; fields the member
 * does not declare, and its readOnly fields, are refused as Atlas refuses attributes it does not
 * accept. A readOnly field the member lists as required (`id`) is required in answers only, as
 * OpenAPI 3.0 says; Ajv knows nothing of readOnly, so its "required" complaint about one is dropped.
 */
export class BodyValidator {
  readonly #ajv: Ajv;
  readonly #fragment: Fragment;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #discriminator: { propertyName: string; mapping: Record<string, string> };
  /** What one item is called in messages: "peering connections", "network peering containers". */
  readonly #items: string;

  constructor(ajv: Ajv, fragment: unknown, unionSchema: string, items: string) {
    this.#ajv = ajv;
    this.#fragment = fragment as Fragment;
    this.#items = items;
    const discriminator = this.#fragment.components.schemas[unionSchema]?.discriminator;
    if (!discriminator) throw new Error(`the fragment's ${unionSchema} has no discriminator`);
    this.#discriminator = discriminator;
  }

  /** Ajv (the class, loaded at run time) with the whole fragment registered once, for every validator of one local Atlas. */
  static compilerFor(AjvClass: typeof Ajv, fragment: unknown): Ajv {
    // OpenAPI 3.0 schemas are JSON Schema with extra keywords (example, discriminator, x-*): not strict.
    const ajv = new AjvClass({ strict: false, allErrors: true });
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat("int32", true);
    ajv.addSchema(fragment as object, "fragment");
    return ajv;
  }

  /** The violations of a request body: empty when Atlas would accept it. */
  validate(body: unknown): FieldViolation[] {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return [{ field: "", description: "The request body must be a JSON object." }];
    const { propertyName, mapping } = this.#discriminator;
    const provider = (body as Record<string, unknown>)[propertyName];
    if (provider === undefined) return [{ field: propertyName, description: `${propertyName} is required.` }];
    const reference =
      typeof provider === "string" && Object.prototype.hasOwnProperty.call(mapping, provider)
        ? mapping[provider]
        : undefined;
    if (!reference)
      return [
        {
          field: propertyName,
          description: `${propertyName} must be one of ${Object.keys(mapping).join(", ")}.`,
        },
      ];

    const declared = this.#declaredProperties(reference);
    const violations: FieldViolation[] = [];
    for (const field of Object.keys(body)) {
      if (!Object.prototype.hasOwnProperty.call(declared, field))
        violations.push({
          field,
          description: `${field} is not an attribute of ${String(provider)} ${this.#items}.`,
        });
      else if (declared[field]?.readOnly) violations.push({ field, description: `${field} is read-only.` });
    }
    const validate = this.#validator(reference);
    if (!validate(body)) {
      for (const error of validate.errors ?? []) {
        if (isReadOnlyRequirement(error, declared)) continue;
        const field =
          error.keyword === "required"
            ? String(error.params.missingProperty)
            : error.instancePath.replace(/^\//, "").replace(/\//g, ".");
        violations.push({ field, description: `${field || "body"} ${error.message ?? "is invalid"}.` });
      }
    }
    return violations;
  }

  /** The member's properties, its own and those of its allOf entries (the containers declare theirs there). */
  #declaredProperties(reference: string): Record<string, { readOnly?: boolean }> {
    const schema = this.#fragment.components.schemas[reference.split("/").pop()!] ?? {};
    const entries = [schema, ...(schema.allOf ?? [])];
    return Object.assign({}, ...entries.map((entry) => entry.properties ?? {}));
  }

  #validator(reference: string): ValidateFunction {
    let validate = this.#validators.get(reference);
    if (!validate) {
      validate = this.#ajv.getSchema(`fragment${reference}`);
      if (!validate) throw new Error(`the fragment has no schema at ${reference}`);
      this.#validators.set(reference, validate);
    }
    return validate;
  }
}

function isReadOnlyRequirement(
  error: ErrorObject,
  declared: Record<string, { readOnly?: boolean }>,
): boolean {
  return error.keyword === "required" && declared[String(error.params.missingProperty)]?.readOnly === true;
}
