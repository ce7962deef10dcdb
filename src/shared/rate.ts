// A daily rate as Bitfinex sends it: when two are the same rate, and how one reads as the simple APR
// users see (rate × 365), before or after Bitfinex's 15 % fee. Every APR the app writes comes from one of
// the three named renderings below; they differ in precision on purpose, each for its place.
import { BITFINEX_LENDER_FEE } from './domain'

const DAYS_PER_YEAR = 365

/**
 * Two rates are the same rate within one part in 1e9 of the larger. Relative, because rates span four
 * orders of magnitude (fBTC ~4e-8/day, fUSD ~2e-4/day) while Bitfinex's grid is 5 significant digits at
 * every size: neighbouring grid rates differ by at least 1e-5 relative, float noise by ~1e-16. An absolute
 * epsilon cannot do both: 1e-12 calls 4.0000e-8 and 4.0001e-8 the same.
 */
export const sameRate = (a: number, b: number): boolean =>
  // Infinity (an FRR offer before any FRR is published) is the same rate only as itself: the relative
  // test alone reads Inf − x ≤ 1e-9·Inf as true for every finite x.
  a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)))

/** Simple APR as a fraction: 0.0002/day → 0.073. */
export const aprOf = (dailyRate: number): number => dailyRate * DAYS_PER_YEAR

/** What the lender keeps after Bitfinex's 15 % share of the interest. */
export const netOfFee = (gross: number): number => gross * (1 - BITFINEX_LENDER_FEE)

/**
 * In sentences (decision reasons, notifications, the CLI): "7.3 % APR". One decimal reads as words do;
 * a tiny rate keeps two significant digits so it never reads as 0.
 */
export function formatSentenceApr(dailyRate: number): string {
  const apr = aprOf(dailyRate) * 100
  return `${apr >= 0.1 || apr === 0 ? apr.toFixed(1) : apr.toPrecision(2)} % APR`
}

/** In report tables (backtest CLI, bench): "7.30 %", two decimals so strategies a few basis points apart still differ. */
export const formatTableApr = (dailyRate: number): string => `${(aprOf(dailyRate) * 100).toFixed(2)} %`

const screenFormats = new Map<string, Intl.NumberFormat>()
/** On screen, in the user's locale and with the fee named: "7.30 % APR before fee". */
export function formatScreenApr(dailyRate: number, fee: 'before fee' | 'after fee', locale: string | undefined): string {
  const apr = fee === 'after fee' ? netOfFee(aprOf(dailyRate)) : aprOf(dailyRate)
  const key = locale ?? ''
  let format = screenFormats.get(key)
  if (!format) screenFormats.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })))
  return `${format.format(apr * 100)} % APR ${fee}`
}
