/** A warning this client gives through `onWarning` (default: `process.emitWarning`). */
export interface AtlasWarning {
  /**
   * What happened: `ATLAS_API_DEPRECATED`, an answer carried `Deprecation` or `Sunset` for the API
   * version used (once per operation and version); `ATLAS_TOKEN_REVOKE_FAILED`, `close()` could not
   * revoke a token (it resolves all the same); `ATLAS_TOKEN_STORE_UNAVAILABLE`, the token store
   * failed or did not answer in time and the client asks Atlas on its own until it works again;
   * `ATLAS_HOOK_FAILED`, a function of yours that only observes (`hooks.onResponse`,
   * `hooks.onRetry`, the logger, `onWarning`) threw or rejected: the client went on, and later
   * failures of that function are not reported again.
   */
  code:
    | "ATLAS_API_DEPRECATED"
    | "ATLAS_TOKEN_REVOKE_FAILED"
    | "ATLAS_TOKEN_STORE_UNAVAILABLE"
    | "ATLAS_HOOK_FAILED";
  /** One sentence for people, naming what to do; it never holds a secret. */
  message: string;
  /** For deprecations: `PATCH /api/atlas/v2/groups/{groupId}/peers/{peerId}`. */
  operation?: string;
  /** For deprecations: the API version date Atlas deprecated, such as `2023-01-01`. */
  apiVersion?: string;
  /** When the version was (or will be) deprecated, from the `Deprecation` header. */
  deprecatedAt?: Date;
  /** When the version stops working, from the `Sunset` header. */
  sunsetAt?: Date;
}
