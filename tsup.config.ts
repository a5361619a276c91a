import { defineConfig } from "tsup";

// Two entries, ESM and CommonJS, each with its declarations. `.` (the client) and `./testing`
// (the local Atlas) share no code, so nothing is split into chunks; runtime dependencies stay
// external and are installed with the package.
export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "node20",
  platform: "node",
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: true,
  outDir: "dist",
});
