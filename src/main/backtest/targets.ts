// Issue 12's targets, computed from the runs of a backtest (never typed in): in every calibration band,
// IBRR's net APR at least 1.25 × the best of mika, undercut, ladder and frr, and at least 0.9 × the
// hindsight bound; and, on the window of a real bot's record, at least what that bot realized (botTargetCells).
import { CALIBRATION_BANDS, type CalibrationBand } from '../../shared/calibration'
import type { BacktestReport } from '../../shared/contract'

export const TARGET_OVER_BEST_BASELINE = 1.25
export const TARGET_OF_BOUND = 0.9
/** The baselines of the first target (frr-optimistic is a sensitivity, oracle and bound hindsight). */
const BASELINES = ['mika', 'undercut', 'ladder', 'frr'] as const

export interface TargetCell {
  band: CalibrationBand
  ibrr: number
  /** The best baseline that ran here (placed an offer; frr is left out when FRR was never published in the window); null: none could. */
  best: { name: string; netApr: number } | null
  /** ibrr / best; null when the best earned nothing (no ratio to give). */
  overBest: number | null
  metBest: boolean | null
  bound: number | null
  ofBound: number | null
  metBound: boolean | null
}

/**
 * One cell per band of the report. `frrPriced` false: FRR was never published up to the window's end,
 * so auto-renew could not be priced at all and is no baseline there (its 0 % says nothing about it).
 */
export function targetCells(r: BacktestReport, opts: { frrPriced: boolean }): TargetCell[] {
  const baselines = BASELINES.filter((n) => n !== 'frr' || opts.frrPriced)
  return CALIBRATION_BANDS.flatMap((band) => {
    const s = r.bands?.[band]?.strategies
    const ibrr = s?.ibrr?.netApr
    if (!s || ibrr === undefined) return []
    // A baseline that placed no offer had nothing to price from here (no book, no candle): it did not run.
    const ran = baselines.flatMap((name) => (s[name] && s[name].placed > 0 ? [{ name, netApr: s[name].netApr }] : []))
    const best = ran.reduce<TargetCell['best']>((b, x) => (!b || x.netApr > b.netApr ? x : b), null)
    const bound = s.bound?.netApr ?? null
    return [
      {
        band,
        ibrr,
        best,
        overBest: best && best.netApr > 0 ? ibrr / best.netApr : null,
        // A best baseline that earned nothing gives no ratio, so the cell is not judged (not "met").
        metBest: best && best.netApr > 0 ? ibrr >= TARGET_OVER_BEST_BASELINE * best.netApr : null,
        bound,
        ofBound: bound !== null && bound > 0 ? ibrr / bound : null,
        metBound: bound !== null && bound > 0 ? ibrr >= TARGET_OF_BOUND * bound : null
      }
    ]
  })
}

/** How many of the cells meet a target, out of the cells where it could be judged. */
export function countMet(cells: TargetCell[], key: 'metBest' | 'metBound'): { met: number; of: number } {
  const judged = cells.filter((c) => c[key] !== null)
  return { met: judged.filter((c) => c[key]).length, of: judged.length }
}

/** The bot-window target in one band of a report: IBRR against what the real bot realized, the bot's replayed policy beside it. */
export interface BotTargetCell {
  band: CalibrationBand
  ibrr: number
  /** The replayed policy (lendingbot) in the same run; null when it was not run. */
  policy: number | null
  met: boolean
}

/**
 * One cell per band of a run on the bot's window. Like for like only when the run starts with the loans the
 * bot held before the window (run.ts startingLoans): its realized APR includes their interest.
 */
export function botTargetCells(r: BacktestReport, realizedNetApr: number): BotTargetCell[] {
  return CALIBRATION_BANDS.flatMap((band) => {
    const s = r.bands?.[band]?.strategies
    const ibrr = s?.ibrr?.netApr
    if (!s || ibrr === undefined) return []
    return [{ band, ibrr, policy: s.lendingbot?.netApr ?? null, met: ibrr >= realizedNetApr }]
  })
}

/** The bot-window target over the runs of one window: how many cells meet it, and what it is judged on. */
export interface BotTargetSummary {
  met: number
  of: number
  /** IBRR's net APR in every cell. */
  ibrr: number[]
  /** The replayed policy's, where it ran. */
  policy: number[]
  /** IBRR / the replayed policy, where the policy earned something. */
  overPolicy: number[]
}

export function botTargetSummary(reports: BacktestReport[], realizedNetApr: number): BotTargetSummary {
  const cells = reports.flatMap((r) => botTargetCells(r, realizedNetApr))
  return {
    met: cells.filter((c) => c.met).length,
    of: cells.length,
    ibrr: cells.map((c) => c.ibrr),
    policy: cells.flatMap((c) => (c.policy === null ? [] : [c.policy])),
    overPolicy: cells.flatMap((c) => (c.policy !== null && c.policy > 0 ? [c.ibrr / c.policy] : []))
  }
}

/**
 * The one rule for how much of a record window the replay sees: a window of the bot's record is **short**
 * when the days with market data in it are under this share of the record's days. The bot's realized APR
 * R averages over all the record's days: R = f·R_in + (1 − f)·R_out, with f the share the replay has data
 * for. The target compares IBRR on the replayed days with R standing in for R_in, off by (1 − f)·(R_out −
 * R_in), which the replay cannot know. From 80 % on, the unseen days carry at most a fifth of R; below it,
 * IBRR and the bot are judged on visibly different markets and the comparison is weak. 80 % is a stated
 * convention, not fitted: the text always gives the days, so a reader can apply another.
 */
export const SHORT_RECORD_COVERAGE = 0.8

export interface RecordCoverage {
  /** The record window cut to the data: the days the runs replay. */
  replayedDays: number
  /** Of those, the days with market data (books or candles); the rest have none (missing candle hours). */
  dataDays: number
  /** The record's own length in days. */
  recordDays: number
  /** dataDays / recordDays. */
  share: number
  /** share < SHORT_RECORD_COVERAGE: the comparison with the bot's realized APR is weak. */
  short: boolean
}

export function recordCoverage(days: { replayedDays: number; dataDays: number; recordDays: number }): RecordCoverage {
  const share = days.recordDays > 0 ? Math.min(1, days.dataDays / days.recordDays) : 0
  return { ...days, share, short: share < SHORT_RECORD_COVERAGE }
}

/** The coverage of a record window and the verdict of the rule on it, as one phrase of the targets text. */
export function recordCoverageText(c: RecordCoverage): string {
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`
  const days = `${c.replayedDays.toFixed(1)} of its ${c.recordDays} days in the data${c.dataDays < c.replayedDays - 0.05 ? `, ${c.dataDays.toFixed(1)} of them with market data` : ''} (${pct(c.share)})`
  return c.short
    ? `${days}: short, under ${pct(SHORT_RECORD_COVERAGE)} of the record's days, so its comparison with the bot's realized APR is weak (read it as an indication only)`
    : `${days}: at least ${pct(SHORT_RECORD_COVERAGE)} of the record's days, so its comparison with the bot's realized APR is not weak on coverage`
}
