/**
 * `atlas-peering-client/token-store/file`: one service-account token shared by the processes of
 * one machine, kept encrypted in files. Pass {@link createFileTokenStore}'s store as
 * `auth.tokenStore`.
 *
 * @packageDocumentation
 * @module atlas-peering-client/token-store/file
 */
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { AtlasConfigurationError, type SharedTokenStore } from "atlas-peering-client";
import { createSharedTokenStore } from "../shared-store.js";
import { checkCommandTimeoutMs, checkLockMs, checkOptionsObject } from "../store-options.js";
import { FileBackend } from "./file-backend.js";

/** Options of `createFileTokenStore`; all optional. */
export interface FileTokenStoreOptions {
  /**
   * Where the token files go (created `0700` if missing; files `0600`). Default:
   * `$XDG_CACHE_HOME/atlas-peering-client/tokens`, else `~/.cache/atlas-peering-client/tokens`.
   * Local disks only: the lock relies on O_EXCL and on one clock.
   */
  directory?: string;
  /**
   * How long the lock of the process that asks Atlas for a token lives without renewal (it renews
   * it every third of that while it waits): if that process dies, the others wait at most this
   * long before one of them takes over. Default 5000 ms.
   */
  lockMs?: number;
  /**
   * How long one command of the store (a file operation, a Redis command) may take before it
   * counts as failed: the client warns once (`ATLAS_TOKEN_STORE_UNAVAILABLE`) and goes on without
   * the store, asking Atlas on its own, until the store works again. Default 1000 ms; the call's
   * deadline bounds it too.
   */
  commandTimeoutMs?: number;
}

/**
 * A token store for the processes of one machine (CI jobs, cron, scripts run many times an hour):
 * a process that starts finds the token an earlier or a concurrent one obtained, and of processes
 * that need a new token at once only one asks Atlas. Entries are encrypted with a key derived from
 * the client secret. Pass it as `auth.tokenStore`.
 *
 * ```ts
 * const atlas = createAtlasClient({
 *   auth: { type: "serviceAccount", clientId, clientSecret, tokenStore: createFileTokenStore() },
 * });
 * ```
 */
export function createFileTokenStore(options: FileTokenStoreOptions = {}): SharedTokenStore {
  const { directory, lockMs, commandTimeoutMs } = checkOptionsObject(options);
  return createSharedTokenStore(new FileBackend(checkDirectory(directory)), {
    lockMs: checkLockMs(lockMs),
    commandTimeoutMs: checkCommandTimeoutMs(commandTimeoutMs),
  });
}

function checkDirectory(value: unknown): string {
  if (value === undefined) {
    const cache = process.env.XDG_CACHE_HOME;
    return join(
      cache && isAbsolute(cache) ? cache : join(homedir(), ".cache"),
      "atlas-peering-client",
      "tokens",
    );
  }
  if (typeof value !== "string" || value.trim() === "" || value.includes("\0"))
    throw new AtlasConfigurationError("directory", "must be a non-empty path");
  return resolve(value);
}

export type { SharedTokenStore } from "atlas-peering-client";
