// What the dashboard shows per currency: where the money is (available, offered, lent, idle) and how
// much of it works. Pure: computed from what the exchange reported.
import type { CurrencySummary } from '../../../shared/contract'
import type { Currency, Loan, Offer } from '../../../shared/domain'

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

export function summarizeCurrency(input: {
  currency: Currency
  /** What the exchange said about the balance (a cycle's account always has a readable one). */
  balance: { readable: true; amount: number } | { readable: false; message: string }
  offers: Offer[]
  loans: Loan[]
  reserve: number
  reasonFor: (offerId: number) => string | null
}): CurrencySummary {
  const offered = sum(input.offers.map((o) => o.amount))
  const lent = sum(input.loans.map((l) => l.amount))
  const available = input.balance.readable ? input.balance.amount : null
  const total = available === null ? null : available + offered + lent
  return {
    currency: input.currency,
    available,
    offered,
    lent,
    idle: available === null ? null : Math.max(0, available - input.reserve),
    utilization: total === null ? null : total > 0 ? lent / total : 0,
    balanceNote: input.balance.readable ? null : input.balance.message,
    offers: input.offers.map((o) => ({ ...o, reason: input.reasonFor(o.id) })),
    loans: input.loans
  }
}
