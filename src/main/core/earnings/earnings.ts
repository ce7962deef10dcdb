// Earnings for the dashboard and the tax export: interest payments grouped by UTC day, the realized APR
// they imply against the capital that earned them, and a CSV a user can hand to an accountant.
import type { EarningsView } from '../../../shared/contract'
import type { Currency, FrrPoint, InterestPayment } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'
import type { EarningsEvent } from '../storage'

const DAY_MS = 86_400_000
export const utcDay = (mts: number): string => new Date(mts).toISOString().slice(0, 10)

export function buildEarningsView(input: {
  currency: Currency
  source: EarningsView['source']
  neededPermission: string | null
  payments: InterestPayment[]
  /** Average capital lent over the period (for realized APR); null when unknown. */
  averageCapital: number | null
  frrHistory: FrrPoint[]
}): EarningsView {
  // Grouped by day number first and turned into a date string once per day, not twice per payment: the
  // dashboard asks for this every cycle per currency, over up to 2,000 payments each.
  const byDay = new Map<number, number>()
  for (const p of [...input.payments].sort((a, b) => a.mts - b.mts)) {
    const day = Math.floor(p.mts / DAY_MS)
    byDay.set(day, (byDay.get(day) ?? 0) + p.amount)
  }
  let cumulative = 0
  const daily = [...byDay.entries()].map(([day, amount]) => {
    cumulative += amount
    return { day: utcDay(day * DAY_MS), amount, cumulative }
  })
  const days = daily.length > 0 ? (Date.parse(daily[daily.length - 1].day) - Date.parse(daily[0].day)) / DAY_MS + 1 : 0
  const realizedAprNet =
    input.averageCapital && input.averageCapital > 0 && days > 0 ? (cumulative / input.averageCapital) * (365 / days) : null
  const frrInRange = daily.length
    ? input.frrHistory.filter((p) => p.mts >= Date.parse(daily[0].day) && p.mts < Date.parse(daily[daily.length - 1].day) + DAY_MS)
    : []
  const frrApr = frrInRange.length ? (frrInRange.reduce((a, p) => a + p.frrDaily, 0) / frrInRange.length) * 365 : null
  return {
    currency: input.currency,
    source: input.source,
    neededPermission: input.neededPermission,
    daily,
    total: cumulative,
    realizedAprNet,
    frrApr
  }
}

const csvCell = (v: string | number): string => {
  const s = String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One line of the tax export. null = not known for this row: written as "unknown", never guessed. */
export interface EarningsCsvRow {
  at: number
  currency: string
  /** Net amount received, after Bitfinex's fee. */
  amount: number
  /** Daily rate before fee. */
  rate: number | null
  loanId: number | null
  principal: number | null
  loanPeriodDays: number | null
  /** The time the interest was earned over. */
  from: number | null
  to: number
  source: 'ledger' | 'recorded'
}

/**
 * Bitfinex's interest payments. A payment is the sum over all loans of a day, so it names no loan, no
 * principal and no period; it covers the time since the previous payment of the same currency (unknown
 * for the first one held). The rate only when the description carries one.
 */
export function ledgerCsvRows(payments: InterestPayment[]): EarningsCsvRow[] {
  const previous = new Map<string, number>()
  return [...payments]
    .sort((a, b) => a.mts - b.mts)
    .map((p) => {
      const rate = /rate[:\s]+([0-9.]+)/i.exec(p.description)?.[1]
      const from = previous.get(p.currency) ?? null
      previous.set(p.currency, p.mts)
      return { at: p.mts, currency: p.currency, amount: p.amount, rate: rate ? Number(rate) : null, loanId: null, principal: null, loanPeriodDays: null, from, to: p.mts, source: 'ledger' as const }
    })
}

/** What LendPace recorded itself: one row per returned loan, with its id, principal, rate, period and the time it was held. */
export function recordedCsvRows(events: EarningsEvent[]): EarningsCsvRow[] {
  return events.map((e) => ({
    at: e.at,
    currency: e.currency,
    amount: e.interest,
    rate: e.rate ?? null,
    loanId: e.loanId ?? null,
    principal: e.principal ?? null,
    loanPeriodDays: e.period ?? null,
    from: e.days === undefined ? null : e.at - e.days * DAY_MS,
    to: e.at,
    source: 'recorded'
  }))
}

const CSV_HEADER = ['date', 'currency', 'amount_after_fee', 'fee', 'rate_daily', 'loan_id', 'principal', 'loan_period_days', 'interest_from', 'interest_to', 'source']
const SOURCE_TEXT = { ledger: "Bitfinex's ledger", recorded: 'estimated by LendPace' } as const

/**
 * One row per interest payment (ledger) or returned loan (recorded), oldest first. Bitfinex's fee is
 * derived: what is received is 85 % of the gross interest.
 */
export function earningsCsv(rows: EarningsCsvRow[]): string {
  const known = <T>(v: T | null, show: (x: T) => string): string => (v === null ? 'unknown' : show(v))
  const iso = (mts: number): string => new Date(mts).toISOString()
  const lines = [...rows]
    .sort((a, b) => a.at - b.at)
    .map((r) => [
      iso(r.at),
      r.currency,
      r.amount.toFixed(8),
      ((r.amount / (1 - BITFINEX_LENDER_FEE)) * BITFINEX_LENDER_FEE).toFixed(8),
      known(r.rate, String),
      known(r.loanId, String),
      known(r.principal, (x) => x.toFixed(8)),
      known(r.loanPeriodDays, String),
      known(r.from, iso),
      iso(r.to),
      SOURCE_TEXT[r.source]
    ])
  return [CSV_HEADER, ...lines].map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}
