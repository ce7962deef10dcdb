// "What does my money earn now?" in a few numbers, per currency and for all of them together:
// interest per day from the loans open now, the blended rate of what is lent, and the realized APR over
// the last 7 and 30 days next to FRR over the very same days. Every figure is after Bitfinex's 15 % fee,
// so the realized APR and FRR can be compared directly. Pure: the handler fetches, this computes.
import type { EarningsGlance, GlanceFigures, GlanceWindow } from '../../../shared/contract'
import type { Currency, FrrPoint, InterestPayment, Loan } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'

const DAY_MS = 86_400_000
const GLANCE_WINDOW_DAYS = [7, 30] as const

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
const afterFee = (gross: number): number => gross * (1 - BITFINEX_LENDER_FEE)

export interface GlanceInput {
  currency: Currency
  source: 'ledger' | 'recorded'
  loans: Loan[]
  /** Lent + offered + available now: the money the realized APR is earned on; null when unreadable. */
  capital: number | null
  /** Interest payments, after fee (Bitfinex's ledger or what LendPace recorded). */
  payments: InterestPayment[]
  frrHistory: FrrPoint[]
  now: number
}

type GlanceRow = EarningsGlance['rows'][number] & { capital: number | null }

function realizedWindow(input: GlanceInput, days: number): GlanceWindow {
  const first = input.payments.length ? Math.min(...input.payments.map((p) => p.mts)) : null
  // A user who started three days ago has three days of interest, not seven: divide by what is covered.
  // Bitfinex pays each day's interest at the next midnight, so a first payment covers the day before it.
  const coveredDays = first === null ? 0 : Math.min(days, Math.max(1, Math.ceil((input.now - first) / DAY_MS)))
  const from = input.now - coveredDays * DAY_MS
  const earned = sum(input.payments.filter((p) => p.mts > from && p.mts <= input.now).map((p) => p.amount))
  const realizedAprNet = input.capital && input.capital > 0 && coveredDays > 0 ? (earned / input.capital) * (365 / coveredDays) : null
  // FRR over the same days; with no payments yet, over the whole window asked for.
  const frrFrom = input.now - (coveredDays || days) * DAY_MS
  const frr = input.frrHistory.filter((p) => p.mts > frrFrom && p.mts <= input.now)
  const frrAprNet = frr.length ? afterFee((sum(frr.map((p) => p.frrDaily)) / frr.length) * 365) : null
  return { days, coveredDays, earned, realizedAprNet, frrAprNet }
}

export function glanceRow(input: GlanceInput): GlanceRow {
  const lent = sum(input.loans.map((l) => l.amount))
  const grossPerDay = sum(input.loans.map((l) => l.amount * l.rate))
  return {
    currency: input.currency,
    source: input.source,
    capital: input.capital,
    earningPerDay: afterFee(grossPerDay),
    lent,
    blendedDailyRate: lent > 0 ? grossPerDay / lent : null,
    windows: GLANCE_WINDOW_DAYS.map((d) => realizedWindow(input, d))
  }
}

/** Weighted mean of the non-null values; null when nothing carries weight. */
function weighted(pairs: Array<{ value: number | null; weight: number }>): number | null {
  const known = pairs.filter((p): p is { value: number; weight: number } => p.value !== null && p.weight > 0)
  const total = sum(known.map((p) => p.weight))
  return total > 0 ? sum(known.map((p) => p.value * p.weight)) / total : null
}

/**
 * All currencies in one line, in the display currency. `price` is the display-currency value of one unit
 * of a currency, or null when LendPace has none (then the currency is left out and named in `excluded`).
 */
export function glanceTotal(
  rows: GlanceRow[],
  displayCurrency: Currency,
  price: (c: Currency) => number | null
): EarningsGlance['total'] {
  const priced = rows.flatMap((r) => {
    const p = price(r.currency)
    return p === null ? [] : [{ r, p }]
  })
  const lent = sum(priced.map(({ r, p }) => r.lent * p))
  const figures: GlanceFigures = {
    earningPerDay: sum(priced.map(({ r, p }) => r.earningPerDay * p)),
    lent,
    blendedDailyRate: weighted(priced.map(({ r, p }) => ({ value: r.blendedDailyRate, weight: r.lent * p }))),
    windows: GLANCE_WINDOW_DAYS.map((days, i) => {
      const ws = priced.map(({ r, p }) => ({ w: r.windows[i], capital: (r.capital ?? 0) * p, p }))
      return {
        days,
        coveredDays: Math.max(0, ...ws.map((x) => x.w.coveredDays)),
        earned: sum(ws.map((x) => x.w.earned * x.p)),
        realizedAprNet: weighted(ws.map((x) => ({ value: x.w.realizedAprNet, weight: x.capital }))),
        frrAprNet: weighted(ws.map((x) => ({ value: x.w.frrAprNet, weight: x.capital || 1 })))
      }
    })
  }
  return { ...figures, displayCurrency, excluded: rows.filter((r) => price(r.currency) === null).map((r) => r.currency) }
}

/**
 * One unit in USD where that is known without a price feed: USD itself, and UST (USDt) taken at its
 * 1:1 peg. LendPace reads no crypto prices, so BTC and ETH stay out of the all-currency line.
 */
export const usdValueOf = (c: Currency): number | null => (c === 'USD' || c === 'UST' ? 1 : null)
