// Fidelity of the replayed bot policy (`lendingbot`) to the bot's own record: on the days where the
// record holds its fills (lendingbot-fills.csv), the replay of its policy and the real bot are compared
// per loan period — number of fills, amount, amount-weighted rate, median wait from the first offer of a
// reprice chain — and the replay's utilization is set beside the record's. validation.ts replays the
// bot's single offers (the fill model's check); this replays its whole policy (the policy's check).
//
// A fill here is one offer whose amount went down between two steps (the real bot's record has one
// fill per offer in 395 of its 398 fills: yield-review `cohorts.all.total`), at the offer's rate (R1 and
// R2 fill at the offer's own rate); its wait is counted to the middle of the step it filled in.
import type { CalibrationBand } from '../../shared/calibration'
import type { CurrencyDataset, StartingLoan } from '../exchange/simulated'
import type { BotFill } from '../exchange/simulated/calibration'
import { median } from '../exchange/simulated/calibration/stats'
import type { BacktestCalibration } from './calibrationReport'
import { LentCapitalTime, lentByPeriod } from './lentCapitalTime'
import { runBacktestOnDataset } from './run'
import { lendingbot } from './strategies/lendingbot'
import type { LendingbotPolicy } from './strategies/lendingbotPolicy'
import type { Strategy, StrategyContext } from './strategies/types'
import type { Table } from './reportTables'
import { validationWindows, type ValidationWindow } from './validation'

const MIN = 60_000

export interface FillSummary {
  fills: number
  amount: number
  /** Amount-weighted daily rate; null without fills. */
  rate: number | null
  /** Median minutes from the first offer of the fill's reprice chain; null without fills with a wait. */
  medianWaitMin: number | null
}

export interface FidelityPeriodRow {
  period: number
  real: FillSummary
  replay: FillSummary
  /** Share of the replay's lent capital-time in this period's loans. */
  replayLentShare: number
}

export interface FidelityWindow {
  window: ValidationWindow
  rows: FidelityPeriodRow[]
  /** Replay: lent capital-time / wallet capital-time (available + offered + lent, starting loans included) inside the window. */
  replayUtilization: number
}

export interface ObservedFill {
  mts: number
  period: number
  amount: number
  rate: number
  waitMinutes: number | null
}

/** Count, amount, amount-weighted rate and median wait of a set of fills. */
export function summarizeFills(fills: ObservedFill[]): FillSummary {
  const amount = fills.reduce((s, f) => s + f.amount, 0)
  const waits = fills.flatMap((f) => (f.waitMinutes === null ? [] : [f.waitMinutes]))
  return {
    fills: fills.length,
    amount,
    rate: amount > 0 ? fills.reduce((s, f) => s + f.amount * f.rate, 0) / amount : null,
    medianWaitMin: waits.length ? median(waits) : null
  }
}

interface Seen {
  rate: number
  period: number
  amount: number
  chainStart: number
}

/** What the recorder saw of one run: every fill, and lent / wallet capital-time per loan period and in total, by step start. */
export interface RunRecord {
  fills: ObservedFill[]
  /** One entry per step: its start, its length, the wallet equity and the lent amount per period over it. */
  steps: { t: number; ms: number; equity: number; lentByPeriod: Map<number, number> }[]
}

/**
 * A strategy wrapped so that every fill of its offers and its lent capital-time are recorded. The wait is
 * counted from `chainStartedAt` when the strategy says when an offer's reprice chain began (the bot's
 * `wait_minutes`), else from the offer's own creation (its `latest_offer_wait_minutes`).
 */
export function recordingFills(inner: Strategy & { chainStartedAt?(offerId: number): number | undefined }, record: RunRecord): Strategy {
  let before = new Map<number, Seen>()
  return {
    ...inner,
    async step(ctx: StrategyContext) {
      const offers = await ctx.exchange.activeOffers(ctx.currency)
      const now = new Map(offers.map((o) => [o.id, o]))
      // Between the previous step's end and now only the exchange acted: every decrease is a fill.
      for (const [id, seen] of before) {
        const left = now.get(id)?.amount ?? 0
        const filled = seen.amount - left
        if (filled <= 1e-8 * Math.max(1, seen.amount)) continue
        const at = ctx.now - ctx.stepMs / 2
        record.fills.push({ mts: at, period: seen.period, amount: filled, rate: seen.rate, waitMinutes: Math.max(0, at - seen.chainStart) / MIN })
      }
      const loans = await ctx.exchange.activeLoans(ctx.currency)
      const bal = await ctx.exchange.lendableBalance(ctx.currency)
      const equity = (bal.readable ? bal.amount : 0) + offers.reduce((s, o) => s + o.amount, 0) + loans.reduce((s, l) => s + l.amount, 0)
      record.steps.push({ t: ctx.now, ms: ctx.stepMs, equity, lentByPeriod: lentByPeriod(loans) })
      await inner.step(ctx)
      before = new Map(
        (await ctx.exchange.activeOffers(ctx.currency)).map((o) => [o.id, { rate: o.rate, period: o.period, amount: o.amount, chainStart: inner.chainStartedAt?.(o.id) ?? o.createdAt }])
      )
    }
  }
}

