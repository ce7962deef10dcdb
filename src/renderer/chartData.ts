// Pure shaping of contract data into the rows recharts draws; kept apart from the components so it can
// be tested without a DOM.
import type { BacktestReport } from '../shared/contract'
import type { FundingBook } from '../shared/domain'
import { aprOf } from './format'

/** The first levels are what matters for pricing; far-away outliers would flatten the chart. */
const LEVELS_PER_SIDE = 25

export interface DepthPoint {
  apr: number
  /** Borrowers who would pay at least this rate (cumulative); absent above the highest bid. */
  bids?: number
  /** Lenders who would lend at this rate or less (cumulative); absent below the cheapest ask. */
  asks?: number
}

/**
 * Both sides as step functions over every rate either side quotes, so neither area has holes where the
 * other side has a level (funding bids and asks overlap in rate because their periods differ).
 */
export function depthPoints(book: FundingBook): DepthPoint[] {
  const bids = [...book.bids].sort((a, b) => b.rate - a.rate).slice(0, LEVELS_PER_SIDE)
  const asks = [...book.asks].sort((a, b) => a.rate - b.rate).slice(0, LEVELS_PER_SIDE)
  const rates = [...new Set([...bids, ...asks].map((l) => l.rate))].sort((a, b) => a - b)
  const maxBid = bids.length ? bids[0].rate : -Infinity
  const minAsk = asks.length ? asks[0].rate : Infinity
  return rates.map((rate) => {
    const point: DepthPoint = { apr: aprOf(rate) * 100 }
    if (rate <= maxBid) point.bids = bids.filter((l) => l.rate >= rate).reduce((s, l) => s + l.amount, 0)
    if (rate >= minAsk) point.asks = asks.filter((l) => l.rate <= rate).reduce((s, l) => s + l.amount, 0)
    return point
  })
}

/** Round tick values covering [min, max] in steps of 1, 2 or 5 × 10^n, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return []
  if (max <= min) max = min === 0 ? 1 : min + Math.abs(min)
  const raw = (max - min) / Math.max(1, count - 1)
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude)
  const first = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)))
  return ticks
}

/** Decimals that tell neighbouring ticks apart (step 0.002 → 3). */
export const tickDecimals = (ticks: number[]): number => {
  if (ticks.length < 2) return 0
  const step = Math.abs(ticks[1] - ticks[0])
  return step >= 1 ? 0 : Math.min(8, Math.ceil(-Math.log10(step) - 1e-9))
}

/** One row per timestamp with each strategy's cumulative earnings, for one shared x axis. */
export function mergeCurves(report: BacktestReport): Array<Record<string, number>> {
  const rows = new Map<number, Record<string, number>>()
  for (const [name, result] of Object.entries(report.strategies))
    for (const point of result.curve) {
      const row = rows.get(point.mts) ?? { mts: point.mts }
      row[name] = point.earnings
      rows.set(point.mts, row)
    }
  return [...rows.values()].sort((a, b) => a.mts - b.mts)
}

