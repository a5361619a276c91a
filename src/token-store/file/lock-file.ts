import { utimes, writeFile } from "node:fs/promises";
import { deleteIfStill, snapshot } from "./claim-file.js";

/** A lock file holds its owner's id, a few dozen bytes; anything longer is not a lock of ours. */
const maximumLockBytes = 256;

/**
 * An exclusive lock between the processes of one machine: a file created with O_EXCL that holds
 * the owner's id. Its modification time is its heartbeat: the holder touches it while it works, and
 * a lock not touched for `ttlMs` belongs to a process that died and may be taken over.
 */
export async function tryLockFile(path: string, owner: string, ttlMs: number): Promise<boolean> {
  if (await createExclusively(path, owner)) return true;
  const seen = await snapshot(path, maximumLockBytes);
  // Released between our attempt and our look: try once more, without looping.
  if (!seen) return createExclusively(path, owner);
  // Stale when not touched for ttlMs, or touched "in the future" by more than that: the clock
  // stepped back while its holder was gone, and waiting for it would be waiting forever.
  if (Math.abs(Date.now() - seen.mtimeMs) <= ttlMs) return false;
  // Stale: remove exactly the lock we judged stale (not one another process took over since).
  const removed = await deleteIfStill(
    path,
    (now) => now.text === seen.text && now.mtimeMs === seen.mtimeMs,
    maximumLockBytes,
  );
  return removed && createExclusively(path, owner);
}

export async function renewLockFile(path: string, owner: string): Promise<boolean> {
  const seen = await snapshot(path, maximumLockBytes).catch(() => undefined);
  if (seen?.text !== owner) return false;
  const now = new Date();
  await utimes(path, now, now);
  return true;
}

export async function unlockFile(path: string, owner: string): Promise<void> {
  await deleteIfStill(path, (seen) => seen.text === owner, maximumLockBytes);
}

async function createExclusively(path: string, owner: string): Promise<boolean> {
  try {
    await writeFile(path, owner, { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === "EEXIST") return false;
    throw error;
  }
}
