/**
 * `atlas-peering-client/testing`: a local Atlas for the network peering endpoints (containers and
 * peers), for your own tests and demos. {@link startMockAtlas} listens on loopback, accepts the
 * digest keys and the service account in its `credentials`, keeps Atlas's rules, moves peers
 * through their states, and injects faults on demand. It needs the optional peer dependencies
 * `ajv` and `http-auth` ({@link mockAtlasInstallCommand}); `import "atlas-peering-client"` never
 * loads any of it.
 *
 * @packageDocumentation
 * @module atlas-peering-client/testing
 */
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
