export { createAtlasClient, type AtlasClient } from "./client/create-atlas-client.js";
export type {
  AtlasAuthOptions,
  AtlasClientOptions,
  BearerAuthOptions,
  DigestAuthOptions,
  NoAuthOptions,
  ServiceAccountAuthOptions,
} from "./client/options.js";
export type {
  AtlasFetchInit,
  AtlasFetchResult,
  AtlasRequestOptions,
  AtlasTypedFetch,
  AtlasTypedMethod,
  HttpMethod,
  PathsWith,
} from "./client/typed-fetch.js";
export type { BearerTokenProvider } from "./auth/bearer-authenticator.js";
export { createMemoryTokenCache, type CachedToken, type TokenCache } from "./auth/token-cache.js";
export {
  AtlasApiError,
  type AtlasApiErrorFields,
  type AtlasApiErrorKind,
  type AtlasFieldViolation,
  type AtlasRateLimit,
} from "./errors/atlas-api-error.js";
export { AtlasConfigurationError, AtlasError, AtlasInvalidRequestError } from "./errors/atlas-error.js";
export {
  isAtlasErrorCode,
  knownAtlasErrorCodes,
  type AtlasErrorCode,
  type KnownAtlasErrorCode,
} from "./errors/error-codes.js";
export {
  AtlasAuthenticationError,
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  type UnreadableResponseCode,
} from "./errors/transport-errors.js";
export { AtlasPeerFailedError, AtlasWaitTimeoutError } from "./errors/wait-errors.js";
export type { AtlasWarning } from "./http/deprecation-notices.js";
export type { BackoffOptions } from "./http/retry-policy.js";
export type { ListPeersOptions, PeersApi } from "./peers/peers-api.js";
export { peerStatus } from "./peers/peer-status.js";
export type { WaitForOptions } from "./peers/wait-for.js";
export type {
  AwsPeer,
  AwsPeerRequest,
  AzurePeer,
  AzurePeerRequest,
  GcpPeer,
  GcpPeerRequest,
  Peer,
  PeerPage,
  PeerRequest,
  PeerStatus,
  ProviderName,
  components,
  paths,
} from "./types.js";

export { packageVersion } from "./version.js";
