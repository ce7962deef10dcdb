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
