// Seeded randomness for the simulation. Every random draw is a pure function of (seed, key), so the
// same demand gives the same loan life to every strategy in a run and a rerun reproduces it exactly.
import { seededRandom } from '../../../shared/random'

/** 32-bit FNV-1a hash of a string: a stable key → integer map. */
function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A uniform draw in [0, 1) determined by the seed and a key naming what is drawn. */
export function uniformFor(seed: number, key: string): number {
  return seededRandom(hashString(`${seed}|${key}`))()
}
