// What IBRR reads out of one market snapshot: the book without our own offers, the recent demand
// (trades, or hourly candles when trades are few) and the recent distribution of the short rate.
import { MIN_PERIOD_DAYS, type BookLevel, type Candle, type FundingTrade, type MarketSnapshot, type Offer } from '../../shared/domain'
import { sameRate } from '../../shared/rate'
import { IBRR_PARAMS } from './params'
import { PRIOR_CALIBRATION } from './periodModel'
import { sortAscending } from './numbers'

const HOUR_MS = 3_600_000

export type DistributionSource = 'candles' | 'trades' | 'ticker' | 'book' | 'none'

export interface MarketModel {
  now: number
  /** Lenders' offers, cheapest first, with our own visible offers taken out (never changed: may be the snapshot's). */
  asks: readonly BookLevel[]
  /** Borrowers' bids, highest rate first (never changed: may be the snapshot's). */
  bids: readonly BookLevel[]
  /** Trades inside the lookback, highest rate first. */
  trades: FundingTrade[]
  tradeWindowHours: number
  /** Weight of the trade-based demand; the rest comes from candles. */
  tradeWeight: number
  /** Complete hourly candles used for demand. */
  demandCandles: Candle[]
  /** ĉ: the typical short-period rate now (median of the recent distribution), daily. */
  benchmark: number
  /** σ: robust spread of that distribution (1.4826 × MAD, at least minSpreadFraction × median; unknownSpreadFraction × ĉ without one). */
  spread: number
  distributionSource: DistributionSource
  frr: number
  frrAmountAvailable: number
  /** Above this rate nothing traded recently and no bid is visible: no demand can reach an offer. */
  maxDemandRate: number
  /**
   * The top of the recent distribution: the 90th percentile of its hourly highs (candles) or of its short
   * trade rates (trades); Infinity without one. Above it a rate is a spike: the recent market did not
   * pay it, so money that comes back is not valued as lent at it again (value.ts, rollingValue).
   */
  typicalTop: number
}

function median(sorted: ArrayLike<number>): number {
  const n = sorted.length
  if (n === 0) return 0
  const mid = n >> 1
  return n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The q-quantile (linear between ranks) of `sorted`, ascending, or of its `n` values from `start`. */
export function quantile(sorted: ArrayLike<number>, q: number, start = 0, n = sorted.length - start): number {
  if (n <= 0) return 0
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[start + lo] + (sorted[start + hi] - sorted[start + lo]) * (pos - lo)
}

function robustStats(values: number[]): { center: number; spread: number } {
  const sorted = sortAscending(values)
  const center = median(sorted)
  const spread = Math.max(1.4826 * medianDeviation(sorted, center), IBRR_PARAMS.minSpreadFraction * center)
  return { center, spread }
}

/**
 * The median of |x − center| over `sorted` (ascending). With finite values the deviations fall toward
 * the center and rise after it: two ascending runs (walked down from the center, and up), merged here
 * only up to the middle instead of sorted whole, which gives the same order statistics (the sort was a
 * fifth of the market model's time). Otherwise (NaN or an infinity among them) they are sorted.
 */
function medianDeviation(sorted: readonly number[], center: number): number {
  const n = sorted.length
  const deviation = (k: number): number => Math.abs(sorted[k] - center)
  if (!(n > 0 && Number.isFinite(sorted[0]) && Number.isFinite(sorted[n - 1]))) {
    const all = new Array<number>(n)
    for (let k = 0; k < n; k++) all[k] = deviation(k)
    return median(sortAscending(all))
  }
  let up = 0
  while (up < n && sorted[up] < center) up++
  let down = up - 1
  const mid = n >> 1
  let previous = 0
  let current = 0
  for (let k = 0; k <= mid; k++) {
    previous = current
    if (down >= 0 && (up >= n || deviation(down) <= deviation(up))) current = deviation(down--)
    else current = deviation(up++)
  }
  return n % 2 ? current : (previous + current) / 2
}

const askOrder = (a: BookLevel, b: BookLevel): number => a.rate - b.rate || a.period - b.period
const bidOrder = (a: BookLevel, b: BookLevel): number => b.rate - a.rate || a.period - b.period
const tradeOrder = (a: FundingTrade, b: FundingTrade): number => b.rate - a.rate || a.id - b.id

/**
 * `trades` in tradeOrder (highest rate first, equal rates by lower id, otherwise stable): the same order
 * as `trades.sort(tradeOrder)`, as a stable sort's result is unique, by a merge sort whose comparisons V8
 * inlines (runs of 8 sorted by insertion, then merged pairwise). A snapshot's ~100 trades arrive in time
 * order; the built-in sort's comparator calls were about 5 % of a plan, and ranking the rates in a typed
 * array and placing each trade by binary search still took a third more than this (Dec 2026).
 */
function sortTrades(trades: readonly FundingTrade[]): FundingTrade[] {
  const n = trades.length
  const RUN = 8
  let from = trades.slice()
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN)
    for (let k = lo + 1; k < hi; k++) {
      const t = from[k]
      let m = k - 1
      while (m >= lo && tradeOrder(from[m], t) > 0) {
        from[m + 1] = from[m]
        m--
      }
      from[m + 1] = t
    }
  }
  let to = new Array<FundingTrade>(n)
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width)
      const hi = Math.min(n, lo + 2 * width)
      let a = lo
      let b = mid
      let o = lo
      // The left run's trade goes first unless the right one sorts strictly before it: stable.
      while (a < mid && b < hi) to[o++] = tradeOrder(from[a], from[b]) > 0 ? from[b++] : from[a++]
      while (a < mid) to[o++] = from[a++]
      while (b < hi) to[o++] = from[b++]
    }
    const swap = from
    from = to
    to = swap
  }
  return from
}

