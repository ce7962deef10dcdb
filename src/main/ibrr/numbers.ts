// Money arithmetic in whole units of 1e-8 (Bitfinex's amount precision, from shared/amount.ts), so float
// drift can never produce an offer above the available balance, and rate rounding on a significant-digit grid.
import { IBRR_PARAMS } from './params'

// Amounts in whole 1e-8 units have their one home in shared/amount.ts.
export { fromUnits, toUnitsDown, toUnitsUp } from '../../shared/amount'

/** Sum as floats in the order the loop would, so the caller can check what the exchange will see. */
export const floatSum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)

const DIGITS = IBRR_PARAMS.rateSignificantDigits

// 10^k for k = −40..40 (at index k + 40), computed as `10 ** k`.
const DECADE_ZERO = 40
const DECADES = Array.from({ length: 2 * DECADE_ZERO + 1 }, (_, i) => 10 ** (i - DECADE_ZERO))

/**
 * ⌊log10(rate)⌋ as Math.floor(Math.log10(rate)) gives it. Math.log10 is a call out of the JIT's code,
 * made hundreds of times a plan, so the decade is found in the table: more than 1e-9 (relative) from a
 * power of ten, log10 is that far from an integer, far beyond Math.log10's error, so its floor is the
 * bracketing decade; nearer to one, or outside the table, Math.log10 decides as before.
 */
function decade(rate: number): number {
  let i = DECADE_ZERO
  if (rate >= 1) while (i + 1 < DECADES.length && DECADES[i + 1] <= rate) i++
  else while (i > 0 && DECADES[i] > rate) i--
  if (i > 0 && i + 1 < DECADES.length && rate >= DECADES[i] * (1 + 1e-9) && rate < DECADES[i + 1] * (1 - 1e-9)) return i - DECADE_ZERO
  return Math.floor(Math.log10(rate))
}

/** Decimal places of the rate grid around `rate`: 5 significant digits. */
function gridDecimals(rate: number): number {
  return DIGITS - 1 - decade(rate)
}

// Rates are rounded hundreds of times per plan: the powers of ten come from a table, computed with the
// same `10 ** k` as before, so every rounding gives the same double.
const POW10 = Array.from({ length: 64 }, (_, k) => 10 ** k)
const pow10 = (k: number): number => (k < POW10.length ? POW10[k] : 10 ** k)

// n / 10^k is correctly rounded, so it is exactly the double a decimal string "n e-k" would parse to
// (no 0.00015409000000000001 noise), and far cheaper than toPrecision.
const onGrid = (n: number, decimals: number): number => (decimals >= 0 ? n / pow10(decimals) : n * pow10(-decimals))

/** The largest grid rate at or below `rate` (to match a bid at `rate`). */
export function rateFloor(rate: number): number {
  if (!(rate > 0)) return 0
  const d = gridDecimals(rate)
  const scale = pow10(d >= 0 ? d : -d)
  const n = Math.floor(d >= 0 ? rate * scale + 1e-7 : rate / scale + 1e-7)
  const r = onGrid(n, d)
  return r > rate ? onGrid(n - 1, d) : r
}

/** The smallest grid rate at or above `rate` (so a floor is never undercut). */
export function rateCeil(rate: number): number {
  if (!(rate > 0)) return 0
  const d = gridDecimals(rate)
  const scale = pow10(d >= 0 ? d : -d)
  const n = Math.ceil(d >= 0 ? rate * scale - 1e-7 : rate / scale - 1e-7)
  const r = onGrid(n, d)
  return r < rate ? onGrid(n + 1, d) : r
}

/** The largest grid rate strictly below `rate`: the price that puts us just ahead of a level. */
export function rateJustBelow(rate: number): number {
  if (!(rate > 0)) return 0
  const f = rateFloor(rate)
  if (f < rate) return f
  // f is on the grid: step one unit down (at a power of ten the grid below is ten times finer).
  const d = gridDecimals(f * (1 - 1e-12))
  const scale = pow10(d >= 0 ? d : -d)
  const n = Math.round(d >= 0 ? f * scale : f / scale)
  return onGrid(n - 1, d)
}

/** Comparator for an ascending numeric sort (the built-in sort is stable and sorts strings otherwise). */
export const ascending = (a: number, b: number): number => a - b

// Arrays are sorted in this scratch buffer (grown when needed): allocating a typed array per sort was
// half of sortAscending's cost. It is fully overwritten before each use, so no value leaks between calls.
let scratch = new Float64Array(256)

/** Whether `a` comes after `b` in the typed array's numeric order: −0 before +0, NaN last. */
const sortsAfter = (a: number, b: number): boolean => a > b || (a <= b ? a === 0 && b === 0 && 1 / a > 1 / b : Number.isNaN(a) && !Number.isNaN(b))

/** Sorts xs[from, to) in place by insertion, its part [from, sortedTo) being sorted already. */
function insertionSort(xs: number[], from: number, sortedTo: number, to: number): void {
  for (let k = sortedTo; k < to; k++) {
    const x = xs[k]
    let m = k - 1
    while (m >= from && sortsAfter(xs[m], x)) {
      xs[m + 1] = xs[m]
      m--
    }
    xs[m + 1] = x
  }
}

/**
 * Sorts `xs` ascending in place and returns it: the same order as `xs.sort(ascending)` for numbers
 * without NaN, by the typed array's numeric sort, which calls no comparator (a plan sorts a few arrays of
 * up to a few hundred rates; the comparator calls were most of their cost). −0 sorts before +0.
 */
export function sortAscending(xs: number[]): number[] {
  const n = xs.length
  // Many arrays here are an ascending run with a few values after it (the candidate rates: the asks'
  // rates, then the quantiles): the run is found first and only what follows it is sorted.
  let run = 1
  while (run < n && !sortsAfter(xs[run - 1], xs[run])) run++
  if (run >= n) return xs
  // A short array, or a short tail, is sorted in place by insertion: the typed array's sort costs a call
  // into the runtime and two copies, more than the few comparisons of up to 32 numbers (half the time,
  // Dec 2026). A sorted tail after a long run is then merged with it.
  if (n <= 32) {
    insertionSort(xs, 0, run, n)
    return xs
  }
  if (n > scratch.length) scratch = new Float64Array(2 * n)
  if (n - run <= 32) {
    insertionSort(xs, run, run + 1, n)
    let a = 0
    let b = run
    for (let k = 0; k < n; k++) scratch[k] = b >= n || (a < run && !sortsAfter(xs[a], xs[b])) ? xs[a++] : xs[b++]
    for (let k = 0; k < n; k++) xs[k] = scratch[k]
    return xs
  }
  const sorted = scratch.subarray(0, n)
  for (let k = 0; k < n; k++) sorted[k] = xs[k]
  sorted.sort()
  for (let k = 0; k < n; k++) xs[k] = sorted[k]
  return xs
}
