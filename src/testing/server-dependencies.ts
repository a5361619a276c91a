import type { Ajv } from "ajv";
import type httpAuth from "http-auth";
// From the package, as the token stores and ./declared import it: one AtlasError and one redaction
// registry in a process, not a copy of each in this entry.
import { AtlasError, nameErrorClass } from "atlas-peering-client";

/**
 * The local Atlas's server-side libraries, ajv and http-auth, are optional peer dependencies of the
 * package: `npm install atlas-peering-client` installs the client and openapi-fetch only, and
 * whoever uses `atlas-peering-client/testing` installs these two beside it, with this command.
 */
export const mockAtlasInstallCommand = "npm install --save-dev ajv@8 http-auth@4";

/**
 * `startMockAtlas` was called where ajv or http-auth is not installed: they are optional peer
 * dependencies of atlas-peering-client, used by the local Atlas only. `install` is the one-line fix.
 */
export class MockAtlasDependencyError extends AtlasError {
  /** Always `"MockAtlasDependencyError"`, whichever copy of the package made the error. */
  override name = "MockAtlasDependencyError";
  static {
    nameErrorClass(this, "MockAtlasDependencyError");
  }
  /** The command that installs what is missing: `npm install --save-dev ajv@8 http-auth@4`. */
  readonly install = mockAtlasInstallCommand;

  /** Made by `startMockAtlas` when it cannot load its dependencies; the message holds `install`. */
  constructor(
    /** The packages that could not be loaded: `ajv`, `http-auth` or both. */
    readonly packages: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `startMockAtlas needs ${packages.join(" and ")}, optional peer dependencies of atlas-peering-client ` +
        `that the local Atlas uses and that are not installed here. Install them beside it: ${mockAtlasInstallCommand}`,
      options,
    );
  }
}

export interface ServerDependencies {
  Ajv: typeof Ajv;
  httpAuth: typeof httpAuth;
}

/**
 * `true` in the CommonJS build, `false` in the ESM build (tsup.config.ts defines it); not defined
 * when the sources run as they are (tests, tsx), which take the ESM path.
 */
declare const __ATLAS_COMMONJS_BUILD__: boolean | undefined;

/**
 * Loaded at run time, from wherever the program runs, in a way no bundler follows: so that a bundle
 * of `./testing` neither needs the two packages to build nor inlines http-auth's CommonJS, whose
 * `require("fs")` cannot run inside an ESM bundle.
 *
 * - ESM build: `import()` of a variable specifier, marked `webpackIgnore` and `@vite-ignore`, which
 *   esbuild, rollup, webpack and Vite leave alone.
 * - CommonJS build: `require`, made by `createRequire` from Node's own module API
 *   (`process.getBuiltinModule`, which no bundler takes for a dependency), because CommonJS hosts
 *   such as Jest's module runtime cannot run `import()` there.
 */
function importAtRunTime(specifier: string): Promise<Record<string, unknown>> {
  if (typeof __ATLAS_COMMONJS_BUILD__ !== "undefined" && __ATLAS_COMMONJS_BUILD__)
    return Promise.resolve().then(() => {
      const { createRequire } = process.getBuiltinModule("node:module");
      return { default: createRequire(__filename)(specifier) as unknown };
    });
  return import(/* webpackIgnore: true */ /* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;
}

/** Whether `error` says that `name` itself is not installed (not one of its own dependencies). */
function isMissing(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== "string") return false;
  const notFound =
    code === "ERR_MODULE_NOT_FOUND" ||
    code === "MODULE_NOT_FOUND" ||
    /cannot find|could not (find|resolve)|not found|failed to (load|resolve)/i.test(message);
  return notFound && new RegExp(`['"]${name.replace(/-/g, "\\-")}['"/]`).test(message);
}

/** The export a CommonJS package's `module.exports` gives, whichever way the runtime wraps it. */
function commonJsExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const wrapped = namespace.default;
  return typeof wrapped === "object" || typeof wrapped === "function"
    ? (wrapped as Record<string, unknown>)
    : namespace;
}

let loading: Promise<ServerDependencies> | undefined;

/** ajv and http-auth, loaded once per process; a `MockAtlasDependencyError` when either is not installed. */
export function loadServerDependencies(): Promise<ServerDependencies> {
  loading ??= (async () => {
    const names = ["ajv", "http-auth"] as const;
    const results = await Promise.allSettled(names.map((name) => importAtRunTime(name)));
    const missing = names.filter(
      (name, index) => results[index]!.status === "rejected" && isMissing(results[index]!.reason, name),
    );
    if (missing.length > 0) {
      const first = results[names.indexOf(missing[0]!)] as PromiseRejectedResult;
      throw new MockAtlasDependencyError([...missing], { cause: first.reason });
    }
    for (const result of results) if (result.status === "rejected") throw result.reason;
    const [ajv, auth] = results.map((result) =>
      commonJsExports((result as PromiseFulfilledResult<Record<string, unknown>>).value),
    );
    return {
      Ajv: ((ajv as { Ajv?: unknown }).Ajv ?? ajv) as typeof Ajv,
      httpAuth: auth as unknown as typeof httpAuth,
    };
  })();
  // A failed load is not kept: installing the packages and calling again works.
  loading.catch(() => (loading = undefined));
  return loading;
}
