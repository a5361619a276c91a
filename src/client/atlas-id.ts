import { AtlasInvalidRequestError } from "../errors/atlas-error.js";
import { quote } from "../errors/redaction.js";
import { describeIdPattern, specFacts } from "../spec-facts.js";

/** Atlas ids (`groupId`, `peerId`, `containerId`), as the spec's path patterns say. */
const atlasId = new RegExp(specFacts.atlasIdPattern);
const atlasIdInWords = describeIdPattern(specFacts.atlasIdPattern);

/**
 * Checks an id before it becomes part of a URL: anything else (`/`, `..`, `%2F`, spaces, upper
 * case, the wrong length) is refused here rather than sent to a path the caller did not mean.
 */
export function checkAtlasId(value: unknown, parameter: string): string {
  if (typeof value !== "string" || !atlasId.test(value))
    // A value that holds a configured secret (a key pasted as an id) is not quoted at all.
    throw new AtlasInvalidRequestError(parameter, `must be ${atlasIdInWords} (got ${quote(value)})`);
  return value;
}
