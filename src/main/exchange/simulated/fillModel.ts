// THE fill model: one set of rules, applied identically to every strategy's offers (docs/backtest.md).
// Pure functions over plain data; the simulated exchange owns the state and calls these.
//
// Rules (each is an assumption, stated in the report notes too):
//  R1 Book bids: an offer matches a bid at once when bid.rate ≥ offer.rate and bid.period ≤ offer.period
//     (conservative period rule, MARKET-NOTES §4). Recorded books are often crossed (asks sitting at or
//     below bids they could match), so the crossing asks that are cheaper than ours and long enough for
//     the bid are served first; only the bid amount left after them can reach us. Fills at our own rate.
//  R2 Traded volume strictly above the offer's rate, traded after the offer was placed, fills it: a
//     borrower who paid more would have taken our cheaper offer first. Our own cheaper offers come first.
//  R3 Volume traded exactly at the offer's rate first consumes the depth that was ahead of it at that
//     rate in the book when it was placed (time priority), then fills it.
//  R4 Volume fills only offers whose period is at least the demand's period (R1's rule for trades).
//     Candles a30:p2:p30 carry no period: their volume is treated as 2-day demand.
//  R5 Inside a candle, half the volume is spread evenly over the body [min(open,close), max(open,close)]
//     and half over the whole range [low, high]: trading concentrates where the candle opened and
//     closed, and only part of it reached the extremes.
//  R6 Loan life: the borrower keeps the money an exponentially distributed time whose mean is the
//     demand's period (they can repay any time; lenders cannot recall), capped at the offer's period.
//     Drawn from a seeded PRNG keyed by the demand, so every strategy meeting it draws the same.
//  R7 Interest accrues per second at the loan's rate; Bitfinex keeps 15 %; a loan returned within an
//     hour pays a full hour.
import { BITFINEX_LENDER_FEE, type BookLevel, type Candle, type FundingBook } from '../../../shared/domain'
import type { VolumePiece, VolumeSlice } from './feed'
import { uniformFor } from './prng'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
/** R4: candles aggregate periods 2–30 without saying which; treat their volume as 2-day demand. */
export const CANDLE_DEMAND_PERIOD = 2
/** R5: share of a candle's volume spread over its body rather than its whole range. */
export const CANDLE_BODY_SHARE = 0.5
/** R7: Bitfinex charges the borrower at least one hour. */
export const MIN_INTEREST_MS = HOUR_MS
/** Two rates closer than this are "the same rate" (book rates carry float noise). */
const RATE_EPS = 1e-12

export const sameRate = (a: number, b: number) => Math.abs(a - b) <= RATE_EPS

/** R5: the volume pieces of (a share of) a candle. */
export function candlePieces(c: Candle, share = 1): VolumePiece[] {
  const v = c.volume * share
  if (v <= 0) return []
  const bodyLo = Math.min(c.open, c.close)
  const bodyHi = Math.max(c.open, c.close)
  return [
    { lo: bodyLo, hi: bodyHi, volume: v * CANDLE_BODY_SHARE },
    { lo: c.low, hi: c.high, volume: v * (1 - CANDLE_BODY_SHARE) }
  ]
}

/** Volume that traded strictly above `rate`. */
export function volumeAbove(pieces: VolumePiece[], rate: number): number {
  let v = 0
  for (const p of pieces) {
    if (p.lo > rate + RATE_EPS) v += p.volume
    else if (p.hi > rate + RATE_EPS && p.hi > p.lo) v += (p.volume * (p.hi - rate)) / (p.hi - p.lo)
  }
  return v
}

/** Volume that traded exactly at `rate` (point masses only: a spread piece has none at one rate). */
export function volumeAt(pieces: VolumePiece[], rate: number): number {
  let v = 0
  for (const p of pieces) if (p.hi === p.lo && sameRate(p.lo, rate)) v += p.volume
  return v
}

/** An offer of ours resting on the book, as the fill model needs it. */
export interface RestingOffer {
  id: number
  rate: number
  period: number
  remaining: number
  createdAt: number
  /** R3: amount still ahead of this offer at its own rate. */
  queueAhead: number
}

export interface Fill {
  offerId: number
  amount: number
  rate: number
  mts: number
  demandPeriod: number
  demandKey: string
}

