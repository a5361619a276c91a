/**
 * `atlas-peering-client/declared`: declared peering. Write down the containers and peers a project
 * should have ({@link PeeringDeclaration}, a JSON or YAML file or {@link defineConfig});
 * {@link planPeering} says what differs and why (changes and findings, reads only);
 * {@link applyPeering} changes only that, waits, and returns the next steps on your side of the
 * cloud. The `atlas-peering` command is a thin shell over these. Imports the client from
 * `atlas-peering-client`, so that `import { createAtlasClient } from "atlas-peering-client"` loads
 * none of this.
 *
 * @packageDocumentation
 * @module atlas-peering-client/declared
 */
export {
  defineConfig,
  type DeclaredAwsPeer,
  type DeclaredAzurePeer,
  type DeclaredContainer,
  type DeclaredGcpPeer,
  type DeclaredPeer,
  type PeeringDeclaration,
} from "./declaration/types.js";
export { parseDeclaration, type ParseDeclarationOptions } from "./declaration/parse-declaration.js";
export { loadDeclaration, yamlInstallCommand } from "./declaration/load-declaration.js";
export { declarationSchema, regionNames } from "./declaration/schema.js";
export { checkDeclaration } from "./rules/check-declaration.js";
export { planAgainst, planPeering } from "./plan/plan-peering.js";
export { readProjectState, type ProjectState } from "./state/read-state.js";
export type {
  ContainerSnapshot,
  CreateChange,
  DeleteChange,
  FieldChange,
  Finding,
  FindingSeverity,
  PeerSnapshot,
  PeeringPlan,
  PlanOptions,
  PlannedChange,
  ProjectSnapshot,
  ReplaceChange,
  ResourceKind,
  UnmanagedResource,
  UpdateChange,
} from "./plan/plan-types.js";
export { applyPeering } from "./apply/apply-peering.js";
export type {
  AppliedChange,
  ApplyOptions,
  ApplyProgress,
  ApplyResult,
  PeerOutcome,
} from "./apply/apply-types.js";
export { atlasAzureApplicationId, nextStepsFor, type NextStep } from "./report/next-steps.js";
export { formatApplyResult, formatNextSteps, formatPlan } from "./report/format-text.js";
export {
  AtlasApplyDeadlineError,
  AtlasDeclarationError,
  AtlasPlanBlockedError,
  AtlasPlanStaleError,
} from "./errors.js";
