// Calibration (c): offers at FRR wait in a queue. The ticker's FRR_AMOUNT_AVAILABLE is the amount
// offered at FRR and not yet taken (data README); a new FRR offer joins behind it. Its place moves up
// as the amount ahead of it leaves the queue (taken by borrowers or cancelled). The ticker shows only
// the net change per hour (outflow − new FRR offers), so the hourly decreases are a LOWER bound on the
// outflow; an UPPER bound is all funding traded (the ticker's 24 h volume): nothing can leave the
// queue by being taken faster than the whole market trades. We use the lower bound (cautious: FRR
// offers wait longest) and report the upper one.
//   drainPerHour: per UTC day, the sum of hourly decreases / hours observed; low / central / high =
//                 10th percentile / median / 90th percentile over days.
//   typicalQueue: 90th percentile / median / 10th percentile of the queue (longest wait is `low`).
import type { FrrQueueCalibration } from '../../../../shared/calibration'
import type { TickerPoint } from '../dataset'
import { DAY_MS, HOUR_MS } from '../replayFillRules'
import { median, quantile } from './stats'

/** Consecutive rows further apart than this are a gap in the record, not an hour of outflow. */
const MAX_ROW_GAP_MS = 2 * HOUR_MS

export interface FrrQueueFit {
  calibration: FrrQueueCalibration
  days: number
  rows: number
  /** All funding traded per hour (24 h volume / 24, median): the outflow cannot exceed it. */
  outflowUpperBoundPerHour: number
  /** Expected wait (h) of a new FRR offer behind the median queue at the central and upper-bound outflow. */
  waitHoursCentral: number
  waitHoursFastest: number
}

export function fitFrrQueue(tickers: TickerPoint[]): FrrQueueFit | null {
  if (tickers.length < 3) return null
  const perDay = new Map<number, { out: number; hours: number }>()
  for (let i = 1; i < tickers.length; i++) {
    const dt = tickers[i].mts - tickers[i - 1].mts
    if (dt <= 0 || dt > MAX_ROW_GAP_MS) continue
    const day = Math.floor(tickers[i].mts / DAY_MS)
    const d = perDay.get(day) ?? { out: 0, hours: 0 }
    d.out += Math.max(0, tickers[i - 1].frrAmountAvailable - tickers[i].frrAmountAvailable)
    d.hours += dt / HOUR_MS
    perDay.set(day, d)
  }
  // Days with at least 12 observed hours: a few hours say little about a day's outflow.
  const rates = [...perDay.values()].filter((d) => d.hours >= 12).map((d) => d.out / d.hours)
  if (rates.length === 0) return null
  const queue = tickers.map((t) => t.frrAmountAvailable)
  const calibration: FrrQueueCalibration = {
    drainPerHour: { low: quantile(rates, 0.1), central: median(rates), high: quantile(rates, 0.9) },
    typicalQueue: { low: quantile(queue, 0.9), central: median(queue), high: quantile(queue, 0.1) }
  }
  const upper = median(tickers.map((t) => t.volume24h / 24))
  return {
    calibration,
    days: rates.length,
    rows: tickers.length,
    outflowUpperBoundPerHour: upper,
    waitHoursCentral: calibration.typicalQueue.central / calibration.drainPerHour.central,
    waitHoursFastest: calibration.typicalQueue.central / upper
  }
}
