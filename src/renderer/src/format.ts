// How numbers reach the user. Rates stay daily decimals everywhere else; only here do they become
// "%/day" (4 decimals) and simple APR (rate × 365), always labelled before or after Bitfinex's fee.
import { BITFINEX_LENDER_FEE, type Currency } from '../../shared/domain'

const DAYS_PER_YEAR = 365

/** 0.0002 → "0.0200 %/day" */
export const formatDailyRate = (rate: number): string => `${(rate * 100).toFixed(4)} %/day`

/** Simple APR as a fraction: 0.0002/day → 0.073. */
export const aprOf = (dailyRate: number): number => dailyRate * DAYS_PER_YEAR

/** What the lender keeps after Bitfinex's 15 % share of the interest. */
export const netOfFee = (gross: number): number => gross * (1 - BITFINEX_LENDER_FEE)

/** 0.073 → "7.30 %" */
export const formatPercent = (fraction: number, decimals = 2): string => `${(fraction * 100).toFixed(decimals)} %`

/** 0.0002/day → "7.30 % APR before fee" */
export const formatApr = (dailyRate: number, fee: 'before fee' | 'after fee' = 'before fee'): string =>
  `${formatPercent(fee === 'after fee' ? netOfFee(aprOf(dailyRate)) : aprOf(dailyRate))} APR ${fee}`

/** Crypto needs more decimals than dollars to be meaningful. */
export const amountDecimals = (currency: string): number => (currency === 'BTC' || currency === 'ETH' ? 6 : 2)

export const formatAmount = (amount: number, currency: Currency | string): string =>
  `${amount.toLocaleString('en-US', {
    minimumFractionDigits: amountDecimals(currency),
    maximumFractionDigits: amountDecimals(currency)
  })} ${currency}`

export const formatMaybeAmount = (amount: number | null, currency: Currency | string): string =>
  amount === null ? '—' : formatAmount(amount, currency)

/** "3d 4h", "5h 12m", "40m", "<1m": coarse on purpose, a lender does not need seconds. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  const negative = ms < 0
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  // "0m" reads like a stalled countdown.
  if (minutes === 0) return '<1m'
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const text = days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${mins}m` : `${mins}m`
  return negative ? `-${text}` : text
}

/** A loan's time left: its period from opening, minus what has passed. */
export const loanTimeLeftMs = (openedAt: number, periodDays: number, now: number): number =>
  openedAt + periodDays * 86_400_000 - now

export const formatTime = (mts: number): string =>
  new Date(mts).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' })

export const formatDate = (mts: number): string => new Date(mts).toISOString().slice(0, 10)

/** Parse a number field; '' and garbage become NaN so the schema refuses them with its own sentence. */
export function parseNumberInput(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

/** Convert a user's "%/day" input to a daily decimal: "0.02" → 0.0002. NaN when not a number. */
export const percentPerDayToRate = (text: string): number => parseNumberInput(text) / 100

/** The inverse, without float noise: 0.0002 → "0.02". */
export const rateToPercentPerDay = (rate: number): string => String(Number((rate * 100).toFixed(8)))
