import schema from "../../../schema/declared-peering.schema.json" with { type: "json" };

/**
 * The declaration's JSON Schema (schema/declared-peering.schema.json, derived from the vendored
 * fragment): what files are validated with, and where the region enums come from.
 */
export const declarationSchema: Readonly<Record<string, unknown>> = schema;

interface Definition {
  properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }>;
}

function definition(name: string): Definition {
  return (schema.definitions as unknown as Record<string, Definition>)[name]!;
}

/** The region names Atlas accepts for each provider's containers, from the fragment's enums. */
export const regionNames: Readonly<Record<"AWS" | "AZURE" | "GCP", readonly string[]>> = {
  AWS: definition("awsContainer").properties.regionName!.enum!,
  AZURE: definition("azureContainer").properties.region!.enum!,
  GCP: definition("gcpContainer").properties.regions!.items!.enum!,
};
