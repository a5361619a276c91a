import { parseArgs } from "node:util";

/** A command line the CLI cannot use: printed as one line, exit 1. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What the command line asked for. */
export interface CliOptions {
  command: "plan" | "apply" | "help" | "version";
  file: string;
  json: boolean;
  detailedExitcode: boolean;
  prune: boolean;
  replaceFailed: boolean;
  autoApprove: boolean;
  wait: boolean;
  timeoutMs: number;
  pollIntervalMs: number;
  baseUrl: string | undefined;
}

/** Parses the arguments with `node:util`'s parseArgs (strict: an unknown option is a usage error). */
export function parseCliOptions(args: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(
      String((error as Error).message)
        .split("\n")[0]!
        .replace(/\. To specify.*$/, ""),
    );
  }
  const { values, positionals } = parsed;
  const base = {
    file: values.file ?? "",
    json: values.json === true,
    detailedExitcode: values["detailed-exitcode"] === true,
    prune: values.prune === true,
    replaceFailed: values["replace-failed"] === true,
    autoApprove: values["auto-approve"] === true,
    wait: values["no-wait"] !== true,
    timeoutMs: values.timeout === undefined ? 15 * 60_000 : duration(values.timeout, "--timeout", 1000),
    pollIntervalMs:
      values["poll-interval"] === undefined
        ? 10_000
        : duration(values["poll-interval"], "--poll-interval", 10),
    baseUrl: values["base-url"],
  };
  if (values.help) return { ...base, command: "help" };
  if (values.version) return { ...base, command: "version" };
  const [command, ...rest] = positionals;
  if (command === undefined) return { ...base, command: "help" };
  if (command !== "plan" && command !== "apply")
    throw new UsageError(`unknown command ${JSON.stringify(command)}: use plan or apply (see --help)`);
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  if (!base.file) throw new UsageError(`${command} needs --file <declaration>`);
  if (
    command === "plan" &&
    (values["auto-approve"] || values["no-wait"] || values.timeout !== undefined || values["poll-interval"])
  )
    throw new UsageError("--auto-approve, --no-wait, --timeout and --poll-interval are options of apply");
  if (command === "apply" && values["detailed-exitcode"])
    throw new UsageError("--detailed-exitcode is an option of plan");
  return { ...base, command };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      file: { type: "string", short: "f" },
      json: { type: "boolean" },
      "detailed-exitcode": { type: "boolean" },
      prune: { type: "boolean" },
      "replace-failed": { type: "boolean" },
      "auto-approve": { type: "boolean" },
      "no-wait": { type: "boolean" },
      timeout: { type: "string" },
      "poll-interval": { type: "string" },
      "base-url": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

/** `900`, `900s`, `15m`, `1h`, `500ms` -> milliseconds; from `minimumMs` to a day. */
function duration(text: string, option: string, minimumMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = match ? Number(match[1]) * factor[(match[2] ?? "s") as keyof typeof factor] : NaN;
  if (!Number.isFinite(ms) || ms < minimumMs || ms > 86_400_000)
    throw new UsageError(
      `${option} ${JSON.stringify(text)}: give a duration from ${minimumMs >= 1000 ? `${minimumMs / 1000}s` : `${minimumMs}ms`} to 24h, such as 900s or 15m`,
    );
  return Math.round(ms);
}
