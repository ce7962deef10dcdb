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
