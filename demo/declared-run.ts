// The declared run of `npm run demo` (demo/walkthrough.ts calls it at its end; `npx tsx
// demo/declared-run.ts` runs it alone): a declaration, its plan, apply (which waits until the peer
// needs you, then prints the next steps), the plan again (nothing), a change made behind its back
// through the API, and the plan that shows it as drift. Against its own local Atlas, which holds
// peers at the user's step as Atlas does.
import { pathToFileURL } from "node:url";
import { createAtlasClient } from "../src/index.js";
import {
  applyPeering,
  formatApplyResult,
  formatNextSteps,
  formatPlan,
  planPeering,
  type PeeringDeclaration,
} from "../src/declared/index.js";
import { startMockAtlas } from "../src/testing/index.js";

export async function runDeclaredDemo(): Promise<void> {
  const atlas = await startMockAtlas({ transitionMs: 200, holdAtUserStep: true });
  const { groupId, clientId, clientSecret } = atlas.credentials;
  const client = createAtlasClient({
    baseUrl: atlas.url,
    auth: { type: "serviceAccount", clientId, clientSecret },
  });
  const declaration: PeeringDeclaration = {
    groupId,
    containers: [{ providerName: "AWS", regionName: "US_EAST_1", atlasCidrBlock: "192.168.248.0/21" }],
    peers: [
      {
        providerName: "AWS",
        regionName: "US_EAST_1",
        accepterRegionName: "us-east-1",
        awsAccountId: "999900000000",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        routeTableCidrBlock: "10.15.0.0/16",
        routeTableIds: ["rtb-0123456789abcdef0"],
      },
    ],
  };
  // Ids (and the pcx- ids made from them) differ on every run, and so does a duration: they are
  // shown as <id 1>, <id 2>... and left out, so that the demo prints the same on every run (the
  // README shows it as it is).
  const ids = new Map<string, number>();
  const stable = (text: string) =>
    text
      .replace(
        /\b(?:(pcx-)([0-9a-f]{17})|([0-9a-f]{24}))\b/g,
        (_, pcx: string | undefined, short?: string, long?: string) => {
          const id = (short ?? long)!;
          const key = id.slice(0, 17);
          if (!ids.has(key)) ids.set(key, ids.size + 1);
          return `${pcx ?? ""}<id ${ids.get(key)}>`;
        },
      )
      .replace(/^(Apply (?:complete|did not complete)) (?:in )?\(?[\d.]+ s\)?/m, "$1");
  const section = (title: string, text: string) =>
    console.log(`\n${title}\n${stable(text).replace(/^(?=.)/gm, "  ")}`);
  try {
    console.log(
      `\nDeclared peering (atlas-peering-client/declared), on a local Atlas that holds peers at your step`,
    );
    const plan = await planPeering(client, declaration);
    section("1. plan: what differs", formatPlan(plan));
    const result = await applyPeering(client, plan, { intervalMs: 50 });
    section("2. apply: changes, then a wait until the peer needs you", formatApplyResult(result));
    section("3. plan again", formatPlan(await planPeering(client, declaration)));

    const [peer] = atlas.state.peers(groupId);
    await client.peers.update(groupId, String(peer!.id), {
      providerName: "AWS",
      containerId: String(peer!.containerId),
      accepterRegionName: "us-east-1",
      awsAccountId: "999900000000",
      vpcId: "vpc-0a1b2c3d4e5f60718",
      routeTableCidrBlock: "10.16.0.0/16",
    });
    const drift = await planPeering(client, declaration);
    section(
      "4. someone changed routeTableCidrBlock through the API; plan shows the drift",
      formatPlan(drift),
    );
    section("5. the next steps apply ended with", formatNextSteps(result.nextSteps));
  } finally {
    await client.close();
    await atlas.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runDeclaredDemo();
