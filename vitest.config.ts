import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/secret-audit-setup.ts"],
    // Type tests (`*.test-d.ts`) are compiled by tsc, not run: an `@ts-expect-error` that no longer
    // finds an error fails its test.
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets a fresh module graph: several suites start servers and set environment variables.
    isolate: true,
    pool: "forks",
  },
});
