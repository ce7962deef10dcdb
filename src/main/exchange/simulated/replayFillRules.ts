// THE fill model: one set of rules, applied identically to every strategy's offers (docs/backtest.md).
// Pure functions over plain data; the simulated exchange owns the state and calls these. Its measured
// parameters live in src/shared/calibration.ts (low / central / high bands; `npm run calibrate`).
//
// Rules (each is an assumption, stated in the report notes too):
//  R1 Book bids: an offer matches a bid when bid.rate ≥ offer.rate and bid.period ≤ offer.period
//     (conservative period rule, MARKET-NOTES §4), at placement (only against a book no older than one
//     strategy step) and at every later snapshot. Recorded books are often crossed (asks sitting at or
//     below bids they could match), so the crossing asks cheaper than ours and long enough for the bid
//     are served first. What our offers took of a bid level stays taken in later snapshots until a
//     snapshot shows the level grown again (replenished); a level that disappears is gone.
//  R2 Traded volume strictly above the offer's rate, traded after the offer was placed, fills it: a
//     borrower who paid more would have taken our cheaper offer first. Our own cheaper offers come first.
//  R3 Volume traded exactly at the offer's rate first consumes the depth that was ahead of it at that
//     rate in the book when it was placed (time priority), then fills it.
//  R4 Volume fills only offers whose period is at least the demand's period (R1's rule for trades).
//     Candles a30:p2:p30 carry no period: their volume is treated as 2-day demand.
//  R5 Inside a candle, the calibrated upper-wick share of the volume is spread over (body top, high],
//     the lower-wick share over [low, body bottom) and the rest over the body [min(open,close),
//     max(open,close)] (calibration (a): measured on trades and minute candles).
//  R6 Loan life: drawn from the calibrated life table of the loan's period (loanLifeModel.ts), at a
//     quantile keyed by the demand, so every strategy meeting the same demand draws the same life.
//  R7 Interest accrues per second at the loan's rate; Bitfinex keeps 15 %; a loan returned within an
//     hour pays a full hour.
//  R8 FRR offers join the FRR queue (the ticker's FRR_AMOUNT_AVAILABLE) and fill at FRR once the
//     calibrated outflow has taken everything ahead of them (calibration (c)).
//  R9 An hour with a book but no recorded traded volume reads a stand-in candle (imputedCandles.ts): a
//     recorded hour's candle, drawn by seed, its rates carried over to that hour's best ask; R2–R5 read
//     it like a recorded candle, and snapshots show it once its hour has closed (a live client has candles).
import { BITFINEX_LENDER_FEE, type BookLevel, type Candle, type FundingBook } from '../../../shared/domain'
import type { VolumePiece, VolumeSlice } from './feed'
import type { LoanLifeModel } from './loanLifeModel'
import { uniformFor } from './prng'
import { sameRate } from '../../../shared/rate'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000
/** R4: candles aggregate periods 2–30 without saying which; treat their volume as 2-day demand. */
export const CANDLE_DEMAND_PERIOD = 2
/** R5: shares of a candle's volume traded above and below its body (one calibration band). */
export interface CandleShape {
  upperWickShare: number
  lowerWickShare: number
}
/** R7: Bitfinex charges the borrower at least one hour. */
export const MIN_INTEREST_MS = HOUR_MS
/** Float slack when a rate is compared as above or below another (book rates carry float noise); equality is shared/rate.ts's sameRate. */
const RATE_EPS = 1e-12

/** R5: the volume pieces of (a share of) a candle. */
export function candlePieces(c: Candle, shape: CandleShape, share = 1): VolumePiece[] {
  const v = c.volume * share
  if (v <= 0) return []
  const top = Math.max(c.open, c.close)
  const bottom = Math.min(c.open, c.close)
  const up = c.high > top ? shape.upperWickShare : 0
  const down = c.low < bottom ? shape.lowerWickShare : 0
  const out: VolumePiece[] = [{ lo: bottom, hi: top, volume: v * (1 - up - down) }]
  if (up > 0) out.push({ lo: top, hi: c.high, volume: v * up })
  if (down > 0) out.push({ lo: c.low, hi: bottom, volume: v * down })
  return out
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
 * R1: what our offers took of each bid level (rate and period), carried from snapshot to snapshot.
 * The recorded market never saw our fills, so a later snapshot still shows the borrower we already
 * served: only what the level holds beyond what we took is new demand (it was replenished). A level
 * that shrank keeps at most its new amount as taken; a level that disappears is gone.
 */
export class BidLedger {
  private readonly taken = new Map<string, number>()
  private lastSnapshot = -Infinity

  /** Bring the ledger to a snapshot (once per snapshot; older snapshots are ignored). */
  observe(book: FundingBook, bookMts: number): void {
    if (bookMts <= this.lastSnapshot) return
    this.lastSnapshot = bookMts
    const levels = new Map(book.bids.map((b) => [levelKey(b), b.amount]))
    for (const [k, taken] of this.taken) {
      const amount = levels.get(k)
      if (amount === undefined) this.taken.delete(k)
      else this.taken.set(k, Math.min(taken, amount))
    }
  }

  takenOf(bid: BookLevel): number {
    return this.taken.get(levelKey(bid)) ?? 0
  }

  take(bid: BookLevel, amount: number): void {
    this.taken.set(levelKey(bid), this.takenOf(bid) + amount)
  }
}

const levelKey = (b: BookLevel) => `${b.rate}:${b.period}`

/** R1: match offers against the bids of one book, net of what the ledger says our offers already took. */
export function fillFromBook(offers: RestingOffer[], book: FundingBook, bookMts: number, fillMts: number, ledger: BidLedger): Fill[] {
  ledger.observe(book, bookMts)
  const fills: Fill[] = []
  for (const o of offers.filter((x) => x.remaining > 0).sort(byPriority)) {
    for (const b of book.bids) {
      if (o.remaining <= 0) break
      if (!bidTakes(b, o.rate, o.period)) continue
      const available = bidLeftFor(book, b, o.rate) - ledger.takenOf(b)
      if (available <= 0) continue
      const amount = Math.min(o.remaining, available)
      ledger.take(b, amount)
      o.remaining -= amount
      fills.push({ offerId: o.id, amount, rate: o.rate, mts: fillMts, demandPeriod: b.period, demandKey: bookDemandKey(bookMts, b) })
    }
  }
  return fills
}

/** The demand a book bid stands for: one borrower level of one snapshot (the loan-life key). */
export const bookDemandKey = (bookMts: number, b: BookLevel) => `book:${bookMts}:${levelKey(b)}`

/** R8: FRR fills of one hour share a demand key (so the hindsight bound can enumerate them). */
export const frrDemandKey = (mts: number) => `frr:${Math.floor(mts / HOUR_MS)}`

/** R6: the quantile of the life of a loan taken by `demandKey` (the same for every strategy). */
export const lifeQuantile = (seed: number, demandKey: string) => uniformFor(seed, demandKey)

/** R6: how long the borrower keeps a loan for `offerPeriodDays` taken by `demandKey`, in ms (at least a second). */
export function loanLifeMs(seed: number, demandKey: string, offerPeriodDays: number, lives: LoanLifeModel): number {
  return Math.max(1000, lives.lifeDays(offerPeriodDays, lifeQuantile(seed, demandKey)) * DAY_MS)
}

/** R7: interest the lender receives (after Bitfinex's fee) for `ms` of a loan. */
export function netInterest(amount: number, dailyRate: number, ms: number): number {
  return (amount * dailyRate * ms * (1 - BITFINEX_LENDER_FEE)) / DAY_MS
}