/**
 * The book's asks with a positive amount and rate, cheapest first, with our own visible LIMIT offers
 * taken out (each from the first level of its period and rate), so we never queue behind ourselves.
 * One pass: books arrive sorted, so the sort runs only when the pass finds a pair out of order. Only the
 * levels holding our offers are copied (the snapshot itself is never changed), and when no level is
 * dropped or changed the snapshot's own array is the result (nothing is copied).
 */
function asksWithoutOwn(asks: readonly BookLevel[], own: readonly Offer[]): readonly BookLevel[] {
  let pending: (Offer | null)[] | null = null
  // The range of our offers' rates, widened beyond sameRate's tolerance (1e-9 relative): a level outside
  // it matches none of them, so the per-offer test runs only on the few levels near our rates.
  let lo = Infinity
  let hi = -Infinity
  for (const o of own) {
    if (o.type !== 'LIMIT' || o.hidden || !(o.amount > 0)) continue
    ;(pending ??= []).push(o)
    if (o.rate < lo) lo = o.rate
    if (o.rate > hi) hi = o.rate
  }
  if (Number.isFinite(lo)) lo -= 1e-8 * Math.abs(lo)
  if (Number.isFinite(hi)) hi += 1e-8 * Math.abs(hi)
  let out: BookLevel[] | null = null
  let last: BookLevel | null = null
  let sorted = true
  for (let k = 0; k < asks.length; k++) {
    const l = asks[k]
    let level = l
    if (pending && l.rate >= lo && l.rate <= hi && l.amount > 0 && l.rate > 0) {
      for (let m = 0; m < pending.length; m++) {
        const o = pending[m]
        if (o && l.period === o.period && sameRate(l.rate, o.rate)) {
          level = { ...level, amount: Math.max(0, level.amount - o.amount) }
          pending[m] = null
        }
      }
    }
    const keep = level.amount > 0 && level.rate > 0
    if (!out && (!keep || level !== l)) out = asks.slice(0, k)
    if (!keep) continue
    if (sorted && last && askOrder(last, level) > 0) sorted = false
    last = level
    if (out) out.push(level)
  }
  const result = out ?? asks
  return sorted ? result : [...result].sort(askOrder)
}

/**
 * The bids with a positive amount and rate, highest rate first (sorted only when they do not arrive
 * so; the snapshot's own array when every bid is usable and in order).
 */
function usableBids(bids: readonly BookLevel[]): readonly BookLevel[] {
  let out: BookLevel[] | null = null
  let last: BookLevel | null = null
  let sorted = true
  for (let k = 0; k < bids.length; k++) {
    const l = bids[k]
    if (!(l.amount > 0 && l.rate > 0)) {
      out ??= bids.slice(0, k)
      continue
    }
    if (sorted && last && bidOrder(last, l) > 0) sorted = false
    last = l
    if (out) out.push(l)
  }
  const result = out ?? bids
  return sorted ? result : [...result].sort(bidOrder)
}

/** Trades since `cutoff` with a rate and an amount, highest rate first (ties: lower id first). */
function recentTrades(trades: readonly FundingTrade[], cutoff: number): FundingTrade[] {
  const out: FundingTrade[] = []
  let sorted = true
  for (const t of trades) {
    if (!(t.mts >= cutoff && t.rate > 0 && t.amount !== 0)) continue
    if (sorted && out.length && tradeOrder(out[out.length - 1], t) > 0) sorted = false
    out.push(t)
  }
  return sorted ? out : sortTrades(out)
}


/**
 * How an hour's volume spreads over its range: the calibrated central shape (src/shared/calibration.ts,
 * measured on minute candles by `npm run calibrate`): a share of the volume trades in the upper wick
 * (above max(open, close)), a share in the lower wick, the rest over the body, each spread evenly. It is
 * the market's best estimate, the one the backtest's replay uses in its central band; IBRR's own guess
 * before (a triangle on [low, high] with its mode mid-body) put more volume near the highs than the
 * minute candles show. Only fUSD is calibrated; other currencies use the fUSD shape (shares, not amounts),
 * as they do its loan lives (PRIOR_CALIBRATION).
 */
