import { AtlasConfigurationError, AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { isDuration, maximumDurationMs } from "../http/durations.js";
import { checkedHeaders, isHeaderValue } from "../http/header-values.js";
import { defaultBackoff, type ResolvedBackoff } from "../http/retry-policy.js";
import type { ClientSettings } from "../http/settings.js";
import { userAgent } from "../http/user-agent.js";
import { checkHooks } from "../observability/hooks.js";
import { resolveLog } from "../observability/log.js";
import { specFacts } from "../spec-facts.js";
import type { AtlasAuthOptions, ServiceAccountAuthOptions } from "../auth/auth-options.js";
import type { AtlasClientOptions, BackoffOptions } from "./options.js";
import type { AtlasRequestOptions } from "./typed-fetch.js";

export const defaultBaseUrl: string = specFacts.defaultBaseUrl;
export const defaultApiVersion: string = specFacts.defaultApiVersion;
const defaultTimeoutMs = 30_000;
const defaultMaxRetries = 2;
/**
 * 16 MiB: a page of 500 peers is about 250 kB, so this is far above any real answer, and low
 * enough that a hostile or broken server cannot fill the process's memory.
 */
export const defaultMaxResponseBytes = 16 * 1024 * 1024;

/** How a failed check is reported: at creation (`AtlasConfigurationError`) or per request (`AtlasInvalidRequestError`). */
type Fail = (option: string, message: string) => Error;
const atCreation: Fail = (option, message) => new AtlasConfigurationError(option, message);
const perRequest: Fail = (option, message) => new AtlasInvalidRequestError(option, message);

/**
 * The checks every option gets wherever it is given: to `createAtlasClient`, per request, or
 * through the environment. One table, so that a value refused in one place is refused in all.
 * Messages name the option, never its value.
 */
const check = {
  apiVersion(value: unknown, option: string, fail: Fail): string {
    if (!isApiVersionDate(value))
      throw fail(option, `must be an Atlas API version date such as "${specFacts.defaultApiVersion}"`);
    return value;
  },
  /** Milliseconds, 0 to a day: longer would not fit Node's timers (a larger value becomes 1 ms there). */
  duration(value: unknown, option: string, fail: Fail): number {
    if (!isDuration(value))
      throw fail(option, `must be a number from 0 to ${maximumDurationMs} (milliseconds)`);
    return value;
  },
  retries(value: unknown, option: string, fail: Fail): number {
    return integer(value, option, 0, 10, fail);
  },
  /** A credential: a string, not blank, on one line (a trailing line break from a file or a variable fails late otherwise). */
  credential(value: unknown, option: string, fail: Fail): string {
    if (typeof value !== "string" || value.trim() === "") throw fail(option, "is missing or empty");
    if (/[\r\n]/.test(value)) throw fail(option, "must not contain line breaks");
    return value;
  },
  /** Refuses now what fetch would refuse at the first call (with a message quoting the value). */
  headerValue(value: string, option: string, fail: Fail): string {
    if (!isHeaderValue(value))
      throw fail(
        option,
        "cannot be sent in an HTTP header: it has control characters or characters beyond Latin-1",
      );
    return value;
  },
  signal(value: unknown, option: string, fail: Fail): AbortSignal | undefined {
    // What fetch (undici) accepts, polyfilled signals included.
    const signal = value as { aborted?: unknown; addEventListener?: unknown } | undefined;
    if (
      signal !== undefined &&
      (typeof signal?.aborted !== "boolean" || typeof signal.addEventListener !== "function")
    )
      throw fail(option, "must be an AbortSignal");
    return value as AbortSignal | undefined;
  },
};

/** A duration option of a helper (`waitFor`'s `timeoutMs`, `intervalMs`), with the client's check. */
export function checkDurationOption(value: unknown, option: string, minimum = 0): number {
  const ms = check.duration(value, option, perRequest);
  if (ms < minimum) throw perRequest(option, `must be a number above 0, at most ${maximumDurationMs}`);
  return ms;
}

/** The checked per-request options of one call (see `AtlasRequestOptions`); the same checks as the client's. */
export interface RequestOptions {
  apiVersion: string | undefined;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  totalTimeoutMs: number | undefined;
  maxRetries: number | undefined;
  headers: Record<string, string> | undefined;
  /** An `AtlasOperation` handle, looked up by the requester (which knows its client's). */
  operation: object | undefined;
}

/** Checks the per-request options, before anything is sent. */
export function checkRequestOptions(options: AtlasRequestOptions): RequestOptions {
  if (typeof options !== "object" || options === null)
    throw perRequest("options", "must be an object of request options");
  const optional = <T>(value: unknown, run: (value: unknown) => T) =>
    value === undefined ? undefined : run(value);
  return {
    apiVersion: optional(options.apiVersion, (v) => check.apiVersion(v, "apiVersion", perRequest)),
    signal: check.signal(options.signal, "signal", perRequest),
    timeoutMs: optional(options.timeoutMs, (v) => check.duration(v, "timeoutMs", perRequest)),
    totalTimeoutMs: optional(options.totalTimeoutMs, (v) => check.duration(v, "totalTimeoutMs", perRequest)),
    maxRetries: optional(options.maxRetries, (v) => check.retries(v, "maxRetries", perRequest)),
    // The checked copy is what is sent (see checkedHeaders).
    headers: optional(options.headers, (v) => checkedHeaders(v, "headers")),
    operation: optional(options.operation, (v) => {
      if (typeof v !== "object" || v === null)
        throw perRequest("operation", "must be an operation of this client (atlas.operation())");
      return v;
    }),
  };
}

/** The client's settings and credentials, every option checked once (`AtlasConfigurationError` names the one at fault). */
export function resolveSettings(options: AtlasClientOptions): {
  settings: ClientSettings;
  auth: AtlasAuthOptions;
  /**
   * The secret credential variables set in the environment, used or not (with both pairs set, the
   * service account's is used): a value read as a credential is redacted like the ones in use.
   */
  environmentSecrets: string[];
} {
  if (typeof options !== "object" || options === null)
    throw new AtlasConfigurationError("options", "must be an object");
  const baseUrl = resolveBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp === true);
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  if (typeof fetchImplementation !== "function")
    throw new AtlasConfigurationError("fetch", "must be a function (no global fetch in this runtime)");
  if (options.onWarning !== undefined && typeof options.onWarning !== "function")
    throw new AtlasConfigurationError("onWarning", "must be a function");
  const env = options.env ?? process.env;
  const settings: ClientSettings = {
    baseUrl,
    apiVersion: check.apiVersion(options.apiVersion ?? defaultApiVersion, "apiVersion", atCreation),
    envelope: checkBoolean(options.envelope ?? false, "envelope"),
    timeoutMs: check.duration(options.timeoutMs ?? defaultTimeoutMs, "timeoutMs", atCreation),
    totalTimeoutMs: check.duration(options.totalTimeoutMs ?? 0, "totalTimeoutMs", atCreation),
    maxResponseBytes: integer(
      options.maxResponseBytes ?? defaultMaxResponseBytes,
      "maxResponseBytes",
      1024,
      2 ** 30,
      atCreation,
    ),
    maxRetries: check.retries(options.maxRetries ?? defaultMaxRetries, "maxRetries", atCreation),
    backoff: resolveBackoff(options.backoff),
    userAgent: userAgent(checkUserAgent(options.userAgent)),
    fetch: fetchImplementation,
    log: resolveLog(options.logger, options.logLevel, env),
    hooks: checkHooks(options.hooks),
  };
  return {
    settings: Object.freeze(settings),
    auth: resolveAuth(options.auth, env),
    environmentSecrets: options.auth === undefined ? environmentSecrets(env) : [],
  };
}

