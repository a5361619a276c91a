import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fromRoot, pipelineFiles } from "./layout.js";

export interface LintProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  pointer: string;
}

export interface LintOutcome {
  exitCode: number;
  errors: LintProblem[];
  warnings: LintProblem[];
  /** What redocly printed, without its boxed notices (see withoutNotices). */
  output: string;
}

export const redoclyCli = join(
  dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
  "bin",
  "cli.js",
);

/** Quiet, offline Redocly: no telemetry, no update notice (the machines have no internet). */
export const redoclyEnvironment = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  REDOCLY_SUPPRESS_NOTIFICATIONS: "true",
  NO_COLOR: "1",
};

/**
 * Runs `redocly lint` with the project's redocly.yaml on one file. Configuration problems are
 * fatal (`--lint-config error`): a typo in a rule name must not silently disable it.
 */
export function redoclyLint(file: string, format: "json" | "codeframe" = "json"): LintOutcome {
  const run = runRedocly([
    "lint",
    file,
    "--config",
    fromRoot(pipelineFiles.redoclyConfig),
    "--lint-config",
    "error",
    "--format",
    format,
  ]);
  const problems = format === "json" ? parseJsonProblems(run.stdout) : [];
  return {
    exitCode: run.exitCode,
    errors: problems.filter((problem) => problem.severity === "error"),
    warnings: problems.filter((problem) => problem.severity === "warn"),
    output: run.output,
  };
}

/**
 * Runs one Redocly CLI command, quiet and offline (redoclyEnvironment), from the pipeline's root.
 * `stdout` is what the command wrote there (lint's JSON report); `output` is everything it printed,
 * without its boxed notices, for a person.
 */
export function runRedocly(args: readonly string[]): { exitCode: number; stdout: string; output: string } {
  const run = spawnSync(process.execPath, [redoclyCli, ...args], {
    cwd: fromRoot("."),
    env: redoclyEnvironment,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    exitCode: run.status ?? 1,
    stdout: run.stdout,
    output: withoutNotices(`${run.stdout}${run.stderr}`),
  };
}

function parseJsonProblems(stdout: string): LintProblem[] {
  const start = stdout.indexOf("{");
  const end = stdout.lastIndexOf("}");
  if (start === -1 || end === -1) return [];
  try {
    const report = JSON.parse(stdout.slice(start, end + 1)) as {
      problems?: Array<{
        ruleId: string;
        severity: "error" | "warn";
        message: string;
        location?: Array<{ pointer?: string }>;
      }>;
    };
    return (report.problems ?? []).map((problem) => ({
      ruleId: problem.ruleId,
      severity: problem.severity,
      message: problem.message,
      pointer: problem.location?.[0]?.pointer ?? "",
    }));
  } catch {
    return [];
  }
}

/**
 * Redocly CLI 2.77 prints boxed notices on stderr that no setting turns off: on Node.js 20 a
 * "Node.js 20 support is ending" box on every command (lib/index.js writes it unconditionally;
 * REDOCLY_SUPPRESS_UPDATE_NOTICE and REDOCLY_SUPPRESS_NOTIFICATIONS, set above, silence only the
 * update and announcement notices), and with build-docs a "now renders docs with Redoc 3" box.
 * They are noise in our logs and in npm test's, so every run of redocly goes through this filter:
 * the box's lines (drawn with ╔ ║ ╚) go, and so do the blank lines they leave at the start.
 */
export function withoutNotices(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join("\n")
    .replace(/^\n+/, "")
    .replace(/\n{3,}/g, "\n\n");
}
