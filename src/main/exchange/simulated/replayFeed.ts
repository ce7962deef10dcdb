// A MarketFeed replaying a recorded dataset. Strictly causal for snapshots: at time t a client sees
// the last book taken at or before t, hourly candles whose hour has closed, trades up to t, and the
// last FRR published at or before t (funding stats or ticker); before the first one FRR is unknown.
import { fundingSymbol, type Candle, type FundingTrade, type MarketSnapshot } from '../../../shared/domain'
import { FUSD_CALIBRATION, type CalibrationBand, type MarketCalibration } from '../../../shared/calibration'
import type { CurrencyDataset } from './dataset'
import { candlePieces, CANDLE_DEMAND_PERIOD, HOUR_MS, type CandleShape } from './replayFillRules'
import { tradeSlice, windowed, type BookObservation, type MarketActivity, type MarketFeed, type VolumeSlice } from './feed'
import { buildTicker } from './ticker'
import { candleTemplates, imputationFor, imputedCandles, type ImputationScale } from './imputedCandles'

const MINUTE_MS = 60_000

interface ReplayFeedOptions {
  /** A book older than this is not shown nor matched (the recorder stopped; the market moved on). */
  maxBookAgeMs?: number
  /** Hourly candles in a snapshot (IBRR's recent rate distribution). */
  snapshotCandles?: number
  snapshotTrades?: number
  /** R5: how a candle's volume spreads over its range (one calibration band); default fUSD central. */
  candleShape?: CandleShape
  /** The FRR queue shown when no ticker row is recent (calibrated typical queue); default none (0 shown). */
  typicalFrrQueue?: number
  /** Seeds the stand-in candles of books-only hours (imputedCandles.ts); default 1. */
  seed?: number
  /** How one band reads those stand-ins; null: books-only hours keep no traded volume. Default as recorded. */
  imputation?: ImputationScale | null
  /**
   * The stand-ins' templates come only from hours closed by then (a backtest passes its window's end):
   * they are recorded hours, and a replay must not change with anything recorded after its window.
   * Default: every recorded hour.
   */
  templatesUntil?: number
}

/** A book older than this is not shown nor matched by default: the recorder takes one about every hour. */
export const DEFAULT_MAX_BOOK_AGE_MS = 2 * HOUR_MS

const CENTRAL_CANDLE_SHAPE: CandleShape = {
  upperWickShare: FUSD_CALIBRATION.candleVolume?.upperWickShare.central ?? 0,
  lowerWickShare: FUSD_CALIBRATION.candleVolume?.lowerWickShare.central ?? 0
}

/** How one calibration band reads into a replay: R5's candle shape (fUSD's where the calibration has none) and R9's stand-ins. */
export function bandFeedOptions(cal: MarketCalibration, band: CalibrationBand): Pick<ReplayFeedOptions, 'candleShape' | 'imputation'> {
  const cv = cal.candleVolume ?? FUSD_CALIBRATION.candleVolume
  return { candleShape: cv && { upperWickShare: cv.upperWickShare[band], lowerWickShare: cv.lowerWickShare[band] }, imputation: imputationFor(cal, band) }
}

