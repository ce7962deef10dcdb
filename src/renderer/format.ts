// How numbers, dates and rates reach the user: the one formatting module of the renderer. Everything goes
// through Intl in the user's own locale (the browser's or Electron's language), so a date reads the same
// on every page and "10000" gets its separators. Rates stay daily decimals everywhere else; only here do
// they become "%/day" and simple APR (rate × 365), always labelled before or after Bitfinex's fee.
import type { Currency } from '../shared/domain'
import { formatScreenApr } from '../shared/rate'

/** The rate arithmetic the pages use, from its one home. */
export { aprOf, netOfFee } from '../shared/rate'
const DAY_MS = 86_400_000

/** The user's locale; undefined lets Intl use the runtime's default (Node in unit tests). */
const LOCALE: string | undefined = typeof navigator !== 'undefined' && navigator.language ? navigator.language : undefined

const numberFormats = new Map<string, Intl.NumberFormat>()
/** A cached Intl.NumberFormat in the user's locale. */
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options)
  let f = numberFormats.get(key)
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALE, options)))
  return f
}

/** A plain number with fixed decimals and the locale's separators: 10000 → "10,000.00". */
export const formatNumber = (value: number, decimals = 2): string =>
  numberFormat({ minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value)

/** Big numbers short: 12345 → "12K". */
export const formatCompact = (value: number): string => numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(value)

/** 0.0002 → "0.0200 %/day" */
export const formatDailyRate = (rate: number): string => `${formatNumber(rate * 100, 4)} %/day`

/** 0.073 → "7.30 %" */
export const formatPercent = (fraction: number, decimals = 2): string => `${formatNumber(fraction * 100, decimals)} %`

/** An APR already as a fraction, or a dash when unknown. */
export const formatMaybePercent = (fraction: number | null, decimals = 2): string => (fraction === null ? '—' : formatPercent(fraction, decimals))

/** 0.0002/day → "7.30 % APR before fee" (shared/rate.ts: the screen's rendering of an APR). */
export const formatApr = (dailyRate: number, fee: 'before fee' | 'after fee' = 'before fee'): string => formatScreenApr(dailyRate, fee, LOCALE)

/** Crypto needs more decimals than dollars to be meaningful. */
export const amountDecimals = (currency: string): number => (currency === 'BTC' || currency === 'ETH' ? 6 : 2)

export const formatAmount = (amount: number, currency: Currency | string): string => `${formatNumber(amount, amountDecimals(currency))} ${currency}`

/** Small sums (a day's interest) keep two more decimals so 0.0042 USD does not read as 0.00. */
export const formatSmallAmount = (amount: number, currency: Currency | string): string =>
  `${formatNumber(amount, amountDecimals(currency) + (Math.abs(amount) < 1 && amount !== 0 ? 2 : 0))} ${currency}`

export const formatMaybeAmount = (amount: number | null, currency: Currency | string): string =>
  amount === null ? '—' : formatAmount(amount, currency)

const plurals = new Intl.PluralRules('en')
/** "1 day", "7 days": the app's sentences are English, so English plural rules. */
export const formatCount = (n: number, one: string, many = `${one}s`): string => `${formatNumber(n, 0)} ${plurals.select(n) === 'one' ? one : many}`
export const formatDays = (n: number): string => formatCount(n, 'day')

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
export const loanTimeLeftMs = (openedAt: number, periodDays: number, now: number): number => openedAt + periodDays * DAY_MS - now

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' })
const dateFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium' })
/** UTC days ("2026-12-01") are shown as that calendar day, whatever the user's time zone. */
const utcDayFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' })
const utcShortDayFormat = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' })

/** A moment, in the user's locale and time zone: "Dec 1, 2026, 9:05 AM". */
export const formatTime = (mts: number): string => dateTimeFormat.format(mts)

/** A day, in the user's locale and time zone: "Dec 1, 2026". */
export const formatDate = (mts: number): string => dateFormat.format(mts)

/** A UTC day key as the ledger groups by it: "2026-12-01" → "Dec 1, 2026". */
export const formatUtcDay = (day: string): string => utcDayFormat.format(Date.parse(day))

/** The same, short, for chart ticks: "Dec 1". */
export const formatUtcDayShort = (day: string): string => utcShortDayFormat.format(Date.parse(day))

/** Parse a number field; '' and garbage become NaN so the schema refuses them with its own sentence. */
export function parseNumberInput(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

/** Convert a user's "%/day" input to a daily decimal: "0.02" → 0.0002. NaN when not a number. */
export const percentPerDayToRate = (text: string): number => parseNumberInput(text) / 100

/** The inverse, without float noise: 0.0002 → "0.02". */
export const rateToPercentPerDay = (rate: number): string => String(Number((rate * 100).toFixed(8)))
