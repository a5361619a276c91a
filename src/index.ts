/**
 * `atlas-peering-client`: the client. {@link createAtlasClient} gives an {@link AtlasClient} with
 * the typed fetch (`GET`, `POST`, `PATCH`, `DELETE` over every generated path) and the helpers
 * `containers` and `peers`; the error classes it throws or returns, all based on
 * {@link AtlasError}; and the types of the resources and request bodies, generated from MongoDB's
 * OpenAPI document.
 *
 * @packageDocumentation
 * @module atlas-peering-client
 */
export { createAtlasClient, type AtlasClient } from "./atlas-client.js";
export type { AtlasClientOptions, BackoffOptions } from "./client/options.js";
export type {
  AtlasAuthOptions,
  BearerAuthOptions,
  DigestAuthOptions,
  NoAuthOptions,
  ServiceAccountAuthOptions,
} from "./auth/auth-options.js";
export type {
  AtlasFetchInit,
  AtlasFetchResult,
  AtlasOperation,
  AtlasOperationOptions,
  AtlasRequestOptions,
  AtlasTypedFetch,
  AtlasTypedMethod,
  HttpMethod,
  PathsWith,
} from "./client/typed-fetch.js";
export type { BearerTokenProvider } from "./auth/bearer-authenticator.js";
export { createMemoryTokenCache, type CachedToken, type TokenCache } from "./auth/token-cache.js";
export { createMemoryTokenStore } from "./auth/memory-token-store.js";
export type {
  BoundTokenStore,
  SharedToken,
  SharedTokenStore,
  TokenFetchContext,
  TokenHold,
  TokenStoreScope,
  TokenWait,
} from "./auth/token-store.js";
export {
  AtlasApiError,
  type AtlasApiErrorFields,
  type AtlasApiErrorKind,
  type AtlasFieldViolation,
  type AtlasRateLimit,
} from "./errors/atlas-api-error.js";
export {
  AtlasConfigurationError,
  AtlasError,
  AtlasInvalidRequestError,
  nameErrorClass,
  type AtlasErrorDetails,
} from "./errors/atlas-error.js";
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
export type { AtlasWarning } from "./observability/warnings.js";
export type { AtlasLogger, AtlasLogLevel } from "./observability/log.js";
export type { AtlasHooks } from "./observability/hooks.js";
export type {
  AtlasAttemptFacts,
  AtlasAuthEvent,
  AtlasRequestEvent,
  AtlasResponseEvent,
  AtlasRetryEvent,
} from "./observability/events.js";
export type { AtlasPromise, WithResponse } from "./resources/atlas-promise.js";
export type { ListPeersOptions, PeersApi } from "./peers/peers-api.js";
export type {
  ContainersApi,
  ListAllContainersOptions,
  ListContainersOptions,
} from "./containers/containers-api.js";
export type {
  ListByProviderOptions,
  OfProvider,
  ProviderResourceApi,
} from "./resources/provider-resource-api.js";
export { AtlasContainerMismatchError } from "./errors/container-errors.js";
export { peerStatus } from "./peers/peer-status.js";
export type { WaitForOptions } from "./peers/wait-for.js";
export type {
  AwsContainer,
  AwsContainerRequest,
  AwsPeer,
  AwsPeerRequest,
  AzureContainer,
  AzureContainerRequest,
  AzurePeer,
  AzurePeerRequest,
  Container,
  ContainerPage,
  ContainerRequest,
  GcpContainer,
  GcpContainerRequest,
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
