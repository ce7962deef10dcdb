// Sorting for plan()'s small arrays (a snapshot's 125 trades, 72 candle closes, a few dozen candidate
// rates), which it sorts on every plan. Array.prototype.sort calls the comparator through the engine's
// builtin and Float64Array.from walks an iterator; for arrays this small both cost more than the
// sorting itself. Above SMALL elements the builtin is used. Every function here is stable, so the order
// (and every sum later taken in it) is exactly the builtin stable sort's.

const SMALL = 160

/** Stable in-place sort by `cmp` (binary insertion sort when small: few comparator calls, cheap moves). */
export function stableSort<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  if (xs.length > SMALL) return xs.sort(cmp)
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]
    // First position whose element sorts after x: x goes after every equal one (stable).
    let lo = 0
    let hi = i
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cmp(xs[mid], x) > 0) hi = mid
      else lo = mid + 1
    }
    for (let k = i; k > lo; k--) xs[k] = xs[k - 1]
    xs[lo] = x
  }
  return xs
}

/** In-place ascending sort of numbers without NaN (the same order as `(a, b) => a - b`). */
export function sortAscending<T extends number[] | Float64Array>(xs: T): T {
  if (xs.length > SMALL) return (Array.isArray(xs) ? xs.sort((a, b) => a - b) : xs.sort()) as T
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]
    let k = i - 1
    while (k >= 0 && xs[k] > x) {
      xs[k + 1] = xs[k]
      k--
    }
    xs[k + 1] = x
  }
  return xs
}
