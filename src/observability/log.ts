import { AtlasConfigurationError } from "../errors/atlas-error.js";

/**
 * Where log lines go: anything shaped like `console` (pino, winston and bunyan loggers are).
 * Each line is one string that holds no credential. For the same facts as objects, use `hooks` or
 * the diagnostics channels.
 */
export interface AtlasLogger {
  /** Each attempt's answer (method, path, status, attempt, duration, request id), digest challenges. */
  debug(message: string): void;
  /** Retries (reason and wait), tokens fetched, refreshed and revoked. */
  info(message: string): void;
  /** Warnings (a deprecated API version, a token not revoked), unless `onWarning` is set. */
  warn(message: string): void;
}

/**
 * How much the client logs: `"off"` (the default: the client is silent, warnings go to
 * `onWarning`), `"warn"`, `"info"` or `"debug"`, each including the ones before.
 */
export type AtlasLogLevel = "off" | "warn" | "info" | "debug";

/** The environment variable that sets the level when the `logLevel` option does not. */
export const logLevelVariable = "ATLAS_PEERING_LOG";

const levels: readonly AtlasLogLevel[] = ["off", "warn", "info", "debug"];

/** The logger and the levels that are on; undefined when logging is off. */
export interface Log {
  logger: AtlasLogger;
  debug: boolean;
  info: boolean;
  warn: boolean;
}

/** The log the options and the environment ask for; `undefined` when it is off. */
export function resolveLog(
  logger: unknown,
  level: unknown,
  env: Record<string, string | undefined>,
): Log | undefined {
  const fromEnvironment =
    level === undefined ? readVariable(env, logLevelVariable)?.trim().toLowerCase() || undefined : undefined;
  const chosen = (typeof level === "string" ? level.trim().toLowerCase() : level) ?? fromEnvironment ?? "off";
  if (!levels.includes(chosen as AtlasLogLevel))
    throw new AtlasConfigurationError(
      level === undefined ? logLevelVariable : "logLevel",
      `must be one of ${levels.map((name) => `"${name}"`).join(", ")}`,
    );
  const sink = (logger === undefined ? console : logger) as Record<string, unknown>;
  if (
    typeof sink !== "object" ||
    sink === null ||
    !["debug", "info", "warn"].every((name) => typeof sink[name] === "function")
  )
    throw new AtlasConfigurationError("logger", "must have debug, info and warn functions, as console has");
  const rank = levels.indexOf(chosen as AtlasLogLevel);
  if (rank === 0) return undefined;
  return { logger: sink as unknown as AtlasLogger, warn: rank >= 1, info: rank >= 2, debug: rank >= 3 };
}

/**
 * A variable of the environment, or undefined when the runtime will not say: Deno without
 * `--allow-env` throws on any read of `process.env`, and a log level is no reason to need it.
 */
function readVariable(env: Record<string, string | undefined>, name: string): string | undefined {
  try {
    const value = env[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
