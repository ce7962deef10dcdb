// Pure shaping of contract data into the rows recharts draws; kept apart from the components so it can
// be tested without a DOM.
import type { BacktestReport } from '../../shared/contract'
import type { FundingBook } from '../../shared/domain'
import { aprOf } from './format'

/** The first levels are what matters for pricing; far-away outliers would flatten the chart. */
const LEVELS_PER_SIDE = 25

export interface DepthPoint {
  apr: number
  bids?: number
  asks?: number
}

export function depthPoints(book: FundingBook): DepthPoint[] {
  const points: DepthPoint[] = []
  let cumulative = 0
  for (const level of [...book.bids].sort((a, b) => b.rate - a.rate).slice(0, LEVELS_PER_SIDE)) {
    cumulative += level.amount
    points.push({ apr: aprOf(level.rate) * 100, bids: cumulative })
  }
  cumulative = 0
  for (const level of [...book.asks].sort((a, b) => a.rate - b.rate).slice(0, LEVELS_PER_SIDE)) {
    cumulative += level.amount
    points.push({ apr: aprOf(level.rate) * 100, asks: cumulative })
  }
  return points.sort((a, b) => a.apr - b.apr)
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

