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
  /** What redocly printed, without its Node.js 20 end-of-life banner. */
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
  const run = spawnSync(
    process.execPath,
    [
      redoclyCli,
      "lint",
      file,
      "--config",
      fromRoot(pipelineFiles.redoclyConfig),
      "--lint-config",
      "error",
      "--format",
      format,
    ],
    { env: redoclyEnvironment, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const output = withoutBanner(`${run.stdout}${run.stderr}`);
  const problems = format === "json" ? parseJsonProblems(run.stdout) : [];
  return {
    exitCode: run.status ?? 1,
    errors: problems.filter((problem) => problem.severity === "error"),
    warnings: problems.filter((problem) => problem.severity === "warn"),
    output,
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

/** Redocly 2.x prints a boxed Node.js 20 end-of-life notice on every run; it is noise in our logs. */
function withoutBanner(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join("\n")
    .replace(/^\n+/, "");
}
