// What the app can record about earnings by itself, for keys that cannot read Bitfinex's ledger: when a
// loan we saw disappears, it was returned, and it earned about principal × rate × days, less the fee.
import type { Loan } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'
import type { EarningsEvent } from '../storage'

const DAY_MS = 86_400_000

export class LoanTracker {
  private seen = new Map<string, Map<number, Loan>>()

  /** Compare with the loans seen last time for this currency; returns an event per returned loan. */
  observe(currency: string, loans: Loan[], now: number): EarningsEvent[] {
    const previous = this.seen.get(currency)
    this.seen.set(currency, new Map(loans.map((l) => [l.id, l])))
    if (!previous) return []
    const stillOpen = new Set(loans.map((l) => l.id))
    return [...previous.values()]
      .filter((l) => !stillOpen.has(l.id))
      .map((l) => {
        const days = Math.max(0, now - l.openedAt) / DAY_MS
        return {
          id: `loan-${l.id}`,
          at: now,
          currency,
          kind: 'loanClosed' as const,
          loanId: l.id,
          principal: l.amount,
          rate: l.rate,
          days,
          interest: l.amount * l.rate * days * (1 - BITFINEX_LENDER_FEE)
        }
      })
  }
}
