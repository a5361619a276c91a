import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

/**
 * `npm run test:fast`: the contributor's loop. The unit and in-process suites, with every property
 * capped at a few hundred runs (ATLAS_PROPERTY_RUNS, the one setting for run counts), and none of
 * what needs a build, another runtime, a child process fleet or an external tool: those run in
 * `npm test`, at full strength, as CI runs them.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        "test/consumer/**",
        "test/conformance/**",
        "test/spec/pipeline-scripts.test.ts",
        "test/spec/spec-diff.test.ts",
        "test/spec/odd-upstreams.test.ts",
        "test/declared/cli-installed.test.ts",
        "test/repository-metadata.test.ts",
        "test/install.test.ts",
        "test/spec/spec-update.test.ts",
        "test/token-store/fleet*.test.ts",
        "test/client/proxy.test.ts",
        "test/demo.test.ts",
        "test/examples.test.ts",
        "**/node_modules/**",
      ],
      env: { ATLAS_PROPERTY_RUNS: process.env.ATLAS_PROPERTY_RUNS ?? "200" },
      // The type tests run in npm test (tsc and vitest's typecheck); the loop keeps to behaviour.
      typecheck: { enabled: false },
      // Both cores: the default leaves one idle on a 2-core machine.
      maxWorkers: 2,
    },
  }),
);