const CANDLE_SHAPE = PRIOR_CALIBRATION.candleVolume
const UPPER_WICK_SHARE = CANDLE_SHAPE ? CANDLE_SHAPE.upperWickShare.central : 0
const LOWER_WICK_SHARE = CANDLE_SHAPE ? CANDLE_SHAPE.lowerWickShare.central : 0

/** Share of `volume` spread evenly over [lo, hi] that trades at or above `rate` (a point mass when lo = hi). */
function evenShareAtOrAbove(lo: number, hi: number, rate: number): number {
  if (rate <= lo) return 1
  if (rate > hi) return 0
  return hi > lo ? (hi - rate) / (hi - lo) : 1
}

/** The share of an hour's volume traded at or above `rate`, under the calibrated candle shape. */
export function candleShareAtOrAbove(candle: Candle, rate: number): number {
  const { low, high } = candle
  if (!(high > low)) return rate <= high ? 1 : 0
  if (rate <= low) return 1
  if (rate >= high) return 0
  const top = Math.min(high, Math.max(candle.open, candle.close))
  const bottom = Math.max(low, Math.min(candle.open, candle.close))
  // A wick that is not there holds no volume: its share stays in the body.
  const up = high > top ? UPPER_WICK_SHARE : 0
  const down = low < bottom ? LOWER_WICK_SHARE : 0
  return (
    up * evenShareAtOrAbove(top, high, rate) +
    (1 - up - down) * evenShareAtOrAbove(bottom, top, rate) +
    down * evenShareAtOrAbove(low, bottom, rate)
  )
}

export function buildMarketModel(market: MarketSnapshot, now: number, ownOffers: readonly Offer[] = []): MarketModel {
  const p = IBRR_PARAMS
  const asks = asksWithoutOwn(market.book.asks, ownOffers)
  const bids = usableBids(market.book.bids)

  const trades = recentTrades(market.trades, now - p.tradeLookbackHours * HOUR_MS)
  let oldest = Infinity
  for (const t of trades) if (t.mts < oldest) oldest = t.mts
  const tradeWindowHours = trades.length ? Math.max(p.minTradeWindowHours, (now - oldest) / HOUR_MS) : 0

  // One pass over the candles: the complete ones (for demand) and the recent closes (the distribution).
  const distCutoff = now - p.distributionHours * HOUR_MS
  const complete: Candle[] = []
  const closeList: number[] = []
  const highList: number[] = []
  for (const c of market.candles) {
    if (!(c.mts <= now)) continue
    if (c.mts + HOUR_MS <= now && c.volume >= 0) complete.push(c)
    if (c.mts >= distCutoff && c.close > 0) {
      closeList.push(c.close)
      highList.push(Math.max(c.high, c.close))
    }
  }
  const demandCandles = complete.length > p.candleDemandHours ? complete.slice(-p.candleDemandHours) : complete
  const tradeWeight = demandCandles.length ? Math.min(1, trades.length / p.tradesForFullWeight) : trades.length ? 1 : 0

  let distributionSource: DistributionSource = 'none'
  let benchmark = 0
  let spread = 0
  let typicalTop = Infinity
  if (closeList.length >= 3) {
    ;({ center: benchmark, spread } = robustStats(closeList))
    distributionSource = 'candles'
    typicalTop = quantile(sortAscending(highList), 0.9)
  } else {
    const shortTradeRates: number[] = []
    for (const t of trades) if (t.period <= 30) shortTradeRates.push(t.rate)
    if (shortTradeRates.length >= 3) {
      ;({ center: benchmark, spread } = robustStats(shortTradeRates))
      distributionSource = 'trades'
      // robustStats sorted the rates ascending.
      typicalTop = quantile(shortTradeRates, 0.9)
    } else if (asks.length) {
      // The book is dated (the snapshot's own time); a ticker's last price is one trade of unknown age
      // (in a replay it can be months old). Short money can be lent at once to the best short bid or
      // wait at the best ask, so the higher of the two is what rolling it earns now (the cautious choice:
      // a higher ĉ makes a lock harder to justify).
      const shortBid = bids.find((b) => b.period <= MIN_PERIOD_DAYS)
      benchmark = Math.max(asks[0].rate, shortBid ? shortBid.rate : 0)
      distributionSource = 'book'
    } else if (market.ticker.lastPrice > 0) {
      benchmark = market.ticker.lastPrice
      distributionSource = 'ticker'
    }
  }
  // No distribution: how much the rate moves is unknown, so assume the wide end (IBRR_PARAMS).
  if (distributionSource === 'ticker' || distributionSource === 'book') spread = p.unknownSpreadFraction * benchmark

  let maxDemandRate = 0
  if (tradeWeight > 0) for (const t of trades) maxDemandRate = Math.max(maxDemandRate, t.rate)
  if (tradeWeight < 1) for (const c of demandCandles) if (c.volume > 0) maxDemandRate = Math.max(maxDemandRate, c.high)
  if (bids.length) maxDemandRate = Math.max(maxDemandRate, bids[0].rate)

  return {
    now,
    asks,
    bids,
    trades,
    tradeWindowHours,
    tradeWeight,
    demandCandles,
    benchmark,
    spread,
    distributionSource,
    frr: market.ticker.frr > 0 ? market.ticker.frr : 0,
    frrAmountAvailable: Math.max(0, market.ticker.frrAmountAvailable || 0),
    maxDemandRate,
    typicalTop
  }
}