function environmentSecrets(source: Record<string, string | undefined>): string[] {
  const env = readableEnvironment(source);
  return [env[environmentVariables.clientSecret], env[environmentVariables.privateKey]].filter(
    (value): value is string => value !== undefined,
  );
}

/** An Atlas API version is a calendar date, `YYYY-MM-DD`: 2023-02-30 is not one (Date.parse would take it). */
export function isApiVersionDate(value: unknown): value is string {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function resolveBaseUrl(value: unknown, allowInsecureHttp: boolean): string {
  if (typeof value !== "string")
    throw new AtlasConfigurationError("baseUrl", `must be a string URL such as ${defaultBaseUrl}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AtlasConfigurationError("baseUrl", "is not a valid absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AtlasConfigurationError("baseUrl", `must use https (got ${url.protocol.slice(0, 20)})`);
  if (url.username || url.password)
    throw new AtlasConfigurationError("baseUrl", "must not contain credentials; use the auth option");
  if (url.search || url.hash)
    throw new AtlasConfigurationError("baseUrl", "must not have a query string or fragment");
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new AtlasConfigurationError(
      "baseUrl",
      "http:// is only allowed to loopback hosts; use https, or set allowInsecureHttp: true",
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The credentials: the `auth` option, or the variables the Atlas CLI and the Terraform provider
 * read. Both go through the same checks, with the variable's name as the option's.
 */
function resolveAuth(
  auth: AtlasAuthOptions | undefined,
  env: Record<string, string | undefined>,
): AtlasAuthOptions {
  if (auth === undefined) return authFromEnvironment(env);
  if (typeof auth !== "object" || auth === null)
    throw new AtlasConfigurationError("auth", "must be an object with a type");
  switch (auth.type) {
    case "digest":
      // The public key travels in the Authorization header; the private key is only hashed.
      check.headerValue(
        check.credential(auth.publicKey, "auth.publicKey", atCreation),
        "auth.publicKey",
        atCreation,
      );
      check.credential(auth.privateKey, "auth.privateKey", atCreation);
      return auth;
    case "serviceAccount":
      check.credential(auth.clientId, "auth.clientId", atCreation);
      check.credential(auth.clientSecret, "auth.clientSecret", atCreation);
      if (auth.tokenCache !== undefined) checkTokenCache(auth);
      if (auth.tokenStore !== undefined) checkTokenStore(auth);
      if (auth.revokeOnClose !== undefined) checkBoolean(auth.revokeOnClose, "auth.revokeOnClose");
      return auth;
    case "bearer":
      if (typeof auth.token !== "function")
        check.headerValue(
          check.credential(auth.token, "auth.token", atCreation).trim(),
          "auth.token",
          atCreation,
        );
      return auth;
    case "none":
      return auth;
    default:
      throw new AtlasConfigurationError(
        "auth.type",
        'must be "digest", "serviceAccount", "bearer" or "none"',
      );
  }
}

function checkTokenCache(auth: ServiceAccountAuthOptions): void {
  const cache = auth.tokenCache as unknown as Record<string, unknown> | null;
  if (
    typeof cache !== "object" ||
    cache === null ||
    ["get", "set", "delete"].some((name) => typeof cache[name] !== "function")
  )
    throw new AtlasConfigurationError("auth.tokenCache", "must have get, set and delete functions");
  if (auth.tokenStore !== undefined)
    throw new AtlasConfigurationError(
      "auth.tokenCache",
      "cannot be combined with tokenStore (use tokenStore alone)",
    );
}

/** A store processes share outlives this client: its tokens are not revoked at close (see revokeToken). */
function checkTokenStore(auth: ServiceAccountAuthOptions): void {
  const store = auth.tokenStore as { bind?: unknown; sharedByProcesses?: unknown } | null;
  if (typeof store?.bind !== "function")
    throw new AtlasConfigurationError(
      "auth.tokenStore",
      "must be a token store: createMemoryTokenStore(), or one from atlas-peering-client/token-store/*",
    );
  if (auth.revokeOnClose === true && store.sharedByProcesses !== false)
    throw new AtlasConfigurationError(
      "auth.tokenStore",
      "is shared by processes: its tokens are not revoked at close (revokeOnClose: true is refused; see revokeToken())",
    );
}

const environmentVariables = {
  clientId: "MONGODB_ATLAS_CLIENT_ID",
  clientSecret: "MONGODB_ATLAS_CLIENT_SECRET",
  publicKey: "MONGODB_ATLAS_PUBLIC_API_KEY",
  privateKey: "MONGODB_ATLAS_PRIVATE_API_KEY",
} as const;

function authFromEnvironment(source: Record<string, string | undefined>): AtlasAuthOptions {
  const env = readableEnvironment(source);
  const pair = (first: keyof typeof environmentVariables, second: keyof typeof environmentVariables) => {
    const [a, b] = [env[environmentVariables[first]], env[environmentVariables[second]]];
    if (a === undefined && b === undefined) return undefined;
    if (a === undefined || b === undefined) {
      const [missing, present] = a === undefined ? [first, second] : [second, first];
      throw new AtlasConfigurationError(
        environmentVariables[missing],
        `is not set, but ${environmentVariables[present]} is`,
      );
    }
    // The same checks as the options: a value with a trailing line break is refused now, by name.
    return [
      check.credential(a, environmentVariables[first], atCreation),
      check.credential(b, environmentVariables[second], atCreation),
    ] as const;
  };
  const serviceAccount = pair("clientId", "clientSecret");
  if (serviceAccount)
    return resolveAuth(
      { type: "serviceAccount", clientId: serviceAccount[0], clientSecret: serviceAccount[1] },
      {},
    );
  const keys = pair("publicKey", "privateKey");
  if (keys) {
    check.headerValue(keys[0], environmentVariables.publicKey, atCreation);
    return { type: "digest", publicKey: keys[0], privateKey: keys[1] };
  }
  throw new AtlasConfigurationError(
    "auth",
    "no credentials: pass auth, or set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (service account) or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys)",
  );
}

/**
 * The four credential variables, read once (blank ones as unset): a runtime may refuse to let the
 * environment be read (Deno without --allow-env throws), which is a configuration error like a
 * missing variable.
 */
function readableEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  try {
    return Object.fromEntries(
      Object.values(environmentVariables).map((name) => {
        const value = env[name];
        return [name, typeof value === "string" && value.trim() !== "" ? value : undefined];
      }),
    );
  } catch {
    throw new AtlasConfigurationError(
      "auth",
      "no credentials: pass auth (the environment, where they could be, cannot be read here)",
    );
  }
}

function checkBoolean(value: unknown, option: string): boolean {
  if (typeof value !== "boolean") throw new AtlasConfigurationError(option, "must be true or false");
  return value;
}

function number(value: unknown, option: string, minimum: number, maximum: number, fail: Fail): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum || value > maximum)
    throw fail(option, `must be a number from ${minimum} to ${maximum}`);
  return value;
}

function integer(value: unknown, option: string, minimum: number, maximum: number, fail: Fail): number {
  if (!Number.isInteger(value)) throw fail(option, `must be an integer from ${minimum} to ${maximum}`);
  return number(value, option, minimum, maximum, fail);
}

function resolveBackoff(backoff: BackoffOptions | undefined): ResolvedBackoff {
  if (backoff === undefined) return defaultBackoff;
  if (typeof backoff !== "object" || backoff === null)
    throw new AtlasConfigurationError("backoff", "must be an object");
  const field = (name: keyof BackoffOptions, maximum: number) =>
    number(backoff[name] ?? defaultBackoff[name], `backoff.${name}`, 0, maximum, atCreation);
  return {
    initialDelayMs: field("initialDelayMs", 3600_000),
    maxDelayMs: field("maxDelayMs", 3600_000),
    maxRetryAfterMs: field("maxRetryAfterMs", 24 * 3600_000),
  };
}

function checkUserAgent(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[\x20-\x7e]*$/.test(value)) {
    throw new AtlasConfigurationError("userAgent", "must be printable ASCII on one line");
  }
  return value.trim() || undefined;
}
