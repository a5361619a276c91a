import type { AtlasApiError } from "./atlas-api-error.js";

/**
 * The `errorCode`s a network peering client meets: Atlas's for containers and peers, the ones any
 * Atlas call may get (`UNAUTHORIZED` for a wrong key, `RATE_LIMITED`, ...), and `INVALID_RESPONSE`,
 * which the client itself gives an answer that breaks the API's promises. Atlas has many more;
 * `AtlasApiError.errorCode` is this union plus any string, so that new codes arrive as values
 * rather than as type errors.
 */
export const knownAtlasErrorCodes = [
  "PEER_NOT_FOUND",
  "INVALID_PEER_ID",
  "CLOUD_PROVIDER_CONTAINER_NOT_FOUND",
  "GROUP_NOT_FOUND",
  "RESOURCE_NOT_FOUND",
  "PEER_INVALID_STATE",
  "PEER_ALREADY_REQUESTED_DELETION",
  "OVERLAPPING_CIDR_BLOCK",
  "PEER_ALREADY_EXISTS",
  "PEER_ALREADY_EXISTS_AZURE",
  "PEER_ALREADY_EXISTS_GCP",
  "PEER_MAXIMUM_REACHED",
  "CONTAINERS_IN_USE",
  "CONTAINER_ALREADY_EXISTS",
  "OVERLAPPING_ATLAS_CIDR_BLOCK",
  "IP_ADDRESS_NOT_ON_ACCESS_LIST",
  "RATE_LIMITED",
  "RATE_LIMITED_TOKEN_BUCKET",
  "INVALID_VERSION_DATE",
  "VERSION_GONE",
  "VALIDATION_ERROR",
  "UNEXPECTED_ERROR",
  "UNAUTHORIZED",
  "NOT_ORG_GROUP_CREATOR",
  "METHOD_NOT_ALLOWED",
  "MALFORMED_REQUEST",
  "REQUEST_TOO_LARGE",
  "INVALID_RESPONSE",
] as const;

/** One of `knownAtlasErrorCodes`. */
export type KnownAtlasErrorCode = (typeof knownAtlasErrorCodes)[number];

/** A known code, or any other string Atlas may send (`string & {}` keeps editor completion for the known ones). */
export type AtlasErrorCode = KnownAtlasErrorCode | (string & {});

/**
 * Whether `error` is an `AtlasApiError` with the given `errorCode`; narrows both.
 *
 * ```ts
 * if (isAtlasErrorCode(error, "PEER_NOT_FOUND")) error.errorCode; // "PEER_NOT_FOUND"
 * ```
 */
export function isAtlasErrorCode<Code extends AtlasErrorCode>(
  error: unknown,
  code: Code,
): error is AtlasApiError & {
  /** Narrowed to the code asked for. */
  errorCode: Code;
} {
  return (
    (error as { name?: unknown } | null)?.name === "AtlasApiError" &&
    (error as AtlasApiError).errorCode === code
  );
}