/** Index of the last item with mts ≤ t, or -1. Items sorted by mts. */
function lastAtOrBefore<T extends { mts: number }>(items: T[], t: number): number {
  let lo = 0
  let hi = items.length - 1
  let ans = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (items[mid].mts <= t) {
      ans = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return ans
}

/** Items with t0 < mts ≤ t1. */
function between<T extends { mts: number }>(items: T[], t0: number, t1: number): T[] {
  return items.slice(lastAtOrBefore(items, t0) + 1, lastAtOrBefore(items, t1) + 1)
}

export interface ReplayFeed extends MarketFeed {
  readonly dataset: CurrencyDataset
  /** FRR published at or before t (stats or ticker); null before the first one. */
  frrAtSync(t: number): number | null
  /** Every published FRR, oldest first (stats and ticker merged). */
  readonly frrPoints: readonly { mts: number; frrDaily: number }[]
}

export function createReplayFeed(ds: CurrencyDataset, opts: ReplayFeedOptions = {}): ReplayFeed {
  const maxBookAge = opts.maxBookAgeMs ?? DEFAULT_MAX_BOOK_AGE_MS
  const nCandles = opts.snapshotCandles ?? 48
  const nTrades = opts.snapshotTrades ?? 100
  const symbol = fundingSymbol(ds.currency)
  const shape = opts.candleShape ?? CENTRAL_CANDLE_SHAPE
  const frrPoints = [...ds.stats, ...ds.tickers].map((s) => ({ mts: s.mts, frrDaily: s.frrDaily })).sort((a, b) => a.mts - b.mts)
  const tradeCover = ds.trades.length ? [ds.trades[0].mts, ds.trades[ds.trades.length - 1].mts] : null
  const imputation = opts.imputation === undefined ? { volume: 1, upperReach: 1 } : opts.imputation
  const until = opts.templatesUntil ?? Infinity
  const templates = imputation ? candleTemplates(ds, maxBookAge).filter((t) => t.mts + HOUR_MS <= until) : []
  const imputed = imputation ? imputedCandles(ds, templates, opts.seed ?? 1, imputation, maxBookAge) : []
  // What a live client would have fetched for those hours: the stand-ins stand in for it.
  const visibleCandles1h = imputed.length ? [...imputed, ...ds.candles1h] : ds.candles1h
  const imputedCover = imputed.length ? [imputed[0].mts, imputed[imputed.length - 1].mts + HOUR_MS] : null
  const minuteCover = ds.candles1m.length ? [ds.candles1m[0].mts, ds.candles1m[ds.candles1m.length - 1].mts + MINUTE_MS] : null

  const frrAtSync = (t: number): number | null => {
    // No look-ahead: before the first published FRR nobody knew it.
    const i = lastAtOrBefore(frrPoints, t)
    return i < 0 ? null : frrPoints[i].frrDaily
  }

  const frrQueueSync = (t: number): number | null => {
    const i = lastAtOrBefore(ds.tickers, t)
    return i < 0 || t - ds.tickers[i].mts > maxBookAge ? null : ds.tickers[i].frrAmountAvailable
  }

  const bookAtSync = (t: number): BookObservation | null => {
    const i = lastAtOrBefore(ds.books, t)
    if (i < 0 || t - ds.books[i].mts > maxBookAge) return null
    return ds.books[i]
  }

  /** Candles whose period has fully closed by t. */
  const closedCandles = (candles: Candle[], tfMs: number, t: number): Candle[] => candles.slice(0, lastAtOrBefore(candles, t - tfMs) + 1)

  const candleSlices = (candles: Candle[], tfMs: number, t0: number, t1: number, source: VolumeSlice['source']): VolumeSlice[] => {
    const out: VolumeSlice[] = []
    // Each candle's activity is spread evenly over its timeframe; take the share inside (t0, t1].
    for (const c of between(candles, t0 - tfMs, t1)) {
      const from = Math.max(t0, c.mts)
      const to = Math.min(t1, c.mts + tfMs)
      if (to <= from) continue
      const pieces = candlePieces(c, shape, (to - from) / tfMs)
      if (pieces.length)
        out.push({ mts: (from + to) / 2, period: CANDLE_DEMAND_PERIOD, pieces, source, key: `${source}:${c.mts}:${from}` })
    }
    return out
  }

  const tradeSlices = (t0: number, t1: number): VolumeSlice[] => between(ds.trades, t0, t1).map(tradeSlice)

  // The finest source wins where it has data; sources are never added together. Each source covers
  // one interval (first..last record); the rest of the window falls through to the next source.
  const sources: { cover: number[] | null; slices: (a: number, b: number) => VolumeSlice[] }[] = [
    { cover: tradeCover && [tradeCover[0] - 1, tradeCover[1]], slices: tradeSlices },
    { cover: minuteCover, slices: (a, b) => candleSlices(ds.candles1m, MINUTE_MS, a, b, 'candle-1m') },
    { cover: imputedCover, slices: (a, b) => candleSlices(imputed, HOUR_MS, a, b, 'candle-imputed') },
    { cover: [-Infinity, Infinity], slices: (a, b) => candleSlices(ds.candles1h, HOUR_MS, a, b, 'candle-1h') }
  ]

  const volumeSlices = (t0: number, t1: number): VolumeSlice[] => {
    const out: VolumeSlice[] = []
    let segments: [number, number][] = [[t0, t1]]
    for (const src of sources) {
      if (!src.cover) continue
      const [c0, c1] = src.cover
      const rest: [number, number][] = []
      for (const [a, b] of segments) {
        const lo = Math.max(a, c0)
        const hi = Math.min(b, c1)
        if (hi > lo) {
          out.push(...src.slices(lo, hi))
          if (lo > a) rest.push([a, lo])
          if (b > hi) rest.push([hi, b])
        } else rest.push([a, b])
      }
      segments = rest
    }
    return out.sort((x, y) => x.mts - y.mts)
  }

  const tradesUpTo = (t: number): FundingTrade[] => ds.trades.slice(0, lastAtOrBefore(ds.trades, t) + 1)

  return {
    currency: ds.currency,
    dataset: ds,
    frrAtSync,
    frrPoints,
    async snapshot(t): Promise<MarketSnapshot> {
      const book = bookAtSync(t)?.book ?? null
      const candles = closedCandles(visibleCandles1h, HOUR_MS, t).slice(-nCandles)
      const trades = tradesUpTo(t).slice(-nTrades)
      return {
        symbol,
        takenAt: t,
        ticker: buildTicker(book, candles, trades, frrAtSync(t), frrQueueSync(t) ?? opts.typicalFrrQueue ?? 0, t),
        book: book ?? { asks: [], bids: [] },
        trades,
        candles
      }
    },
    async bookAt(t) {
      return bookAtSync(t)
    },
    async activity(t0, t1): Promise<MarketActivity> {
      const books = between(ds.books, t0, t1)
      return { from: t0, to: t1, books, volume: t1 > t0 ? volumeSlices(t0, t1) : [], frr: frrAtSync(t1) }
    },
    async frrAt(t) {
      return frrAtSync(t)
    },
    async frrQueueAt(t) {
      return frrQueueSync(t)
    },
    async candles(t, o = {}) {
      const tf = o.timeframe ?? '1h'
      const src = tf === '1m' ? ds.candles1m : visibleCandles1h
      return windowed(closedCandles(src, tf === '1m' ? MINUTE_MS : HOUR_MS, t), t, o)
    },
    async trades(t, o = {}) {
      return windowed(tradesUpTo(t), t, o)
    },
    async frrHistory(t, o = {}) {
      return windowed(frrPoints, t, o)
    }
  }
}
