// Seeded randomness for the simulation. Every random draw is a pure function of (seed, key), so the
// same demand gives the same loan life to every strategy in a run and a rerun reproduces it exactly.

/** 32-bit FNV-1a hash of a string: a stable key → integer map. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** mulberry32: small, fast, good enough for a simulation (not for cryptography). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A uniform draw in [0, 1) determined by the seed and a key naming what is drawn. */
export function uniformFor(seed: number, key: string): number {
  return mulberry32(hashString(`${seed}|${key}`))()
}
