import { AtlasConfigurationError } from "../errors/atlas-error.js";
import { isDuration, maximumDurationMs } from "../http/durations.js";
import { isHeaderValue } from "../http/header-values.js";
import { defaultBackoff, type BackoffOptions, type ResolvedBackoff } from "../http/retry-policy.js";
import { checkHooks, type AtlasHooks } from "../observability/hooks.js";
import { resolveLog, type Log } from "../observability/log.js";
import { specFacts } from "../spec-facts.js";
import type { AtlasAuthOptions, AtlasClientOptions, ServiceAccountAuthOptions } from "./options.js";

export const defaultBaseUrl: string = specFacts.defaultBaseUrl;
export const defaultApiVersion: string = specFacts.defaultApiVersion;
const defaultTimeoutMs = 30_000;
const defaultMaxRetries = 2;
/**
 * 16 MiB: a page of 500 peers is about 250 kB, so this is far above any real answer, and low
 * enough that a hostile or broken server cannot fill the process's memory.
 */
export const defaultMaxResponseBytes = 16 * 1024 * 1024;

export interface ResolvedOptions {
  baseUrl: string;
  auth: AtlasAuthOptions;
  apiVersion: string;
  envelope: boolean;
  timeoutMs: number;
  totalTimeoutMs: number;
  maxResponseBytes: number;
  maxRetries: number;
  backoff: ResolvedBackoff;
  userAgentSuffix: string | undefined;
  fetch: typeof globalThis.fetch;
  /** Undefined when logging is off. */
  log: Log | undefined;
  hooks: AtlasHooks | undefined;
}

/**
 * Checks every option once, when the client is created, so that no call can fail later for a
 * reason that was knowable now. Errors name the option (or environment variable), never its value.
 */
export function resolveOptions(options: AtlasClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null)
    throw new AtlasConfigurationError("options", "must be an object");
  const baseUrl = resolveBaseUrl(options.baseUrl ?? defaultBaseUrl, options.allowInsecureHttp === true);
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  if (typeof fetchImplementation !== "function")
    throw new AtlasConfigurationError("fetch", "must be a function (no global fetch in this runtime)");
  if (options.onWarning !== undefined && typeof options.onWarning !== "function")
    throw new AtlasConfigurationError("onWarning", "must be a function");
  const env = options.env ?? process.env;
  return {
    baseUrl,
    auth: resolveAuth(options.auth, env),
    apiVersion: checkApiVersion(options.apiVersion ?? defaultApiVersion, "apiVersion"),
    envelope: checkBoolean(options.envelope ?? false, "envelope"),
    timeoutMs: checkDuration(options.timeoutMs ?? defaultTimeoutMs, "timeoutMs"),
    totalTimeoutMs: checkDuration(options.totalTimeoutMs ?? 0, "totalTimeoutMs"),
    maxResponseBytes: checkInteger(
      options.maxResponseBytes ?? defaultMaxResponseBytes,
      "maxResponseBytes",
      1024,
      2 ** 30,
    ),
    maxRetries: checkInteger(options.maxRetries ?? defaultMaxRetries, "maxRetries", 0, 10),
    backoff: resolveBackoff(options.backoff),
    userAgentSuffix: checkUserAgent(options.userAgent),
    fetch: fetchImplementation,
    log: resolveLog(options.logger, options.logLevel, env),
    hooks: checkHooks(options.hooks),
  };
}

