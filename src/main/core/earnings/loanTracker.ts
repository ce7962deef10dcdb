// The one place that notices what happened to the money between two reads of the loans: a loan id that
// appears is an offer that filled; one that disappears is a loan that was returned, and it earned about
// principal × rate × days, less the fee (for keys that cannot read Bitfinex's ledger). The activity
// history and the desktop notifications both take their news from here.
import type { Loan } from '../../../shared/domain'
import { BITFINEX_LENDER_FEE } from '../../../shared/domain'
import { formatSentenceApr } from '../../../shared/rate'
import type { EarningsEvent } from '../storage'

const DAY_MS = 86_400_000

/** Loans that appeared (filled offers) and disappeared (returned) from one read to the next. */
export function diffLoans(before: Loan[], after: Loan[]): { filled: Loan[]; returned: Loan[] } {
  const oldIds = new Set(before.map((l) => l.id))
  const newIds = new Set(after.map((l) => l.id))
  return { filled: after.filter((l) => !oldIds.has(l.id)), returned: before.filter((l) => !newIds.has(l.id)) }
}

/** Interest a loan earned while we saw it, after Bitfinex's fee: amount × daily rate × days held. */
export function estimatedNetInterest(loan: Loan, now: number): number {
  const heldDays = Math.max(0, now - loan.openedAt) / DAY_MS
  return loan.amount * loan.rate * heldDays * (1 - BITFINEX_LENDER_FEE)
}

export interface LoanChanges {
  filled: Loan[]
  /** Each returned loan with its estimated earnings. */
  returned: { loan: Loan; event: EarningsEvent & { days: number } }[]
}

export class LoanTracker {
  private seen = new Map<string, Loan[]>()

  /** Forget what was seen: the next read is a new baseline (another mode's account is not news). */
  reset(): void {
    this.seen.clear()
  }

  /** Compare with the loans seen last time for this currency. The first read is the baseline. */
  observe(currency: string, loans: Loan[], now: number): LoanChanges {
    const previous = this.seen.get(currency)
    this.seen.set(currency, loans)
    if (!previous) return { filled: [], returned: [] }
    const { filled, returned } = diffLoans(previous, loans)
    return {
      filled,
      returned: returned.map((loan) => ({
        loan,
        event: {
          id: `loan-${loan.id}`,
          at: now,
          currency,
          kind: 'loanClosed' as const,
          loanId: loan.id,
          principal: loan.amount,
          rate: loan.rate,
          period: loan.period,
          days: Math.max(0, now - loan.openedAt) / DAY_MS,
          interest: estimatedNetInterest(loan, now)
        }
      }))
    }
  }
}

/** "1,234.50 USD", "0.012345 BTC": what the news sentences and notifications show. */
export const amountText = (amount: number, currency: string): string => {
  const digits = currency === 'BTC' || currency === 'ETH' ? 6 : 2
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${currency}`
}
const daysText = (n: number): string => `${n} day${n === 1 ? '' : 's'}`

/** The activity log's sentences for what the tracker noticed. */
export const fillSentence = (loan: Loan, currency: string): string =>
  `Offer filled: ${amountText(loan.amount, currency)} lent at ${formatSentenceApr(loan.rate)} before fee for ${daysText(loan.period)}.`

export const returnSentence = (loan: Loan, event: EarningsEvent, currency: string): string =>
  `Loan returned: ${amountText(loan.amount, currency)} back after ${daysText(Math.max(1, Math.round(event.days ?? 0)))}, ` +
  `with about ${amountText(event.interest, currency)} interest after Bitfinex's fee.`

export const paymentSentence = (amount: number, currency: string): string =>
  `Interest paid by Bitfinex: ${amountText(amount, currency)} after the fee.`
