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
  /** Lent before the simulation started (a StartingLoan): its life was given, not drawn. */
  starting: boolean
}

/**
 * A loan the account already holds when the simulation starts (e.g. a real bot's credits opened before
 * a replayed window). It earns interest from the start on, like any loan and at the same fee, occupies
 * its capital, and returns at `endsAt`, which the caller knows (from a record), never drawn from the
 * loan-life model.
 */
export interface StartingLoan {
  amount: number
  /** Daily rate. */
  rate: number
  /** Days. */
  period: number
  /** When it was opened (at or before the simulation's start). */
  openedAt: number
  /** When it returns to the wallet (after the simulation's start). */
  endsAt: number
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
  /** The part of earnedNet the starting loans earned (after fee). */
  startingNet: number
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
    stats: { placed: 0, cancelled: 0, rejected: 0, fills: 0, loansReturned: 0, paidNet: 0, earnedNet: 0, lentTime: 0, rateTime: 0, equityTime: 0, startingNet: 0, from: at, to: at },
    bids: new BidLedger()
  }
}

const offeredAmount = (a: SimAccount) => [...a.offers.values()].reduce((s, o) => s + o.rest.remaining, 0)
const lentAmount = (a: SimAccount) => [...a.loans.values()].reduce((s, l) => s + l.loan.amount, 0)
export const equity = (a: SimAccount) => a.available + offeredAmount(a) + lentAmount(a)
export const accruedOpen = (a: SimAccount) => [...a.loans.values()].reduce((s, l) => s + l.accrued, 0)
