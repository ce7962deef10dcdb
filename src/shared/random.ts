// Seeded randomness: every random choice in the app (retry jitter, timer jitter, simulated loan lives,
// property tests) comes from a seed, so runs and tests are reproducible.

/** mulberry32: a small, fast 32-bit PRNG giving uniform draws in [0, 1). Not for cryptography. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
