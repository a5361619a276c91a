import { builtinModules } from "node:module";
import { basename, join } from "node:path";
import commonjsPlugin from "@rollup/plugin-commonjs";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import webpack from "webpack";

export type Format = "esm" | "cjs";
// Its types are CommonJS-shaped (the function under `default`); its ESM build, which is what runs
// here, exports the function itself.
const commonjs = commonjsPlugin as unknown as typeof commonjsPlugin.default;
const isExternal = (id: string) => id.startsWith("node:") || builtinModules.includes(id);

export async function withEsbuild(
  entry: string,
  format: Format,
  outfile: string,
  options: { minify?: boolean } = {},
): Promise<string[]> {
  const result = await esbuild({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format,
    outfile,
    minify: options.minify ?? false,
    logLevel: "silent",
  });
  return result.warnings.map((warning) => warning.text);
}

export async function withRollup(entry: string, format: Format, outfile: string): Promise<string[]> {
  const warnings: string[] = [];
  const bundle = await rollup({
    input: entry,
    external: isExternal,
    // CommonJS sources (an app that require()s the package) need the commonjs plugin.
    plugins: [nodeResolve({ exportConditions: ["node"], preferBuiltins: true }), commonjs()],
    onwarn: (warning) => void warnings.push(warning.message),
  });
  await bundle.write({ file: outfile, format: format === "esm" ? "es" : "cjs", inlineDynamicImports: true });
  await bundle.close();
  return warnings;
}

export function withWebpack(
  entry: string,
  format: Format,
  outfile: string,
  mode: "none" | "production" = "none",
): Promise<string[]> {
  const compiler = webpack({
    mode,
    target: "node20",
    entry,
    context: join(entry, ".."),
    experiments: format === "esm" ? { outputModule: true } : {},
    output: {
      path: join(outfile, ".."),
      filename: basename(outfile),
      ...(format === "esm"
        ? { module: true, chunkFormat: "module", library: { type: "module" } }
        : { library: { type: "commonjs2" } }),
    },
    optimization: { minimize: mode === "production" },
  });
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return reject(error);
      const { errors = [], warnings = [] } = stats!.toJson({ all: false, errors: true, warnings: true });
      if (errors.length > 0) return reject(new Error(errors.map((entry) => entry.message).join("\n")));
      resolve(warnings.map((entry) => entry.message));
    }),
  );
}

/**
 * The three bundlers applications use, each with settings an application for Node.js would pick.
 * Each bundles `entry` into `outfile` and returns its warnings; a build error rejects.
 */
export const bundlers = { esbuild: withEsbuild, rollup: withRollup, webpack: withWebpack };