/** An Atlas API version is a calendar date, `YYYY-MM-DD`: 2023-02-30 is not one (Date.parse would take it). */
export function isApiVersionDate(value: unknown): value is string {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkApiVersion(value: unknown, option: string): string {
  if (!isApiVersionDate(value))
    throw new AtlasConfigurationError(option, 'must be an Atlas API version date such as "2025-03-12"');
  return value;
}

function resolveBaseUrl(value: unknown, allowInsecureHttp: boolean): string {
  if (typeof value !== "string")
    throw new AtlasConfigurationError("baseUrl", "must be a string URL such as https://cloud.mongodb.com");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AtlasConfigurationError("baseUrl", "is not a valid absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new AtlasConfigurationError("baseUrl", `must use https (got ${url.protocol})`);
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
      requireString(auth.publicKey, "auth.publicKey");
      requireHeaderValue(auth.publicKey, "auth.publicKey");
      requireString(auth.privateKey, "auth.privateKey");
      return auth;
    case "serviceAccount":
      requireString(auth.clientId, "auth.clientId");
      requireString(auth.clientSecret, "auth.clientSecret");
      if (auth.tokenCache !== undefined) {
        const cache = auth.tokenCache as unknown as Record<string, unknown>;
        if (
          typeof cache !== "object" ||
          cache === null ||
          ["get", "set", "delete"].some((name) => typeof cache[name] !== "function")
        ) {
          throw new AtlasConfigurationError("auth.tokenCache", "must have get, set and delete functions");
        }
      }
      if (auth.tokenStore !== undefined) checkTokenStore(auth);
      return auth;
    case "bearer":
      if (typeof auth.token !== "function") {
        requireString(auth.token, "auth.token");
        requireHeaderValue(auth.token.trim(), "auth.token");
      }
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

/** A shared store replaces the cache, and its tokens outlive this client: see the README's revocation rule. */
function checkTokenStore(auth: ServiceAccountAuthOptions): void {
  if (
    typeof (auth.tokenStore as { bind?: unknown } | null)?.bind !== "function" ||
    auth.tokenCache ||
    auth.revokeOnClose
  )
    throw new AtlasConfigurationError(
      "auth.tokenStore",
      "must come from atlas-peering-client/token-store/*, without tokenCache or revokeOnClose",
    );
}

function authFromEnvironment(source: Record<string, string | undefined>): AtlasAuthOptions {
  const env = readableEnvironment(source);
  const clientId = nonEmpty(env.MONGODB_ATLAS_CLIENT_ID);
  const clientSecret = nonEmpty(env.MONGODB_ATLAS_CLIENT_SECRET);
  if (clientId || clientSecret) {
    if (!clientId)
      throw new AtlasConfigurationError(
        "MONGODB_ATLAS_CLIENT_ID",
        "is not set, but MONGODB_ATLAS_CLIENT_SECRET is",
      );
    if (!clientSecret)
      throw new AtlasConfigurationError(
        "MONGODB_ATLAS_CLIENT_SECRET",
        "is not set, but MONGODB_ATLAS_CLIENT_ID is",
      );
    return { type: "serviceAccount", clientId, clientSecret };
  }
  const publicKey = nonEmpty(env.MONGODB_ATLAS_PUBLIC_API_KEY);
  const privateKey = nonEmpty(env.MONGODB_ATLAS_PRIVATE_API_KEY);
  if (publicKey || privateKey) {
    if (!publicKey)
      throw new AtlasConfigurationError(
        "MONGODB_ATLAS_PUBLIC_API_KEY",
        "is not set, but MONGODB_ATLAS_PRIVATE_API_KEY is",
      );
    if (!privateKey)
      throw new AtlasConfigurationError(
        "MONGODB_ATLAS_PRIVATE_API_KEY",
        "is not set, but MONGODB_ATLAS_PUBLIC_API_KEY is",
      );
    return { type: "digest", publicKey, privateKey };
  }
  throw new AtlasConfigurationError(
    "auth",
    "no credentials: pass auth, or set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (service account) or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys)",
  );
}

/**
 * The four credential variables, read once: a runtime may refuse to let the environment be read
 * (Deno without --allow-env throws), which is a configuration error like a missing variable.
 */
function readableEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const names = [
    "MONGODB_ATLAS_CLIENT_ID",
    "MONGODB_ATLAS_CLIENT_SECRET",
    "MONGODB_ATLAS_PUBLIC_API_KEY",
    "MONGODB_ATLAS_PRIVATE_API_KEY",
  ];
  try {
    return Object.fromEntries(names.map((name) => [name, env[name]]));
  } catch {
    throw new AtlasConfigurationError(
      "auth",
      "no credentials: pass auth (the environment, where they could be, cannot be read here)",
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

function requireString(value: unknown, option: string): void {
  if (typeof value !== "string" || value.trim() === "")
    throw new AtlasConfigurationError(option, "is missing or empty");
  if (/[\r\n]/.test(value)) throw new AtlasConfigurationError(option, "must not contain line breaks");
}

/** Refuses now what fetch would refuse at the first call (with a message quoting the value). */
function requireHeaderValue(value: string, option: string): void {
  if (!isHeaderValue(value))
    throw new AtlasConfigurationError(
      option,
      "cannot be sent in an HTTP header: it has control characters or characters beyond Latin-1",
    );
}

/** Milliseconds, 0 to a day: longer would not fit Node's timers (a larger value becomes 1 ms there). */
function checkDuration(value: unknown, option: string): number {
  if (!isDuration(value))
    throw new AtlasConfigurationError(
      option,
      `must be a number from 0 to ${maximumDurationMs} (milliseconds)`,
    );
  return value;
}

function checkBoolean(value: unknown, option: string): boolean {
  if (typeof value !== "boolean") throw new AtlasConfigurationError(option, "must be true or false");
  return value;
}

function checkNumber(value: unknown, option: string, minimum: number, maximum: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum || value > maximum) {
    throw new AtlasConfigurationError(option, `must be a number from ${minimum} to ${maximum}`);
  }
  return value;
}

function checkInteger(value: unknown, option: string, minimum: number, maximum: number): number {
  if (!Number.isInteger(value))
    throw new AtlasConfigurationError(option, `must be an integer from ${minimum} to ${maximum}`);
  return checkNumber(value, option, minimum, maximum);
}

function resolveBackoff(backoff: BackoffOptions | undefined): ResolvedBackoff {
  if (backoff === undefined) return defaultBackoff;
  if (typeof backoff !== "object" || backoff === null)
    throw new AtlasConfigurationError("backoff", "must be an object");
  return {
    initialDelayMs: checkNumber(
      backoff.initialDelayMs ?? defaultBackoff.initialDelayMs,
      "backoff.initialDelayMs",
      0,
      3600_000,
    ),
    maxDelayMs: checkNumber(
      backoff.maxDelayMs ?? defaultBackoff.maxDelayMs,
      "backoff.maxDelayMs",
      0,
      3600_000,
    ),
    maxRetryAfterMs: checkNumber(
      backoff.maxRetryAfterMs ?? defaultBackoff.maxRetryAfterMs,
      "backoff.maxRetryAfterMs",
      0,
      24 * 3600_000,
    ),
  };
}

function checkUserAgent(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[\x20-\x7e]*$/.test(value)) {
    throw new AtlasConfigurationError("userAgent", "must be printable ASCII on one line");
  }
  return value.trim() || undefined;
}
