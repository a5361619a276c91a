/**
 * The one setting for how many cases each property test runs. Each property names its full
 * strength (what `npm test` runs); `ATLAS_PROPERTY_RUNS` caps every property at that many cases
 * (`npm run test:fast` sets a few hundred), so that a contributor's loop and CI differ in one
 * place only.
 */
export function propertyRuns(fullStrength: number): { numRuns: number } {
  const cap = Number(process.env.ATLAS_PROPERTY_RUNS);
  return { numRuns: Number.isInteger(cap) && cap > 0 ? Math.min(cap, fullStrength) : fullStrength };
}

/**
 * The time limit of a property test: a safety net against a hang, not a budget. A property at full
 * strength on a busy 2-core machine (two CPU-bound loops beside it) takes several times what it
 * takes on an idle one; what it costs is measured by `npm run bench`, never asserted here.
 */
export const propertyTimeoutMs = 600_000;
