// The range of the stand-in candles of books-only hours (simulated/imputedCandles.ts). Their central
// reading is the recorded hours with books and candles, as they are. What is uncertain is whether
// those hours speak for the books-only weeks before them; the spread within the recorded hours
// answers how much such hours move from one stretch to the next. So the range is measured on the two
// halves of the templates (earlier and later hours): each half's median volume, and median reach of
// the high above the body (per unit of best ask), over the whole's. low = the smaller (less demand,
// lower highs: least favourable to a lender), high = the larger; the backtest's bands scale the
// stand-ins by them.
import type { Ranged } from '../../../../shared/calibration'
import { MIN_TEMPLATE_HOURS, type CandleTemplate } from '../imputedCandles'
import { median } from './stats'

export interface ImputedCandlesFit {
  volumeScale: Ranged
  upperReachScale: Ranged
  /** Hours with a book and a candle (the templates). */
  hours: number
  /** Median hourly volume of the templates (currency units). */
  medianVolume: number
}

const upperReach = (t: CandleTemplate): number => Math.max(0, t.high - Math.max(t.open, t.close))

function halvesRange(templates: readonly CandleTemplate[], read: (t: CandleTemplate) => number): Ranged {
  const whole = median(templates.map(read))
  const half = Math.floor(templates.length / 2)
  const ratios = [templates.slice(0, half), templates.slice(half)].map((h) => median(h.map(read)) / whole)
  return { low: Math.min(...ratios), central: 1, high: Math.max(...ratios) }
}

export function fitImputedCandles(templates: readonly CandleTemplate[]): ImputedCandlesFit | null {
  if (templates.length < MIN_TEMPLATE_HOURS) return null
  const sorted = [...templates].sort((a, b) => a.mts - b.mts)
  return {
    volumeScale: halvesRange(sorted, (t) => t.volume),
    upperReachScale: halvesRange(sorted, upperReach),
    hours: sorted.length,
    medianVolume: median(sorted.map((t) => t.volume))
  }
}
