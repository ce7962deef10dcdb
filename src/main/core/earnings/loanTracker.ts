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

interface LoanChanges {
  filled: Loan[]
  /** Each returned loan with its estimated earnings. */
  returned: { loan: Loan; event: EarningsEvent & { days: number } }[]
  /**
   * Set when this read was compared with the loans last seen before this run (seed()): what changed
   * happened some time between then and now, while LendPace was not watching, and exactly when is unknown.
   */
  unseenSince?: number
}

/** A loan lives at most its period: Bitfinex returns it then. */
const endBy = (loan: Loan, now: number): number => Math.min(now, loan.openedAt + loan.period * DAY_MS)

/**
 * What a loan that was returned while LendPace was not watching is known to have done: it lived at least
 * until it was last seen and at most until now (or the end of its period), so it earned between the
 * interest of those two lengths. The recorded event keeps the lower bounds (money is never overstated);
 * it is dated when the loan was last seen, the time by which it had earned at least that.
 */
export function unseenReturn(loan: Loan, lastSeenAt: number, now: number): { days: [number, number]; interest: [number, number] } {
  const days = (t: number) => Math.max(0, t - loan.openedAt) / DAY_MS
  const last = Math.min(lastSeenAt, endBy(loan, now))
  return { days: [days(last), days(endBy(loan, now))], interest: [estimatedNetInterest(loan, last), estimatedNetInterest(loan, endBy(loan, now))] }
}

export class LoanTracker {
  private seen = new Map<string, Loan[]>()
  /** When the seeded loans of a currency were last seen (cleared at the first read that uses them). */
  private seededAt = new Map<string, number>()

  /** Forget what was seen: the next read is a new baseline (another mode's account is not news). */
  reset(): void {
    this.seen.clear()
    this.seededAt.clear()
  }

  /**
   * The loans last seen before this run (the last-known account), so the first read is compared with
   * them instead of being a baseline: a loan returned while the app was closed is then news too.
   */
  seed(currency: string, loans: Loan[], lastSeenAt: number): void {
    this.seen.set(currency, loans)
    this.seededAt.set(currency, lastSeenAt)
  }

  /** Compare with the loans seen last time for this currency. The first read is the baseline, unless seeded. */
  observe(currency: string, loans: Loan[], now: number): LoanChanges {
    const previous = this.seen.get(currency)
    const unseenSince = this.seededAt.get(currency)
    this.seen.set(currency, loans)
    this.seededAt.delete(currency)
    if (!previous) return { filled: [], returned: [] }
    const { filled, returned } = diffLoans(previous, loans)
    if (unseenSince !== undefined) {
      return {
        filled,
        unseenSince,
        returned: returned.map((loan) => {
          const { days, interest } = unseenReturn(loan, unseenSince, now)
          const event = { id: `loan-${loan.id}`, at: Math.min(unseenSince, now), currency, kind: 'loanClosed' as const, loanId: loan.id, principal: loan.amount, rate: loan.rate, days: days[0], interest: interest[0] }
          return { loan, event }
        })
      }
    }
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

/** The duration in words: "45 min", "9 h 12 min", "3 days 4 h". */
const spanText = (ms: number): string => {
  const minutes = Math.max(1, Math.round(ms / 60_000))
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60]
  if (d > 0) return `${daysText(d)}${h > 0 ? ` ${h} h` : ''}`
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`
}
const rangeText = ([lo, hi]: [number, number], text: (x: number) => string): string => (text(lo) === text(hi) ? `about ${text(lo)}` : `${text(lo)}–${text(hi)}`)

/** A return LendPace did not see happen: when and how much are said as the bounds they are. */
export const unseenReturnSentence = (loan: Loan, lastSeenAt: number, now: number, currency: string): string => {
  const { days, interest } = unseenReturn(loan, lastSeenAt, now)
  const wholeDays = (x: number): string => String(Math.max(1, Math.round(x)))
  const dayRange = `${rangeText(days, wholeDays)} day${wholeDays(days[1]) === '1' ? '' : 's'}`
  const interestRange = rangeText(interest, (x) => amountText(x, currency).replace(` ${currency}`, ''))
  return (
    `Loan returned while LendPace was not watching: ${amountText(loan.amount, currency)} came back some time in the ` +
    `${spanText(now - lastSeenAt)} since LendPace last saw it, after ${dayRange}, with ${interestRange} ${currency} interest after Bitfinex's fee.`
  )
}

export const paymentSentence = (amount: number, currency: string): string =>
  `Interest paid by Bitfinex: ${amountText(amount, currency)} after the fee.`
