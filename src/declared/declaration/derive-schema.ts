/**
 * The JSON Schema of a peering declaration, derived from the vendored OpenAPI fragment
 * (generated/atlas-network-peering.fragment.json) rather than kept by hand: each container is its
 * provider's create body (`AWSCloudProviderContainer`, ...), each peer its provider's create body
 * (`AwsNetworkPeeringConnectionSettings`, ...) without `containerId`, plus the region field of its
 * container, copied from the container schema (AWS `regionName`, Azure `region`) with its enum.
 * Read-only fields are left out (a body cannot carry them), and so is MongoDB's prose: the fragment
 * is CC BY-NC-SA and the package MIT, so the schema keeps the API's shape (names, types, patterns,
 * enums) and says the rest in this project's own words.
 *
 * `schema/declared-peering.schema.json` is this function's output, committed and shipped for
 * editors; `npm run schema:declared` writes it, and test/declared/schema.test.ts fails when it is
 * stale. The loader validates files with that very file.
 */

type Json = Record<string, unknown>;

interface FragmentSchema {
  type?: string;
  required?: string[];
  properties?: Record<string, Json & { readOnly?: boolean; nullable?: boolean }>;
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}

interface Fragment {
  components: {
    schemas: Record<string, FragmentSchema>;
    parameters: Record<string, { schema?: Json }>;
  };
}

/** The keywords of the fragment's property schemas that validation reads; the rest is documentation. */
const validationKeywords = ["type", "enum", "pattern", "format", "items"] as const;

/** The region field each provider's peer borrows from its container (GCP: none, one container per project). */
const containerRegionField: Record<string, string | undefined> = {
  AWS: "regionName",
  AZURE: "region",
  GCP: undefined,
};

/** What this project says about each field the declaration adds or reinterprets (never MongoDB's words). */
const ownDescriptions: Record<string, string> = {
  groupId: "The Atlas project (group) the declaration is for: 24 hexadecimal digits.",
  containers:
    "The network peering containers the project should have: one per provider and region (GCP: one).",
  peers: "The network peering connections the project should have, each matched by its network's identity.",
  "peer.regionName": "The region of the AWS container this peer lives in.",
  "peer.region": "The region of the Azure container this peer lives in.",
  routeTableIds:
    "The route tables of your VPC that should reach Atlas; used only to fill in the next steps (aws ec2 create-route).",
};

export function deriveDeclarationSchema(fragmentDocument: unknown): Json {
  const fragment = fragmentDocument as Fragment;
  const schemas = fragment.components.schemas;
  const containers = discriminated(schemas, "CloudProviderContainer");
  const peers = discriminated(schemas, "BaseNetworkPeeringConnectionSettings");
  const definitions: Record<string, Json> = {};

  for (const [provider, name] of Object.entries(containers)) {
    definitions[`${provider.toLowerCase()}Container`] = body(schemas[name]!, provider, []);
  }
  for (const [provider, name] of Object.entries(peers)) {
    const peer = body(schemas[name]!, provider, ["containerId"]);
    const regionField = containerRegionField[provider];
    if (regionField) {
      const container = schemas[containers[provider]!]!;
      const region = container.properties?.[regionField];
      if (!region) throw new Error(`the fragment's ${provider} container has no ${regionField}`);
      (peer.properties as Json)[regionField] = {
        ...pick(region),
        description: ownDescriptions[`peer.${regionField}`],
      };
      (peer.required as string[]).push(regionField);
    }
    if (provider === "AWS") {
      (peer.properties as Json).routeTableIds = {
        type: "array",
        items: { type: "string", pattern: "^rtb-[0-9a-f]{8,17}$" },
        uniqueItems: true,
        description: ownDescriptions.routeTableIds,
      };
    }
    definitions[`${provider.toLowerCase()}Peer`] = peer;
  }
  definitions.container = union(Object.keys(containers), "Container");
  definitions.peer = union(Object.keys(peers), "Peer");

  const groupIdPattern = fragment.components.parameters.groupId?.schema?.pattern;
  if (typeof groupIdPattern !== "string") throw new Error("the fragment's groupId parameter has no pattern");
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://unpkg.com/atlas-peering-client/schema/declared-peering.schema.json",
    title: "Declared network peering of one MongoDB Atlas project (atlas-peering-client)",
    type: "object",
    required: ["groupId"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "The JSON Schema this file follows, for editors." },
      groupId: { type: "string", pattern: groupIdPattern, description: ownDescriptions.groupId },
      containers: {
        type: "array",
        items: { $ref: "#/definitions/container" },
        description: ownDescriptions.containers,
      },
      peers: { type: "array", items: { $ref: "#/definitions/peer" }, description: ownDescriptions.peers },
    },
    definitions,
  };
}

/** The members of a `oneOf` with a discriminator: provider name -> schema name. */
function discriminated(schemas: Record<string, FragmentSchema>, union: string): Record<string, string> {
  const mapping = schemas[union]?.discriminator?.mapping;
  if (!mapping) throw new Error(`the fragment's ${union} has no discriminator mapping`);
  return Object.fromEntries(
    Object.entries(mapping)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([provider, reference]) => [provider, reference.split("/").pop()!]),
  );
}

/** A create body of one provider: writable fields only, `providerName` fixed, nothing else allowed. */
function body(schema: FragmentSchema, provider: string, without: string[]): Json {
  const properties: Json = {};
  for (const [field, property] of Object.entries(schema.properties ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (property.readOnly || without.includes(field)) continue;
    properties[field] = field === "providerName" ? { const: provider } : pick(property);
  }
  const required = (schema.required ?? []).filter((field) => field in properties);
  return { type: "object", required, additionalProperties: false, properties };
}

/** A union by `providerName` as editors and the loader both read it: `if` the provider, `then` its body. */
function union(providers: string[], noun: string): Json {
  return {
    type: "object",
    required: ["providerName"],
    properties: { providerName: { enum: providers } },
    allOf: providers.map((provider) => ({
      if: { required: ["providerName"], properties: { providerName: { const: provider } } },
      then: { $ref: `#/definitions/${provider.toLowerCase()}${noun}` },
    })),
  };
}

/** The validation keywords of a fragment property; OpenAPI's `nullable` becomes a `null` type. */
function pick(property: Json & { nullable?: boolean }): Json {
  const picked: Json = {};
  for (const keyword of validationKeywords) {
    if (property[keyword] === undefined) continue;
    picked[keyword] =
      keyword === "items" ? pick(property.items as Json & { nullable?: boolean }) : property[keyword];
  }
  if (property.nullable && typeof picked.type === "string") picked.type = [picked.type, "null"];
  return picked;
}
