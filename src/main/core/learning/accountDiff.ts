// Turns two consecutive views of one currency's offers and loans into the user's own fill and
// loan-life observations. Pure: the caller keeps the previous view and the loan tracker.
import type { Currency, FillObservation, LifeObservation, Loan, Offer } from '../../../shared/domain'
import { sameRate } from '../../../shared/rate'

const MINUTE_MS = 60_000

export interface AccountView {
  offers: readonly Offer[]
  loans: readonly Loan[]
}

/** A returned loan as the earnings loan tracker reports it (core/earnings/loanTracker.ts). */
interface ReturnedLoan {
  loanId: number
  days: number
}

/** Could this new loan have come from that offer? Same period, and the offer's rate for a LIMIT offer. */
const fromOffer = (loan: Loan, offer: Offer): boolean => offer.period === loan.period && (offer.type !== 'LIMIT' || sameRate(offer.rate, loan.rate))

/**
 * Offers of `prev` that filled (a new loan of their period and rate appeared, and the offer shrank or
 * left the book) give a filled wait, from when the offer was placed to when the loan opened. LIMIT
 * offers that left the book with no such loan were cancelled unfilled: censored at their age.
 * Returned loans give a closed life with their period. FRR offers are not learned from: their waits
 * depend on the FRR queue, which the calibrated queue model prices.
 */
export function diffAccount(
  currency: Currency,
  prev: AccountView,
  next: AccountView,
  returned: readonly ReturnedLoan[],
  now: number,
  expectedWait: (offerId: number) => number | undefined = () => undefined
): { fills: FillObservation[]; lives: LifeObservation[] } {
  const fills: FillObservation[] = []
  const lives: LifeObservation[] = []
  const prevLoanIds = new Set(prev.loans.map((l) => l.id))
  const newLoans = next.loans.filter((l) => !prevLoanIds.has(l.id))
  const nextOffers = new Map(next.offers.map((o) => [o.id, o]))
  for (const o of prev.offers) {
    if (o.type !== 'LIMIT') continue
    const now_ = nextOffers.get(o.id)
    const shrank = now_ !== undefined && now_.amount < o.amount
    if (now_ && !shrank) continue
    const k = newLoans.findIndex((l) => fromOffer(l, o))
    // The model's wait at placement, when the recorder kept one (a wait of 0 scales nothing).
    const e = expectedWait(o.id)
    const expected = e !== undefined && e > 0 ? { expectedWaitMinutes: e } : {}
    if (k >= 0) {
      const loan = newLoans.splice(k, 1)[0]
      fills.push({ currency, period: o.period, waitMinutes: Math.max(0, loan.openedAt - o.createdAt) / MINUTE_MS, outcome: 'filled', at: loan.openedAt, ...expected })
    } else if (!now_) {
      fills.push({ currency, period: o.period, waitMinutes: Math.max(0, now - o.createdAt) / MINUTE_MS, outcome: 'censored', at: now, ...expected })
    }
  }
  const prevLoans = new Map(prev.loans.map((l) => [l.id, l]))
  for (const r of returned) {
    const loan = prevLoans.get(r.loanId)
    if (loan) lives.push({ currency, period: loan.period, lifeDays: Math.min(r.days, loan.period), outcome: 'closed', at: now })
  }
  return { fills, lives }
}
