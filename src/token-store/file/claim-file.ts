import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, open, rename, rmdir, unlink, type FileHandle } from "node:fs/promises";

/** What a file held when it was looked at: enough to tell whether it is still the same one. */
export interface FileSnapshot {
  text: string;
  mtimeMs: number;
}

/**
 * The file's text and modification time, or undefined when there is nothing at `path`. Anything
 * but a regular file (a symbolic link, dangling or not, a FIFO, a device, a directory) reads as an
 * empty text with its own modification time: never followed, never read (a FIFO would block, a
 * device never end), and judged like a corrupt file: replaced, or taken over once stale. At most
 * `maximumBytes` are read, whatever the file claims its size is.
 */
export async function snapshot(path: string, maximumBytes: number): Promise<FileSnapshot | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (isMissing(error)) return undefined;
    // O_NOFOLLOW refuses a symbolic link (ELOOP); anything else that exists but cannot be opened too.
    const seen = await lstat(path).catch(() => undefined);
    if (!seen) throw error;
    return { text: "", mtimeMs: seen.mtimeMs };
  }
  try {
    const stats = await file.stat();
    const { mtimeMs } = stats;
    if (!stats.isFile() || stats.size > maximumBytes) return { text: "", mtimeMs };
    const buffer = Buffer.alloc(maximumBytes + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maximumBytes) return { text: "", mtimeMs };
    return { text: buffer.subarray(0, bytesRead).toString("utf8"), mtimeMs };
  } finally {
    await file.close();
  }
}

/**
 * Deletes `path` only if it still is what `isExpected` accepts: the file is first renamed aside
 * (atomic, so no other process can change it from then on), then looked at; if it turned out to be
 * another file (written after our look), it is put back unless a newer one has arrived meanwhile.
 * A file system has no compare-and-delete; this is one.
 */
export async function deleteIfStill(
  path: string,
  isExpected: (seen: FileSnapshot) => boolean,
  maximumBytes: number,
): Promise<boolean> {
  const aside = `${path}.${randomBytes(6).toString("hex")}.claim`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  try {
    const seen = await snapshot(aside, maximumBytes);
    if (seen && isExpected(seen)) return true;
    // link() never replaces: a file written at `path` since the rename is newer and stays.
    await link(aside, path).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    });
    return false;
  } finally {
    // A directory someone left at the path is removed too, if empty; never its contents.
    await unlink(aside).catch(() => rmdir(aside).catch(() => {}));
  }
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ENOENT";
}
