/**
 * Text as part of a file name: lower-case letters and digits, runs of anything else as one `-`,
 * at most `maxLength` characters, never empty. No `/`, `..`, space or control character can reach
 * the file system from upstream text this way.
 */
export function fileNamePart(text: string, maxLength: number): string {
  const part = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, "");
  return part === "" ? "x" : part;
}
