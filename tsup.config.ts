import { defineConfig } from "tsup";

// Four entries, ESM and CommonJS, each with its declarations. `.` (the client) and `./testing`
// (the local Atlas) share no code, so nothing is split into chunks; runtime dependencies stay
// external and are installed with the package. The token stores (`./token-store/file`,
// `./token-store/redis`) import the client's error classes from the package itself, kept external,
// so that an error they throw is an instance of the same `AtlasError` the client exports, and so
// that `import "atlas-peering-client"` loads none of their code.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    "token-store/file": "src/token-store/file/index.ts",
    "token-store/redis": "src/token-store/redis/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: true,
  outDir: "dist",
  external: ["atlas-peering-client"],
});
