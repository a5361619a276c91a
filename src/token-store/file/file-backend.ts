import { mkdir, rmdir } from "node:fs/promises";
import { join } from "node:path";
import type { StoreKey, TokenStoreBackend } from "../backend.js";
import { deleteIfStill, snapshot } from "./claim-file.js";
import { renewLockFile, tryLockFile, unlockFile } from "./lock-file.js";
import { replaceFile } from "./replace-file.js";

/** A sealed record is a few hundred bytes; a larger file is read as nothing (and then replaced). */
const maximumRecordBytes = 16 * 1024;

/**
 * The directory behind the file token store: one file per entry (`<slot>.token`,
 * `<slot>.rate-limit`, `<slot>.lock`), each `0600`, in a directory created `0700`. Expiry is inside
 * the sealed records, so `ttlMs` is not needed here.
 */
export class FileBackend implements TokenStoreBackend {
  readonly name = "file";
  readonly #directory: string;
  #created: Promise<unknown> | undefined;

  constructor(directory: string) {
    this.#directory = directory;
  }

  async get(key: StoreKey): Promise<string | undefined> {
    return (await snapshot(this.#path(key), maximumRecordBytes))?.text;
  }

  async set(key: StoreKey, value: string): Promise<void> {
    const path = this.#path(key);
    await this.#inDirectory(async () => {
      try {
        await replaceFile(path, value);
      } catch (error) {
        // An empty directory where the entry goes (left by hand, or by a cleaner): removed (never
        // one with contents: rmdir refuses), and the entry written in its place.
        if (codeOf(error) !== "EISDIR") throw error;
        await rmdir(path);
        await replaceFile(path, value);
      }
    });
  }

  deleteIf(key: StoreKey, expected: string): Promise<boolean> {
    return deleteIfStill(this.#path(key), (seen) => seen.text === expected, maximumRecordBytes);
  }

  tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    return this.#inDirectory(() => tryLockFile(this.#path(key), owner, ttlMs));
  }

  renewLock(key: StoreKey, owner: string): Promise<boolean> {
    return renewLockFile(this.#path(key), owner);
  }

  unlock(key: StoreKey, owner: string): Promise<void> {
    return unlockFile(this.#path(key), owner);
  }

  #path(key: StoreKey): string {
    return join(this.#directory, `${key.slot}.${key.kind}`);
  }

  /**
   * Runs a write in the store's directory, created when missing; once more, after creating it
   * again, when it has gone since (a cache cleaner removed it): otherwise every process would ask
   * Atlas for its own token at every renewal, for good.
   */
  async #inDirectory<T>(write: () => Promise<T>): Promise<T> {
    await this.#ensureDirectory();
    try {
      return await write();
    } catch (error) {
      if (codeOf(error) !== "ENOENT") throw error;
      this.#created = undefined;
      await this.#ensureDirectory();
      return write();
    }
  }

  /** Once per store; tried again after a failure (the directory may be fixed while we run). */
  #ensureDirectory(): Promise<unknown> {
    this.#created ??= mkdir(this.#directory, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      this.#created = undefined;
      throw error;
    });
    return this.#created;
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