/** Candle-based demand: average volume per hour traded at or above `rate` (periods 2–30 only). */
export function candleDemandPerHour(model: MarketModel, rate: number): number {
  const candles = model.demandCandles
  if (!candles.length) return 0
  let sum = 0
  for (const c of candles) sum += c.volume * candleShareAtOrAbove(c, rate)
  return sum / candles.length
}

/**
 * Candle demand comes by the hour: a rate near the top of the range is reached only in the hours whose
 * high is above it, and an offer there waits for the next such hour, however much those hours trade.
 * With a share f of the recent hours reaching `rate` (hours drawn like the recent ones, independently),
 * the hours before the next one that does are geometric, (1 − f)/f on average. Only the candle part of
 * the demand waits so: weighted by 1 − tradeWeight. 0 when every hour reaches the rate or none does
 * (no demand: the wait is infinite anyway).
 */
export function candleGapHours(model: MarketModel, rate: number): number {
  const candles = model.demandCandles
  if (!candles.length || !(model.tradeWeight < 1)) return 0
  let hits = 0
  for (const c of candles) if (c.volume > 0 && candleShareAtOrAbove(c, rate) > 0) hits++
  if (hits === 0) return 0
  const f = hits / candles.length
  return ((1 - model.tradeWeight) * (1 - f)) / f
}

/** Demand per hour that can reach an offer at `rate` for `period` days: trades at ≥ rate with period ≤ ours. */
export function demandPerHour(model: MarketModel, rate: number, period: number): number {
  let tradeVolume = 0
  if (model.tradeWeight > 0) {
    for (const t of model.trades) {
      if (t.rate < rate) break
      if (t.period <= period) tradeVolume += Math.abs(t.amount)
    }
  }
  const fromTrades = model.tradeWindowHours > 0 ? tradeVolume / model.tradeWindowHours : 0
  return model.tradeWeight * fromTrades + (1 - model.tradeWeight) * candleDemandPerHour(model, rate)
}

/** Bids an offer at `rate` for `period` days would match at once (bid period ≤ offer period). */
export function immediateCapacity(model: MarketModel, rate: number, period: number): number {
  let sum = 0
  for (const b of model.bids) {
    if (b.rate < rate) break
    if (b.period <= period) sum += b.amount
  }
  return sum
}

/**
 * Share of the visible asks at or below our rate that are really ahead of us in the demand that reaches
 * our rate: calibrated on a real bot's fills (src/shared/calibration.ts `queueAheadShare`, docs/ibrr.md
 * §2). Demand D(r) counts only trades at ≥ r, which print once the asks below r are gone at that moment;
 * the book's cheaper asks are mostly taken by trades below r, so counting them all against D(r) counted
 * them twice (the model waited 63 min where the bot's offers waited 19).
 */
export const QUEUE_AHEAD_SHARE = PRIOR_CALIBRATION.queueAheadShare?.central ?? 1

/** Asks ahead of an offer at `rate` for `period` days that the fill model counts: the calibrated share of the visible ones. */
export const queueAhead = (model: MarketModel, rate: number, period: number): number => QUEUE_AHEAD_SHARE * visibleAsksAhead(model, rate, period)

/**
 * Visible asks ahead of an offer at `rate` for `period` days. An ask of period Pa serves only bids with
 * period ≤ Pa, so it competes for the share of our demand it can also serve: demand(rate, min(Pa,
 * period)) / demand(rate, period). With no demand at all, every cheaper ask counts in full.
 */
export function visibleAsksAhead(model: MarketModel, rate: number, period: number): number {
  const ours = demandPerHour(model, rate, period)
  let sum = 0
  for (const a of model.asks) {
    if (a.rate > rate) break
    const share = a.period >= period || ours <= 0 ? 1 : demandPerHour(model, rate, a.period) / ours
    sum += a.amount * share
  }
  return sum
}
