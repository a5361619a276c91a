import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The token stores import the client's error classes from the package itself, as their built
    // files do (tsup.config.ts); here that is the source, as tsconfig.json's paths say.
    alias: [
      {
        find: /^atlas-peering-client$/,
        replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)),
      },
      // The CLI imports declared peering from the package, as dist/cli.js does.
      {
        find: /^atlas-peering-client\/declared$/,
        replacement: fileURLToPath(new URL("./src/declared/index.ts", import.meta.url)),
      },
    ],
  },
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
    // At least two files at a time: Vitest's default (one less than the CPUs) is one on a 2-core
    // machine, and most files here wait on child processes, sockets and servers, not the CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
