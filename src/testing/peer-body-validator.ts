import { Ajv, type ValidateFunction } from "ajv";

export interface FieldViolation {
  field: string;
  description: string;
}

interface Fragment {
  components: {
    schemas: Record<
      string,
      {
        properties?: Record<string, { readOnly?: boolean }>;
        discriminator?: { propertyName: string; mapping: Record<string, string> };
      }
    >;
  };
}

/**
 * Validates peer request bodies with the vendored fragment's own schemas, compiled by Ajv: no
 * second, hand-written schema that could drift from MongoDB's. The member schema is chosen by
 * the fragment's discriminator mapping on `providerName`; fields the member does not declare, and
 * its readOnly fields, are refused as Atlas refuses attributes it does not accept.
 */
export class PeerBodyValidator {
  readonly #ajv: Ajv;
  readonly #fragment: Fragment;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #discriminator: { propertyName: string; mapping: Record<string, string> };

  constructor(fragment: unknown, baseSchema = "BaseNetworkPeeringConnectionSettings") {
    this.#fragment = fragment as Fragment;
    const discriminator = this.#fragment.components.schemas[baseSchema]?.discriminator;
    if (!discriminator) throw new Error(`the fragment's ${baseSchema} has no discriminator`);
    this.#discriminator = discriminator;
    // OpenAPI 3.0 schemas are JSON Schema with extra keywords (example, discriminator, x-*): not strict.
    this.#ajv = new Ajv({ strict: false, allErrors: true });
    this.#ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.#ajv.addFormat("int32", true);
    this.#ajv.addSchema(fragment as object, "fragment");
  }

  /** The provider's member schema name, or a violation when `providerName` is missing or unknown. */
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

    const schemaName = reference.split("/").pop()!;
    const declared = this.#fragment.components.schemas[schemaName]?.properties ?? {};
    const violations: FieldViolation[] = [];
    for (const field of Object.keys(body)) {
      if (!Object.prototype.hasOwnProperty.call(declared, field))
        violations.push({
          field,
          description: `${field} is not an attribute of ${String(provider)} peering connections.`,
        });
      else if (declared[field]?.readOnly) violations.push({ field, description: `${field} is read-only.` });
    }
    const validate = this.#validator(reference);
    if (!validate(body)) {
      for (const error of validate.errors ?? []) {
        const field =
          error.keyword === "required"
            ? String(error.params.missingProperty)
            : error.instancePath.replace(/^\//, "").replace(/\//g, ".");
        violations.push({ field, description: `${field || "body"} ${error.message ?? "is invalid"}.` });
      }
    }
    return violations;
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
