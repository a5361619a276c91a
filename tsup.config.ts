import { readFile } from "node:fs/promises";
import { defineConfig } from "tsup";

/** Keys of an OpenAPI document that only document; the local Atlas validates with the rest. */
const documentationKeys = new Set(["description", "summary", "example", "examples", "externalDocs"]);

/** The fragment without its prose (MongoDB's descriptions and examples), keeping every schema keyword. */
function withoutDocumentation(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutDocumentation(item));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      // Under `properties` (and the like) a key is a field's name, such as a field called `description`.
      .filter(([key]) => parentKey === "properties" || !documentationKeys.has(key))
      .map(([key, child]) => [key, withoutDocumentation(child, key)]),
  );
}

// Four entries, ESM and CommonJS, each with its declarations. `.` (the client) and `./testing`
// (the local Atlas) share no code worth a chunk, so nothing is split; openapi-fetch stays external.
// The local Atlas's ajv and http-auth are optional peer dependencies loaded at run time
// (src/testing/server-dependencies.ts), never bundled. The token stores (`./token-store/file`,
// `./token-store/redis`) import the client's error classes from the package itself, kept external,
// so that `import "atlas-peering-client"` loads none of their code.
//
// The local Atlas validates bodies with the vendored fragment's schemas, inlined into
// dist/testing.*: as compact JSON without its descriptions and examples, which validation never
// reads (a third of the fragment, twice over, in every install).
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
  // src/testing/server-dependencies.ts loads ajv and http-auth with import() in the ESM build and
  // with require in the CommonJS one.
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, __ATLAS_COMMONJS_BUILD__: String(format === "cjs") };
  },
  esbuildPlugins: [
    {
      name: "compact-fragment",
      setup(build) {
        build.onLoad({ filter: /atlas-network-peering\.fragment\.json$/ }, async ({ path }) => {
          const fragment = withoutDocumentation(JSON.parse(await readFile(path, "utf8")));
          return { contents: JSON.stringify(fragment), loader: "json" };
        });
      },
    },
  ],
});
