import { AtlasError, createAtlasClient, packageVersion, type AtlasClient } from "atlas-peering-client";
import {
  applyPeering,
  formatApplyResult,
  formatPlan,
  loadDeclaration,
  planPeering,
  type ApplyResult,
  type PeeringPlan,
} from "atlas-peering-client/declared";
import { applyDocument, planDocument } from "./json-output.js";
import { parseCliOptions, UsageError, type CliOptions } from "./options.js";
import { confirm, progressPrinter, type CliIo } from "./terminal.js";
import { usage } from "./usage.js";

/** The exit codes: 0 done (plan: nothing differs), 1 an error of any kind, 2 (plan --detailed-exitcode) changes pending. */
export const exitCodes = { ok: 0, error: 1, changesPending: 2 } as const;

/** The pairs of variables `createAtlasClient()` reads when it has no `auth` option. */
const credentialVariables = [
  ["MONGODB_ATLAS_CLIENT_ID", "MONGODB_ATLAS_CLIENT_SECRET"],
  ["MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PRIVATE_API_KEY"],
] as const;

/**
 * `atlas-peering`: a thin shell over `planPeering` and `applyPeering`. Returns the exit code.
 * Every failure is one line on stderr (`atlas-peering: <ErrorName>: <message>`), never a stack,
 * and with `--json` a JSON document on stdout too. Credentials only reach the client: no value of
 * any environment variable is printed.
 */
export async function runCli(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let options: CliOptions | undefined;
  let client: AtlasClient | undefined;
  try {
    options = parseCliOptions(args);
    if (options.command === "help") return (write(io.stdout, usage), exitCodes.ok);
    if (options.command === "version")
      return (write(io.stdout, `atlas-peering ${packageVersion}\n`), exitCodes.ok);
    const credentials = credentialVariables.some(([id, secret]) => io.env[id] || io.env[secret]);
    // The client first, when there are credentials: it registers them with the package's
    // redactor, so that no text from here on (a declaration module's own error included) can
    // show them. Without credentials, a bad file is still named before the missing credentials.
    if (credentials)
      client = createAtlasClient({
        baseUrl: options.baseUrl ?? (io.env.MONGODB_ATLAS_BASE_URL || undefined),
        env: io.env,
        userAgent: `atlas-peering-cli/${packageVersion}`,
        onWarning: (warning) =>
          write(io.stderr, `atlas-peering: warning: ${warning.code}: ${warning.message}\n`),
      });
    const declaration = await loadDeclaration(options.file);
    if (!client)
      throw new UsageError(
        "no credentials: set MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (a service account), " +
          "or MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY",
      );
    const plan = await planPeering(client, declaration, {
      prune: options.prune,
      replaceFailed: options.replaceFailed,
      signal,
    });
    return options.command === "plan"
      ? reportPlan(io, options, plan)
      : await apply(io, options, client, plan, signal);
  } catch (error) {
    const { name, message } = failureLine(error);
    write(io.stderr, `atlas-peering: ${name === "UsageError" ? "" : `${name}: `}${message}\n`);
    if (options?.json)
      write(
        io.stdout,
        `${JSON.stringify({ command: options.command, error: { name, message } }, null, 2)}\n`,
      );
    return exitCodes.error;
  } finally {
    await client?.close();
  }
}

/**
 * What was thrown, as a name and a one-line message: read without letting a getter, a toString or
 * a Proxy throw again, and both put through the package's one redactor (the AtlasError base) every
 * time, an AtlasError's too (its message is a writable property, redacted when it was made).
 */
function failureLine(error: unknown): { name: string; message: string } {
  const read = (field: "name" | "message"): string => {
    try {
      const value = error instanceof Error ? error[field] : field === "name" ? "Error" : error;
      return typeof value === "string" ? value : String(value);
    } catch {
      return field === "name" ? "Error" : "(unreadable)";
    }
  };
  const name = new AtlasError(read("name")).message.replace(/[^\w.[\]-]/g, "").slice(0, 60) || "Error";
  return { name, message: new AtlasError(read("message")).message.replace(/\s+/g, " ") };
}

function reportPlan(io: CliIo, options: CliOptions, plan: PeeringPlan): number {
  if (options.json) write(io.stdout, `${JSON.stringify(planDocument(plan, options.file), null, 2)}\n`);
  else
    write(
      io.stdout,
      `atlas-peering plan: project ${plan.groupId}, declared in ${options.file}\n\n${formatPlan(plan)}\n`,
    );
  if (plan.findings.some((finding) => finding.severity === "error")) return exitCodes.error;
  return plan.changes.length > 0 && options.detailedExitcode ? exitCodes.changesPending : exitCodes.ok;
}

async function apply(
  io: CliIo,
  options: CliOptions,
  client: AtlasClient,
  plan: PeeringPlan,
  signal: AbortSignal | undefined,
): Promise<number> {
  const human = !options.json;
  const finish = (result: ApplyResult | undefined, outcome: string, code: number) => {
    if (options.json)
      write(io.stdout, `${JSON.stringify(applyDocument(plan, options.file, result, outcome), null, 2)}\n`);
    else if (result) write(io.stdout, `\n${formatApplyResult(result)}\n`);
    return code;
  };
  if (human)
    write(
      io.stdout,
      `atlas-peering apply: project ${plan.groupId}, declared in ${options.file}\n\n${formatPlan(plan)}\n`,
    );
  if (plan.findings.some((finding) => finding.severity === "error")) {
    write(io.stderr, "atlas-peering: the plan has error findings: nothing was applied\n");
    return finish(undefined, "blocked", exitCodes.error);
  }
  if (plan.changes.length > 0 && !options.autoApprove) {
    if (!io.stdin.isTTY) {
      write(
        io.stderr,
        "atlas-peering: no terminal to confirm on: pass --auto-approve to apply without asking\n",
      );
      return finish(undefined, "not-approved", exitCodes.error);
    }
    if (!(await confirm(io, `\nApply these ${plan.changes.length} changes to project ${plan.groupId}?`))) {
      write(io.stderr, "atlas-peering: apply cancelled\n");
      return finish(undefined, "cancelled", exitCodes.error);
    }
  }
  const result = await applyPeering(client, plan, {
    timeoutMs: options.timeoutMs,
    intervalMs: options.pollIntervalMs,
    wait: options.wait,
    signal,
    onProgress: progressPrinter(io),
  });
  return finish(result, result.ok ? "applied" : "incomplete", result.ok ? exitCodes.ok : exitCodes.error);
}

function write(stream: CliIo["stdout"], text: string): void {
  stream.write(text);
}