interface FidelityOptions {
  capital: number
  seed?: number
  band?: CalibrationBand
  stepMinutes?: number
  /** Start of the replay (default: the first recorded book); it ends with the last book. */
  from?: number
  /**
   * Loans the account already holds at the start (run.ts), e.g. the real bot's inherited credits: its
   * record's utilization counts them, and they leave only the rest of `capital` for the policy to manage,
   * so a like-for-like replay starts with them.
   */
  startingLoans?: StartingLoan[]
}

const inWindow = (w: ValidationWindow, t: number) => t >= w.from && t < w.to

/** The real bot's fills and the replay of its policy, per loan period, in each part of the data with books (books only; books and candles). */
export async function policyFidelity(ds: CurrencyDataset, botFills: BotFill[], policy: LendingbotPolicy, calibration: BacktestCalibration, opts: FidelityOptions): Promise<FidelityWindow[]> {
  const from = Math.max(opts.from ?? -Infinity, ds.books[0]?.mts ?? Infinity)
  const windows = validationWindows(ds)
    .map((w) => ({ ...w, from: Math.max(w.from, from) }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from - b.from)
  if (!windows.length) return []
  const to = Math.max(...windows.map((w) => w.to))
  const band = opts.band ?? 'central'
  const record: RunRecord = { fills: [], steps: [] }
  await runBacktestOnDataset(ds, {
    capital: opts.capital,
    from,
    to,
    seed: opts.seed ?? 1,
    stepMinutes: opts.stepMinutes ?? 10,
    calibration,
    botPolicy: policy,
    strategies: [],
    bands: [band],
    startingLoans: opts.startingLoans,
    extraStrategies: [() => recordingFills(lendingbot(policy), record)]
  })
  const real: ObservedFill[] = botFills.map((f) => ({ mts: f.mts, period: f.period, amount: f.amount, rate: f.rate, waitMinutes: f.waitMinutes }))
  return windows.map((window) => {
    const steps = record.steps.filter((s) => inWindow(window, s.t))
    const lent = new LentCapitalTime()
    let equityTime = 0
    for (const s of steps) {
      equityTime += s.equity * s.ms
      lent.add(s.lentByPeriod, s.ms)
    }
    const lentTime = lent.total()
    const realHere = real.filter((f) => inWindow(window, f.mts))
    const replayHere = record.fills.filter((f) => inWindow(window, f.mts))
    const periods = [...new Set([...realHere.map((f) => f.period), ...replayHere.map((f) => f.period), ...lent.periods()])].sort((a, b) => a - b)
    return {
      window,
      rows: periods.map((period) => ({
        period,
        real: summarizeFills(realHere.filter((f) => f.period === period)),
        replay: summarizeFills(replayHere.filter((f) => f.period === period)),
        replayLentShare: lent.share(period)
      })),
      replayUtilization: equityTime > 0 ? lentTime / equityTime : 0
    }
  })
}

const usd = (x: number) => x.toFixed(0)
const rateText = (x: number | null) => (x === null ? '—' : x.toFixed(7))
const minutes = (x: number | null) => (x === null ? '—' : x.toFixed(0))
const pair = (real: string, replay: string) => `${real} / ${replay}`

/** One table of a fidelity run: per window and loan period, the real bot against the replay of its policy. */
export function fidelityTable(result: FidelityWindow[], title: string): Table {
  return {
    title,
    head: ['part of the data', 'period', 'fills real / replay', 'amount USD real / replay', 'rate (daily, amount-weighted) real / replay', 'median wait min real / replay', "replay's lent capital-time"],
    rows: result.flatMap((w) =>
      w.rows.map((r) => [
        `${w.window.label} (replay utilization ${(w.replayUtilization * 100).toFixed(1)} %)`,
        `${r.period} d`,
        pair(String(r.real.fills), String(r.replay.fills)),
        pair(usd(r.real.amount), usd(r.replay.amount)),
        pair(rateText(r.real.rate), rateText(r.replay.rate)),
        pair(minutes(r.real.medianWaitMin), minutes(r.replay.medianWaitMin)),
        `${(r.replayLentShare * 100).toFixed(1)} %`
      ])
    )
  }
}

/** Share of a window's fills (count) in one period, real and replayed. */
export function fillShare(w: FidelityWindow, period: number): { real: number | null; replay: number | null } {
  const total = (side: 'real' | 'replay') => w.rows.reduce((s, r) => s + r[side].fills, 0)
  const of = (side: 'real' | 'replay') => (total(side) > 0 ? (w.rows.find((r) => r.period === period)?.[side].fills ?? 0) / total(side) : null)
  return { real: of('real'), replay: of('replay') }
}
