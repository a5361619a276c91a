import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes a set of files so that a failure leaves every one of them as it was: all contents go to
 * temporary files beside their targets first, and only when all of them are written are they
 * renamed into place (a rename within one directory is atomic on POSIX file systems).
 */
export async function writeFilesAtomically(files: ReadonlyMap<string, string>): Promise<void> {
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    for (const [target, content] of files) {
      await mkdir(dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      staged.push({ temporary, target });
      await writeFile(temporary, content, "utf8");
    }
  } catch (error) {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
    throw error;
  }
  for (const { temporary, target } of staged) await rename(temporary, target);
}

/**
 * Writes, atomically as above, only the files whose content differs from what is on disk, so that
 * an unchanged file keeps its modification time and a rerun touches nothing. Returns the paths
 * written.
 */
export async function writeChangedFilesAtomically(files: ReadonlyMap<string, string>): Promise<string[]> {
  const changed = new Map<string, string>();
  for (const [target, content] of files) {
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current !== content) changed.set(target, content);
  }
  await writeFilesAtomically(changed);
  return [...changed.keys()];
}
