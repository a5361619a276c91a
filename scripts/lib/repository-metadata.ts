import { ScriptError } from "./script-error.js";

/**
 * package.json's `repository`, `homepage` and `bugs`, from the address of the repository the release
 * workflow runs in (GitHub Actions' `GITHUB_SERVER_URL` and `GITHUB_REPOSITORY`), never guessed:
 * npm's provenance ties the published package to that repository and checks `repository.url`
 * against it. `homepage` is the API reference that the docs workflow publishes to GitHub Pages.
 */
export interface RepositoryMetadata {
  repository: { type: "git"; url: string };
  homepage: string;
  bugs: { url: string };
}

/** GitHub's rules: an owner is letters, digits and single hyphens; a repository name adds `.` and `_`. */
const ownerPattern = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
const namePattern = /^[A-Za-z0-9._-]+$/;

export function repositoryMetadata(env: NodeJS.ProcessEnv): RepositoryMetadata {
  const repository = env.GITHUB_REPOSITORY;
  const server = env.GITHUB_SERVER_URL;
  if (!repository)
    throw new ScriptError("GITHUB_REPOSITORY is not set (owner/name, as GitHub Actions sets it)");
  if (!server)
    throw new ScriptError(
      "GITHUB_SERVER_URL is not set (such as https://github.com, as GitHub Actions sets it)",
    );
  const [owner = "", name = "", ...rest] = repository.split("/");
  if (rest.length > 0 || !ownerPattern.test(owner) || !namePattern.test(name) || /^\.+$/.test(name))
    throw new ScriptError(
      `GITHUB_REPOSITORY must be owner/name, not ${JSON.stringify(repository.slice(0, 100))}`,
    );
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new ScriptError(`GITHUB_SERVER_URL is not a URL: ${JSON.stringify(server.slice(0, 100))}`);
  }
  if (base.protocol !== "https:" || base.pathname !== "/" || base.search || base.hash || base.username)
    throw new ScriptError(
      `GITHUB_SERVER_URL must be an https origin such as https://github.com, not ${server}`,
    );
  const web = `${base.origin}/${owner}/${name}`;
  return {
    repository: { type: "git", url: `git+${web}.git` },
    homepage: pagesSite(base.host, owner, name) ?? `${web}#readme`,
    bugs: { url: `${web}/issues` },
  };
}

/**
 * The GitHub Pages address of a repository on github.com: `https://<owner>.github.io/<name>/`, or
 * the root for the `<owner>.github.io` repository itself. A GitHub Enterprise Server has its own
 * Pages address, which the workflow's environment does not give: undefined there.
 */
function pagesSite(host: string, owner: string, name: string): string | undefined {
  if (host !== "github.com") return undefined;
  const site = `${owner.toLowerCase()}.github.io`;
  return name.toLowerCase() === site ? `https://${site}/` : `https://${site}/${name}/`;
}

/**
 * The manifest with the metadata filled in: placed after `license` when absent, kept when equal,
 * and refused when package.json already names another address (someone set it by hand, or the
 * workflow runs in a fork: publishing from there would claim the wrong source).
 */
export function withRepositoryMetadata(
  manifest: Record<string, unknown>,
  metadata: RepositoryMetadata,
): Record<string, unknown> {
  for (const key of ["repository", "homepage", "bugs"] as const) {
    const present = manifest[key];
    if (present !== undefined && JSON.stringify(present) !== JSON.stringify(metadata[key]))
      throw new ScriptError(
        `package.json's ${key} is ${JSON.stringify(present)}, but this repository is ${metadata.repository.url}: remove it or fix it`,
      );
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === "repository" || key === "homepage" || key === "bugs") continue;
    result[key] = value;
    if (key === "license") Object.assign(result, metadata);
  }
  return "license" in manifest ? result : { ...result, ...metadata };
}
