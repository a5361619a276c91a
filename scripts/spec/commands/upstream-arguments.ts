import { ScriptError } from "../../lib/script-error.js";

/** The flag that lets a download follow a redirect to another origin (read-upstream.ts, ReadOptions). */
export const allowRedirectFlag = "--allow-redirect";

/**
 * A command's arguments: upstream locations (paths or URLs) and `--allow-redirect`. A wrong count,
 * or another flag, is a usage error (exit 2) with `usage`.
 */
export function upstreamArguments(
  args: readonly string[],
  counts: { min: number; max: number },
  usage: string,
): { locations: string[]; allowRedirect: boolean } {
  const flags = args.filter((arg) => arg.startsWith("--"));
  const locations = args.filter((arg) => !arg.startsWith("--"));
  const unknown = flags.filter((flag) => flag !== allowRedirectFlag);
  if (unknown.length > 0 || locations.length < counts.min || locations.length > counts.max)
    throw new ScriptError(`usage: ${usage}`, 2);
  return { locations, allowRedirect: flags.includes(allowRedirectFlag) };
}
