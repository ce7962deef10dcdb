// Small statistics helpers of the calibration (no library in the project does these few lines).

/** Linear-interpolated quantile (type 7, as R and numpy default) of unsorted values; NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q))
  const i = Math.floor(pos)
  return i + 1 < s.length ? s[i] + (s[i + 1] - s[i]) * (pos - i) : s[i]
}

export const median = (values: number[]): number => quantile(values, 0.5)

/**
 * Approximate 95 % interval for a Poisson count d (Wilson–Hilferty): the event counts behind each
 * hazard of the loan-life table are small for long periods, so ±1.96√d would go negative.
 */
export function poissonInterval(d: number): { lower: number; upper: number } {
  const z = 1.96
  const lower = d <= 0 ? 0 : d * Math.pow(1 - 1 / (9 * d) - z / (3 * Math.sqrt(d)), 3)
  const u = d + 1
  const upper = u * Math.pow(1 - 1 / (9 * u) + z / (3 * Math.sqrt(u)), 3)
  return { lower: Math.max(0, lower), upper }
}

/**
 * The distribution-free confidence interval of the median of `values` (order statistics): the k-th
 * smallest and k-th largest values, with k the largest rank such that P(Bin(n, ½) ≤ k − 1) ≤ (1 − level)/2.
 * Its exact coverage is returned (≥ level). Null when even [min, max] covers less than `level` (n < 6 at 95 %).
 */
export function orderStatisticMedianInterval(values: number[], level = 0.95): { lower: number; upper: number; coverage: number } | null {
  const n = values.length
  const tail = (1 - level) / 2
  // P(Bin(n, ½) ≤ j) accumulated in log space (2^−n underflows past n ≈ 1 074).
  let logPmf = -n * Math.LN2
  let cdf = 0
  let k = 0
  for (let j = 0; j < n; j++) {
    const next = cdf + Math.exp(logPmf)
    if (next > tail) break
    cdf = next
    k = j + 1
    logPmf += Math.log(n - j) - Math.log(j + 1)
  }
  if (k === 0) return null
  const s = [...values].sort((a, b) => a - b)
  return { lower: s[k - 1], upper: s[n - k], coverage: 1 - 2 * cdf }
}
