/** A seeded `Math.random` (mulberry32) while a run lasts, so that a shrunk counterexample replays exactly. */
export function installSeededRandom(seed: number): () => void {
  const saved = Math.random;
  let state = seed >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => void (Math.random = saved);
}
