// Earnings for the dashboard and the tax export: interest payments grouped by UTC day, the realized APR
// they imply against the capital that earned them, and a CSV a user can hand to an accountant.
import type { EarningsView } from '../../../shared/contract'
import type { Currency, FrrPoint, InterestPayment } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'

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

/**
 * One row per interest payment: date, currency, net amount received, the daily rate when the
 * description carries one, and Bitfinex's fee (derived: the payment is 85 % of the gross interest).
 */
export function earningsCsv(payments: InterestPayment[]): string {
  const header = ['date', 'currency', 'amount', 'rate', 'fee']
  const rows = [...payments]
    .sort((a, b) => a.mts - b.mts)
    .map((p) => {
      const rate = /rate[:\s]+([0-9.]+)/i.exec(p.description)?.[1] ?? ''
      const fee = (p.amount / (1 - BITFINEX_LENDER_FEE)) * BITFINEX_LENDER_FEE
      return [new Date(p.mts).toISOString(), p.currency, p.amount.toFixed(8), rate, fee.toFixed(8)]
    })
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}
