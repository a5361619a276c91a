import { createAtlasClient } from "atlas-peering-client";
import {
  applyPeering,
  defineConfig,
  formatApplyResult,
  formatPlan,
  planPeering,
} from "atlas-peering-client/declared";

// The peering the project should have: each peer is its create body without containerId, plus the
// region of its container (the plan finds or creates the container).
const declaration = defineConfig({
  groupId: "5356823b3794dee37132bb7b",
  containers: [{ providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" }],
  peers: [
    {
      providerName: "AWS",
      regionName: "US_EAST_1",
      accepterRegionName: "us-east-1",
      awsAccountId: "999900000000",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableCidrBlock: "10.15.0.0/16",
      routeTableIds: ["rtb-0123456789abcdef0"], // only for the next steps' aws ec2 create-route
    },
  ],
});

await using atlas = createAtlasClient(); // credentials from MONGODB_ATLAS_* variables

// Reads only; and none at all when a rule the declaration breaks is found first.
const plan = await planPeering(atlas, declaration, { prune: false, replaceFailed: false });
console.log(formatPlan(plan));
for (const change of plan.changes) console.log(change.action, change.resource, change.key);
if (plan.findings.some((finding) => finding.severity === "error")) process.exit(1);

// Refuses a plan with error findings or made against a state that changed since; one deadline.
const result = await applyPeering(atlas, plan, { timeoutMs: 15 * 60_000 });
console.log(formatApplyResult(result));
for (const step of result.nextSteps) console.log(step.kind, step.commands.join("\n"));
process.exitCode = result.ok ? 0 : 1;
