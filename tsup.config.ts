import { readFile } from "node:fs/promises";
import { defineConfig } from "tsup";

/**
 * Keys of an OpenAPI document the local Atlas never reads: prose (MongoDB's descriptions and
 * examples) and what only documents an operation (its tags, roles, docs link, servers, security,
 * answer headers). It reads the schemas (to validate bodies) and the media types (for its API
 * versions); `info` stays, as the copy's provenance and license.
 */
const documentationKeys = new Set([
  "description",
  "summary",
  "example",
  "examples",
  "externalDocs",
  "tags",
  "x-rolesRequirements",
  "x-xgen-docs-url",
  "x-xgen-method-verb-override",
  "servers",
  "security",
  "securitySchemes",
  "headers",
  "termsOfService",
]);

/** The fragment without what only documents (documentationKeys), keeping every schema keyword. */
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
// dist/testing.*: without what only documents (documentationKeys), which it never reads (more
// than a third of the fragment, twice over, in every install).
// `./declared` (plan and apply) imports the client from the package, kept external like the token
// stores', so it shares the error classes and adds nothing to `.`; it inlines the declaration's JSON
// Schema (schema/declared-peering.schema.json). `cli` is the `atlas-peering` command (package.json
// `bin`): ESM only, its shebang kept by esbuild, importing `atlas-peering-client/declared`, so the
// command is a few kilobytes on top of the library.
const libraryEntries = {
  index: "src/index.ts",
  testing: "src/testing/index.ts",
  "token-store/file": "src/token-store/file/index.ts",
  "token-store/redis": "src/token-store/redis/index.ts",
  declared: "src/declared/index.ts",
};

export default defineConfig({
  entry: { ...libraryEntries, cli: "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: libraryEntries },
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
    // The command is ESM only (top-level await): no dist/cli.cjs.
    if (format === "cjs" && options.entryPoints && !Array.isArray(options.entryPoints))
      options.entryPoints = Object.fromEntries(
        Object.entries(options.entryPoints as Record<string, string>).filter(([name]) => name !== "cli"),
      );
  },
  esbuildPlugins: [
    {
      name: "compact-fragment",
      setup(build) {
        build.onLoad({ filter: /atlas-network-peering\.fragment\.json$/ }, async ({ path }) => {
          const fragment = withoutDocumentation(JSON.parse(await readFile(path, "utf8")));
          return { contents: JSON.stringify(fragment), loader: "json" };
        });
        // The declaration's schema, as one compact string parsed at load (half the size of the
        // object literal esbuild's json loader prints).
        build.onLoad({ filter: /declared-peering\.schema\.json$/ }, async ({ path }) => {
          const schema: unknown = JSON.parse(await readFile(path, "utf8"));
          return {
            contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(schema))});`,
            loader: "js",
          };
        });
      },
    },
  ],
});
