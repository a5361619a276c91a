import { readFile } from "node:fs/promises";
import { createTwoFilesPatch } from "diff";
import { fromRoot } from "./layout.js";

export interface StaleFile {
  path: string;
  /** A unified diff from what is on disk to what it should be, cut to a readable length. */
  diff: string;
}

const maximumDiffLines = 60;

/** Compares expected contents with the files on disk; returns the ones that differ (or are missing). */
export async function findStaleFiles(expected: ReadonlyMap<string, string>): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const [path, content] of expected) {
    const actual = await readIfPresent(path);
    if (actual === content) continue;
    if (actual === undefined) {
      stale.push({ path, diff: `${path} is missing` });
      continue;
    }
    const lines = createTwoFilesPatch(`${path} (on disk)`, `${path} (expected)`, actual, content, "", "", {
      context: 2,
    }).split("\n");
    const shown = lines.slice(0, maximumDiffLines);
    if (lines.length > maximumDiffLines) shown.push(`... ${lines.length - maximumDiffLines} more diff lines`);
    stale.push({ path, diff: shown.join("\n") });
  }
  return stale;
}

export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(fromRoot(path), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
