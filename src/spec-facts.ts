/**
 * The facts the hand-written client copies from MongoDB's OpenAPI document, in one place, so that
 * the spec pipeline can hold them to the vendored fragment (`spec:vendor`, `spec:diff` and
 * `check:generated` compare each one and stop with one line naming the fact that disagrees; the
 * README's "Spec facts" table lists them, and scripts/spec/facts/fact-table.ts checks them). Code
 * under src/ that needs one of them imports it from here; nothing else under src/ restates them.
 */
export const specFacts = {
  /** Atlas ids in paths (`groupId`, `peerId`, `containerId`): the spec's pattern for each of them. */
  atlasIdPattern: "^([a-f0-9]{24})$",
  /** The default base URL: the spec's first `servers` entry. */
  defaultBaseUrl: "https://cloud.mongodb.com",
  /**
   * The API version date sent in `Accept` by default. Atlas resolves it to the newest version of
   * each operation on or before it, so every selected operation must have one (2023-01-01 today).
   */
  defaultApiVersion: "2025-03-12",
  /** The security scheme each `auth.type` answers; `bearer` sends the tokens `serviceAccount` obtains. */
  authSchemes: { digest: "DigestAuth", serviceAccount: "ServiceAccounts", bearer: "ServiceAccounts" },
  /** Where a service account's tokens come from (the `ServiceAccounts` flow's `tokenUrl` path) and are revoked. */
  tokenPath: "/api/oauth/token",
  revokePath: "/api/oauth/revoke",
} as const;

/**
 * An id pattern in words, for messages: `^([a-f0-9]{24})$` is "24 lower-case hexadecimal digits",
 * any other pattern is quoted as it is. Derived from the pattern, so a message cannot disagree with
 * the check it explains when upstream changes the pattern.
 */
export function describeIdPattern(pattern: string): string {
  const digits = /^\^\(?\[a-f0-9\]\{(\d+)\}\)?\$$/.exec(pattern)?.[1];
  return digits ? `${digits} lower-case hexadecimal digits` : `text matching ${pattern}`;
}

/**
 * Answer fields the hand-written types make required although upstream leaves them optional,
 * because Atlas always returns them (src/types.ts says why for each); every one must exist in
 * its schema. Its own export: the runtime bundle does not carry it.
 */
export const requiredAnswerFields = {
  AwsNetworkPeeringConnectionSettings: ["id", "statusName"],
  AzureNetworkPeeringConnectionSettings: ["id", "status"],
  GCPNetworkPeeringConnectionSettings: ["id", "status"],
  AWSCloudProviderContainer: ["id"],
  AzureCloudProviderContainer: ["id"],
  GCPCloudProviderContainer: ["id"],
} as const;

/**
 * The client's helper over each operation (`client.peers.list`), keyed as spec/SOURCE.json keys
 * operations. When upstream deprecates one of these operations, the pipeline stops until the
 * helper's doc comment says `@deprecated` too, so that callers see it where they call. Its own
 * export, like `requiredAnswerFields`.
 */
export const operationHelpers = {
  "GET /api/atlas/v2/groups/{groupId}/containers": "containers.list",
  "POST /api/atlas/v2/groups/{groupId}/containers": "containers.create",
  "DELETE /api/atlas/v2/groups/{groupId}/containers/{containerId}": "containers.delete",
  "GET /api/atlas/v2/groups/{groupId}/containers/{containerId}": "containers.get",
  "PATCH /api/atlas/v2/groups/{groupId}/containers/{containerId}": "containers.update",
  "GET /api/atlas/v2/groups/{groupId}/containers/all": "containers.listAll",
  "GET /api/atlas/v2/groups/{groupId}/peers": "peers.list",
  "POST /api/atlas/v2/groups/{groupId}/peers": "peers.create",
  "DELETE /api/atlas/v2/groups/{groupId}/peers/{peerId}": "peers.delete",
  "GET /api/atlas/v2/groups/{groupId}/peers/{peerId}": "peers.get",
  "PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}": "peers.update",
} as const;
