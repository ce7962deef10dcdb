// Turns a simulated account's counters and integrals into the numbers a report shows.
import type { StrategyResult } from '../../shared/contract'
import type { SimulatedStats } from '../exchange/simulated'

const DAY_MS = 86_400_000

export function strategyResult(stats: SimulatedStats, capital: number, from: number, to: number, curve: StrategyResult['curve']): StrategyResult {
  const days = Math.max((to - from) / DAY_MS, 1e-9)
  return {
    // Simple APR after Bitfinex's fee, on the starting capital, over the replayed window.
    netApr: stats.earnedNet / capital / days * 365,
    utilization: stats.equityTime > 0 ? Math.min(1, Math.max(0, stats.lentTime / stats.equityTime)) : 0,
    // Daily rate, weighted by amount × time lent, before the fee.
    avgRate: stats.lentTime > 0 ? stats.rateTime / stats.lentTime : 0,
    earnings: stats.earnedNet,
    placed: stats.placed,
    cancelled: stats.cancelled,
    curve
  }
}

/** Keep at most `max` points, always including the last. */
export function downsample<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points
  const step = points.length / max
  const out: T[] = []
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor(i * step)])
  out.push(points[points.length - 1])
  return out
}
