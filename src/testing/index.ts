// atlas-peering-client/testing: a local Atlas for the peers endpoints, for your own tests and demos.
export {
  startMockAtlas,
  type LoggedRequest,
  type MockAtlas,
  type MockAtlasCredentials,
  type MockAtlasOAuthState,
  type MockAtlasOptions,
  type MockAtlasState,
} from "./mock-atlas.js";
export type { Fault, FaultQueue, FaultRule } from "./faults.js";
export type { AppliedMutation, PeerFailure } from "./peers-store.js";
export { peersResourceVersion } from "./api-versions.js";
