// The simulated account of one currency: funding wallet, our offers, our loans, interest ledger and
// the running integrals the backtest metrics come from.
import type { AutoRenewRequest } from '../port'
import type { Currency, InterestPayment, Loan, Offer } from '../../../shared/domain'
import type { MarketFeed } from './feed'
import { BidLedger, type RestingOffer } from './replayFillRules'

export interface SimOffer {
  offer: Offer
  rest: RestingOffer
  /** FRRDELTA* offers: the rate is FRR + offset, repriced as FRR moves. */
  frrOffset: number | null
  /** R8: FRR offers only: amount still queued at FRR ahead of this offer. */
  frrAhead: number | null
  /** Placed by auto-renew rather than by a client. */
  auto: boolean
}

export interface SimLoan {
  loan: Loan
  endsAt: number
  /** Interest (after fee) accrued since the last payout. */
  accrued: number
  accruedUntil: number
  auto: boolean
}

/** Counters and time integrals (amount × ms) the metrics are built from. */
export interface SimulatedStats {
  placed: number
  cancelled: number
  /** Submits refused by validation (minimum size, period, balance). */
  rejected: number
  fills: number
  loansReturned: number
  /** Interest credited to the wallet so far (after fee). */
  paidNet: number
  /** paidNet + interest accrued or awaiting the daily payout (after fee). */
  earnedNet: number
  /** ∫ lent amount dt (amount × ms). */
  lentTime: number
  /** ∫ lent amount × daily rate dt (plus the one-hour minimum charge of early returns), for the capital-weighted average rate. */
  rateTime: number
  /** ∫ equity dt: wallet + offered + lent (amount × ms). */
  equityTime: number
  from: number
  to: number
}

export interface SimAccount {
  currency: Currency
  feed: MarketFeed
  available: number
  offers: Map<number, SimOffer>
  loans: Map<number, SimLoan>
  /** Interest of returned loans awaiting the daily payout. */
  pending: number
  payments: InterestPayment[]
  autoRenew: AutoRenewRequest | null
  stats: SimulatedStats
  /** Bid depth our offers took, carried across snapshots until replenished (R1). */
  bids: BidLedger
}

export function newAccount(currency: Currency, feed: MarketFeed, balance: number, at: number): SimAccount {
  return {
    currency,
    feed,
    available: balance,
    offers: new Map(),
    loans: new Map(),
    pending: 0,
    payments: [],
    autoRenew: null,
    stats: { placed: 0, cancelled: 0, rejected: 0, fills: 0, loansReturned: 0, paidNet: 0, earnedNet: 0, lentTime: 0, rateTime: 0, equityTime: 0, from: at, to: at },
    bids: new BidLedger()
  }
}

const offeredAmount = (a: SimAccount) => [...a.offers.values()].reduce((s, o) => s + o.rest.remaining, 0)
const lentAmount = (a: SimAccount) => [...a.loans.values()].reduce((s, l) => s + l.loan.amount, 0)
export const equity = (a: SimAccount) => a.available + offeredAmount(a) + lentAmount(a)
export const accruedOpen = (a: SimAccount) => [...a.loans.values()].reduce((s, l) => s + l.accrued, 0)
