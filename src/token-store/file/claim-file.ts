import { randomBytes } from "node:crypto";
import { link, readFile, rename, stat, unlink } from "node:fs/promises";

/** What a file held when it was looked at: enough to tell whether it is still the same one. */
export interface FileSnapshot {
  text: string;
  mtimeMs: number;
}

/** The file's text and modification time, or undefined when there is no file. */
export async function snapshot(path: string, maximumBytes: number): Promise<FileSnapshot | undefined> {
  try {
    const { size, mtimeMs } = await stat(path);
    if (size > maximumBytes) return { text: "", mtimeMs };
    return { text: await readFile(path, "utf8"), mtimeMs };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
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
    await unlink(aside).catch(() => {});
  }
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ENOENT";
}
