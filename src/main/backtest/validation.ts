// Validation against a real bot (data README: lendingbot-fills.csv). For every fill of its LIMIT
// offers that has a recorded wait, the simulator places the same offer (same rate, period and amount)
// at the moment the bot last priced it (fill time − latest_offer_wait) on the recorded market, and
// measures how long the fill model takes to fill it. None of the calibrated parameters is fitted on
// these fills, so this is out-of-sample. Loan lives are compared with the bot's closed loans (the
// only lives the records hold; closed-only, so biased short, and the same records the life table is
// fitted on: an in-sample check, stated as such).
import type { CalibrationBand, MarketCalibration } from '../../shared/calibration'
import { MIN_OFFER_USD } from '../../shared/domain'
import { ManualClock } from '../platform/clock'
import { bandFeedOptions, createReplayFeed, createSimulatedExchange, type CurrencyDataset } from '../exchange/simulated'
import type { BotFill, LoanLifeFit } from '../exchange/simulated/calibration'
import { median, quantile } from '../exchange/simulated/calibration/stats'
import { createLoanLifeModel } from '../exchange/simulated/loanLifeModel'

const MIN = 60_000
const HOUR = 3_600_000

const VALIDATION_PERIODS = [2, 30, 120] as const

export interface ValidationRow {
  period: number
  /** Bot fills with a recorded wait inside the window with books. */
  n: number
  /** Simulated offers that did not fill within the horizon (counted at the horizon: medians are then lower bounds). */
  unfilled: number
  predictedMedianWaitMin: number | null
  actualMedianWaitMin: number | null
  predictedP90WaitMin: number | null
  actualP90WaitMin: number | null
  predictedMedianLifeDays: number | null
  actualMedianLifeDays: number | null
  predictedP90LifeDays: number | null
  /** The bot's offer rate minus the best ask at that moment (daily), median: where in the book it priced. */
  medianRateOverBestAsk: number | null
}

interface ValidationOptions {
  band?: CalibrationBand
  /** Draws the stand-in candles of books-only hours (and nothing else: each offer is replayed alone). */
  seed?: number
  stepMs?: number
  horizonMs?: number
  /** Only fills placed in [from, to). */
  from?: number
  to?: number
}

export async function validateAgainstBot(ds: CurrencyDataset, fills: BotFill[], cal: MarketCalibration, lifeFits: LoanLifeFit[], opts: ValidationOptions = {}): Promise<ValidationRow[]> {
  const band = opts.band ?? 'central'
  const step = opts.stepMs ?? 10 * MIN
  const horizon = opts.horizonMs ?? 48 * HOUR
  const feed = createReplayFeed(ds, { ...bandFeedOptions(cal, band), seed: opts.seed })
  const firstBook = ds.books[0]?.mts ?? Infinity
  const lastBook = ds.books[ds.books.length - 1]?.mts ?? -Infinity
  const lives = createLoanLifeModel(cal, band)
  const rows: ValidationRow[] = []
  for (const period of VALIDATION_PERIODS) {
    const mine = fills.flatMap((f) => {
      if (f.period !== period || f.latestWaitMinutes === null) return []
      const placedAt = f.mts - f.latestWaitMinutes * MIN
      const lo = Math.max(firstBook, opts.from ?? -Infinity)
      const hi = Math.min(lastBook, opts.to ?? Infinity)
      return placedAt >= lo && placedAt < hi ? [{ f, placedAt }] : []
    })
    const predicted: number[] = []
    const overAsk: number[] = []
    let unfilled = 0
    for (const { f, placedAt } of mine) {
      const clock = new ManualClock(placedAt)
      // A partial fill can be below Bitfinex's minimum offer; the offer itself was at least that.
      const amount = Math.max(f.amount, MIN_OFFER_USD)
      const ex = createSimulatedExchange({ feed, clock, balances: { [ds.currency]: amount }, calibration: cal, band, matchBookAgeMs: step })
      const book = (await feed.bookAt(placedAt))?.book
      if (book?.asks.length) overAsk.push(f.rate - book.asks[0].rate)
      await ex.submitOffer({ symbol: ds.symbol, type: 'LIMIT', amount, rate: f.rate, period: f.period })
      let waited: number | null = ex.stats(ds.currency).fills > 0 ? 0 : null
      for (let t = placedAt + step; waited === null && t <= placedAt + horizon; t += step) {
        clock.set(t)
        await ex.advanceTo(t)
        if (ex.stats(ds.currency).fills > 0) waited = t - placedAt
      }
      if (waited === null) unfilled++
      predicted.push((waited ?? horizon) / MIN)
    }
    const actual = mine.map(({ f }) => f.latestWaitMinutes as number)
    const fit = lifeFits.find((l) => l.period === period)
    const orNull = (xs: number[], q: number) => (xs.length ? quantile(xs, q) : null)
    rows.push({
      period,
      n: mine.length,
      unfilled,
      predictedMedianWaitMin: orNull(predicted, 0.5),
      actualMedianWaitMin: orNull(actual, 0.5),
      predictedP90WaitMin: orNull(predicted, 0.9),
      actualP90WaitMin: orNull(actual, 0.9),
      predictedMedianLifeDays: lives.lifeDays(period, 0.5),
      actualMedianLifeDays: fit?.closedMedianDays ?? null,
      predictedP90LifeDays: lives.lifeDays(period, 0.9),
      medianRateOverBestAsk: overAsk.length ? median(overAsk) : null
    })
  }
  return rows
}

export interface ValidationWindow {
  label: string
  from: number
  to: number
  /** Whether the simulator has all its inputs there (books and traded volume). */
  complete: boolean
}

/**
 * Where the bot's fills can be replayed: the recorded books' span, split where hourly candles begin.
 * Before that the simulator sees no traded volume at all, so only the later part tests the full model.
 */
export function validationWindows(ds: CurrencyDataset): ValidationWindow[] {
  if (ds.books.length === 0) return []
  const first = ds.books[0].mts
  const last = ds.books[ds.books.length - 1].mts
  const volumeFrom = ds.candles1h.find((c) => c.mts >= first && c.mts <= last)?.mts ?? null
  if (volumeFrom === null) return [{ label: 'books only (stand-in candles: no traded volume recorded)', from: first, to: last, complete: false }]
  const out: ValidationWindow[] = [{ label: 'books and hourly candles', from: volumeFrom, to: last, complete: true }]
  if (volumeFrom > first) out.push({ label: 'books only (stand-in candles: no traded volume recorded)', from: first, to: volumeFrom, complete: false })
  return out
}
