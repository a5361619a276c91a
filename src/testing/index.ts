// atlas-peering-client/testing: a local Atlas for the network peering endpoints (containers and peers), for your own tests and demos.
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
export type { PeerFailure } from "./peers-store.js";
export type { AppliedMutation } from "./records.js";
export { peersResourceVersion } from "./api-versions.js";
export { MockAtlasDependencyError, mockAtlasInstallCommand } from "./server-dependencies.js";