/** R3: the depth ahead of a new offer at its own rate: asks already on the book at that rate. */
export function queueAheadAt(book: FundingBook | null, rate: number): number {
  if (!book) return 0
  let q = 0
  for (const a of book.asks) if (sameRate(a.rate, rate)) q += a.amount
  return q
}

const byPriority = (a: RestingOffer, b: RestingOffer) => a.rate - b.rate || a.createdAt - b.createdAt || a.id - b.id

/**
 * R2–R4: fill resting offers from one slice of traded volume. Mutates `remaining` and `queueAhead`
 * of the offers it touches and returns the fills. Volume taken by a cheaper offer of ours is not
 * available to a dearer one (conservative: the dearer offer loses it even if it traded above both).
 */
export function fillFromVolume(offers: RestingOffer[], slice: VolumeSlice): Fill[] {
  const fills: Fill[] = []
  let used = 0
  for (const o of offers.filter((x) => x.remaining > 0 && x.createdAt < slice.mts && x.period >= slice.period).sort(byPriority)) {
    let atRate = volumeAt(slice.pieces, o.rate)
    const queued = Math.min(o.queueAhead, atRate)
    o.queueAhead -= queued
    atRate -= queued
    const available = volumeAbove(slice.pieces, o.rate) + atRate - used
    if (available <= 0) continue
    const amount = Math.min(o.remaining, available)
    used += amount
    o.remaining -= amount
    fills.push({ offerId: o.id, amount, rate: o.rate, mts: slice.mts, demandPeriod: slice.period, demandKey: slice.key })
  }
  return fills
}

/** R1: a bid can take an offer at `rate` for `period` days: it pays at least that rate and wants no longer a period. */
export const bidTakes = (bid: BookLevel, rate: number, period: number) => bid.rate >= rate - RATE_EPS && bid.period <= period

/** R1: what is left of `bid` for an offer at `rate` once the crossing asks cheaper than it (and long enough for the bid) are served. */
export function bidLeftFor(book: FundingBook, bid: BookLevel, rate: number): number {
  let ahead = 0
  for (const a of book.asks) if (a.rate <= rate + RATE_EPS && a.period >= bid.period) ahead += a.amount
  return bid.amount - ahead
}

/**
 * R1: match offers against the bids of one book. `consumed` remembers how much of each bid level our
 * offers already took (keyed by snapshot time and level), so the same bid never fills twice.
 */
export function fillFromBook(
  offers: RestingOffer[],
  book: FundingBook,
  bookMts: number,
  fillMts: number,
  consumed: Map<string, number>
): Fill[] {
  const fills: Fill[] = []
  for (const o of offers.filter((x) => x.remaining > 0).sort(byPriority)) {
    book.bids.forEach((b, i) => {
      if (o.remaining <= 0 || !bidTakes(b, o.rate, o.period)) return
      const key = `book:${bookMts}:${i}`
      const available = bidLeftFor(book, b, o.rate) - (consumed.get(key) ?? 0)
      if (available <= 0) return
      const amount = Math.min(o.remaining, available)
      consumed.set(key, (consumed.get(key) ?? 0) + amount)
      o.remaining -= amount
      fills.push({ offerId: o.id, amount, rate: o.rate, mts: fillMts, demandPeriod: b.period, demandKey: key })
    })
  }
  return fills
}

/**
 * R6: how long the borrower keeps a loan, in ms. Exponential with mean = the demand's period, capped
 * at the offer's period. `draw` distinguishes several loans from the same demand.
 */
export function loanLifeMs(seed: number, demandKey: string, draw: number, demandPeriodDays: number, offerPeriodDays: number): number {
  const u = uniformFor(seed, `${demandKey}#${draw}`)
  const life = -Math.log(1 - u) * demandPeriodDays * DAY_MS
  return Math.max(1000, Math.min(life, offerPeriodDays * DAY_MS))
}

/** R7: interest the lender receives (after Bitfinex's fee) for `ms` of a loan. */
export function netInterest(amount: number, dailyRate: number, ms: number): number {
  return (amount * dailyRate * ms * (1 - BITFINEX_LENDER_FEE)) / DAY_MS
}
