// Stand-in demand for hours that recorded books but no traded volume (the fUSD data's 07-21 → 08-16).
// Without it the fill model sees only book bids there, and the real bot's offers, which sat above
// every bid and still filled in minutes, would wait days (docs/backtest.md, "Validation against the
// real bot"). Each such hour gets the hourly candle of one hour that recorded both a book and a candle,
// drawn by seed, with its rates carried over relative to the best ask of that hour's book: the best ask
// is what the two periods share, and a candle's close sits at it (median close / best ask 0.99 on
// the hours with both). The fill model reads them like recorded candles, and snapshots show them once
// their hour has closed, as a live client would have fetched that hour's candle: without them every
// strategy would price these days blind to trades, which no live client is. The draw keeps each
// hour's rates and volume together, so their joint spread is the recorded one; the band scales the
// volume and the high's reach above the body.
import type { CalibrationBand, MarketCalibration } from '../../../shared/calibration'
import type { Candle } from '../../../shared/domain'
import type { CurrencyDataset } from './dataset'
import { uniformFor } from './prng'

const HOUR_MS = 3_600_000
/** Fewer hours with both a book and a candle than this speak for no other week: no stand-ins then. */
export const MIN_TEMPLATE_HOURS = 24

/** An hour's candle with its rates divided by the best ask of the book visible at the hour's end. */
export interface CandleTemplate {
  mts: number
  open: number
  close: number
  high: number
  low: number
  volume: number
}

/** How one calibration band reads the templates (1 and 1: as recorded). */
export interface ImputationScale {
  volume: number
  /** Multiplies the high's distance above the body (max of open and close). */
  upperReach: number
}

/** One band's reading of the calibrated range; as recorded when the calibration has none. */
export function imputationFor(cal: MarketCalibration, band: CalibrationBand): ImputationScale {
  const r = cal.imputedCandles
  return r ? { volume: r.volumeScale[band], upperReach: r.upperReachScale[band] } : { volume: 1, upperReach: 1 }
}

/** The best ask of the last book taken at or before t and no older than maxAgeMs. */
function bestAskAt(ds: CurrencyDataset, t: number, maxAgeMs: number, from: { i: number }): number | null {
  while (from.i + 1 < ds.books.length && ds.books[from.i + 1].mts <= t) from.i++
  const b = ds.books[from.i]
  // A dataset keeps each book's asks cheapest first (dataset.ts sortedBook).
  return b && b.mts <= t && t - b.mts <= maxAgeMs ? (b.book.asks[0]?.rate ?? null) : null
}

/** Every hour with a candle and a book visible at its end, as a template. */
export function candleTemplates(ds: CurrencyDataset, maxBookAgeMs: number): CandleTemplate[] {
  const cursor = { i: -1 }
  return ds.candles1h.flatMap((c) => {
    const ask = bestAskAt(ds, c.mts + HOUR_MS, maxBookAgeMs, cursor)
    return ask ? [{ mts: c.mts, open: c.open / ask, close: c.close / ask, high: c.high / ask, low: c.low / ask, volume: c.volume }] : []
  })
}

/**
 * Stand-in candles for every whole hour before the first recorded candle in which a book is visible at
 * the hour's end: template k (drawn by seed and hour) times that book's best ask.
 */
export function imputedCandles(ds: CurrencyDataset, templates: readonly CandleTemplate[], seed: number, scale: ImputationScale, maxBookAgeMs: number): Candle[] {
  if (templates.length < MIN_TEMPLATE_HOURS || !ds.books.length) return []
  const end = ds.candles1h.length ? ds.candles1h[0].mts : Infinity
  const out: Candle[] = []
  const cursor = { i: -1 }
  for (let h = Math.ceil(ds.books[0].mts / HOUR_MS) * HOUR_MS - HOUR_MS; h + HOUR_MS <= end && h <= ds.books[ds.books.length - 1].mts; h += HOUR_MS) {
    const ask = bestAskAt(ds, h + HOUR_MS, maxBookAgeMs, cursor)
    if (!ask) continue
    const t = templates[Math.floor(uniformFor(seed, `imputed-candle:${h}`) * templates.length)]
    const top = Math.max(t.open, t.close)
    const high = t.high > top ? top + (t.high - top) * scale.upperReach : t.high
    out.push({ mts: h, open: t.open * ask, close: t.close * ask, high: high * ask, low: t.low * ask, volume: t.volume * scale.volume })
  }
  return out
}
