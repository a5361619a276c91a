import { describe, expect, test } from "vitest";
import { runNodeScript } from "../helpers/run-node-script.js";

describe("the demo's declared run", () => {
  test("plan, apply (waits, next steps), plan again, drift, next steps; exits 0 with nothing on stderr", async () => {
    const run = await runNodeScript("demo/declared-run.ts", []);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const steps = run.stdout.split(/\n(?=\d\. )/);
    expect(steps[1]).toContain(
      "Plan: 2 to create, 0 to update, 0 to replace, 0 to delete; 0 errors, 0 warnings.",
    );
    expect(steps[2]).toMatch(/PENDING_ACCEPTANCE\s+waiting-for-user/);
    expect(steps[3]).toContain("No changes: the project matches the declaration.");
    expect(steps[4]).toContain("routeTableCidrBlock: 10.16.0.0/16 -> 10.15.0.0/16");
    expect(steps[5]).toMatch(
      /aws ec2 accept-vpc-peering-connection --region us-east-1 --vpc-peering-connection-id pcx-<id \d+>/,
    );
    expect(steps[5]).toMatch(
      /aws ec2 create-route --region us-east-1 --route-table-id rtb-0123456789abcdef0 --destination-cidr-block 192\.168\.248\.0\/21/,
    );
  });
});
