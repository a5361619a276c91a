import { mkdir } from "node:fs/promises";
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
    await this.#ensureDirectory();
    await replaceFile(this.#path(key), value);
  }

  deleteIf(key: StoreKey, expected: string): Promise<boolean> {
    return deleteIfStill(this.#path(key), (seen) => seen.text === expected, maximumRecordBytes);
  }

  async tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    await this.#ensureDirectory();
    return tryLockFile(this.#path(key), owner, ttlMs);
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

  /** Once per store; tried again after a failure (the directory may be fixed while we run). */
  #ensureDirectory(): Promise<unknown> {
    this.#created ??= mkdir(this.#directory, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      this.#created = undefined;
      throw error;
    });
    return this.#created;
  }
}
