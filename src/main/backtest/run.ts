// The backtest engine: replays one window of recorded data for several strategies, each on its own
// simulated exchange over the same feed, with the same fill model, seed and step, under each
// calibration band (low / central / high), plus the hindsight bound of every band.
import { ManualClock } from '../platform/clock'
import { CALIBRATION_BANDS, FUSD_CALIBRATION, type CalibrationBand, type MarketCalibration } from '../../shared/calibration'
import { BACKTEST_STRATEGIES, type BacktestReport, type StrategyResult } from '../../shared/contract'
import { fundingSymbol, type Currency } from '../../shared/domain'
import { bandFeedOptions, createReplayFeed, createSimulatedExchange, dataSpans, loadCurrencyDataset, type CurrencyDataset, type DataSpan, type StartingLoan } from '../exchange/simulated'
import { boundResult, hindsightBound } from './bound'
import { calibrationParameters, measureForBacktest, type BacktestCalibration } from './calibrationReport'
import { downsample, strategyResult } from './metrics'
import { dataNotes, fillModelNotes } from './notes'
import { frrAutoRenew } from './strategies/frr'
import { ibrr } from './strategies/ibrr'
import { ladder } from './strategies/ladder'
import { lendingbot } from './strategies/lendingbot'
import { loadLendingbotPolicy, type LendingbotPolicy } from './strategies/lendingbotPolicy'
import { mika } from './strategies/mika'
import { oracle } from './strategies/oracle'
import { undercut } from './strategies/undercut'
import type { Strategy, StrategyContext } from './strategies/types'
import { verdictSentence } from './verdict'

/** The contract's list (the app's page offers exactly these). */
export const STRATEGY_NAMES = BACKTEST_STRATEGIES

interface RunBacktestOptions {
  dataDir: string
  currency: Currency
  capital: number
  /** Default: all of STRATEGY_NAMES. */
  strategies?: string[]
  seed?: number
  /** Minutes between strategy steps (default 10, a typical bot cycle; the data is hourly). */
  stepMinutes?: number
  /** Replay window; default: the longest contiguous data span in the folder. */
  from?: number
  to?: number
  /** Default: all three. */
  bands?: CalibrationBand[]
}

interface RunOnDatasetOptions extends Omit<RunBacktestOptions, 'dataDir' | 'currency'> {
  /** Extra strategies (tests, experiments) run alongside the named ones. */
  extraStrategies?: (() => Strategy)[]
  /** Default: the shipped calibration of the currency (FUSD_CALIBRATION) with no validation. */
  calibration?: BacktestCalibration
  /** The real bot's policy (lendingbot/*.json); without it the lendingbot strategy is not run and the notes say why. */
  botPolicy?: LendingbotPolicy | null
  /**
   * Loans the account already holds at the window's start (e.g. the real bot's inherited credits,
   * lendingbotRecord.ts), the same for every strategy. `capital` stays the total equity: the wallet
   * starts with capital minus their amount, which is what the strategies manage.
   */
  startingLoans?: StartingLoan[]
}

class BacktestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BacktestError'
  }
}

const MIN = 60_000
/** About 30 ms of work on this machine between two pauses (one step takes ~1.5 ms). */
const YIELD_EVERY_STEPS = 20
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The default window: the longest span of contiguous data. */
export function defaultSpan(spans: DataSpan[]): DataSpan | null {
  return spans.reduce<DataSpan | null>((best, s) => (!best || s.to - s.from > best.to - best.from ? s : best), null)
}

/** A fresh strategy (strategies keep per-run counters, so each band gets its own). */
function buildStrategy(name: string, botPolicy: LendingbotPolicy | null): Strategy {
  if (name === 'ibrr') return ibrr()
  if (name === 'lendingbot' && botPolicy) return lendingbot(botPolicy)
  if (name === 'frr') return frrAutoRenew('queue')
  if (name === 'frr-optimistic') return frrAutoRenew('optimistic')
  if (name === 'ladder') return ladder()
  if (name === 'mika') return mika()
  if (name === 'undercut') return undercut()
  if (name === 'oracle') return oracle()
  throw new BacktestError(`Unknown strategy "${name}". Use one of: ${STRATEGY_NAMES.join(', ')}.`)
}

interface Run {
  ds: CurrencyDataset
  calibration: MarketCalibration
  band: CalibrationBand
  capital: number
  seed: number
  from: number
  to: number
  stepMs: number
  startingLoans: StartingLoan[]
}

const amountOf = (loans: StartingLoan[]) => loans.reduce((s, l) => s + l.amount, 0)

function feedFor(r: Run) {
  return createReplayFeed(r.ds, {
    ...bandFeedOptions(r.calibration, r.band),
    typicalFrrQueue: r.calibration.frrQueue.typicalQueue[r.band],
    seed: r.seed,
    templatesUntil: r.to
  })
}

async function runOne(r: Run, strategy: Strategy): Promise<StrategyResult> {
  const feed = feedFor(r)
  const clock = new ManualClock(r.from)
  const exchange = createSimulatedExchange({
    feed,
    clock,
    balances: { [r.ds.currency]: r.capital - amountOf(r.startingLoans) },
    startingLoans: { [r.ds.currency]: r.startingLoans },
    seed: r.seed,
    frrFill: strategy.frrFill ?? 'queue',
    calibration: r.calibration,
    band: r.band,
    matchBookAgeMs: r.stepMs
  })
  // Before any step the account's loans are exactly its starting ones.
  const inheritedLoanIds = new Set(r.startingLoans.length ? (await exchange.activeLoans(r.ds.currency)).map((l) => l.id) : [])
  const ctx: StrategyContext = { exchange, feed, currency: r.ds.currency, symbol: fundingSymbol(r.ds.currency), capital: r.capital, now: r.from, stepMs: r.stepMs, end: r.to, inheritedLoanIds }
  const curve: StrategyResult['curve'] = []
  let lastPoint = -Infinity
  let steps = 0
  await strategy.start?.(ctx)
  for (let t = r.from; ; t = Math.min(t + r.stepMs, r.to)) {
    // The steps resolve as microtasks only: without a pause now and then, a run would hold the process
    // (the app's lending loop, its window or the browser host) for its whole length.
    if (++steps % YIELD_EVERY_STEPS === 0) await yieldToEventLoop()
    clock.set(t)
    ctx.now = t
    await exchange.advanceTo(t)
    if (t - lastPoint >= 3_600_000 || t === r.to) {
      curve.push({ mts: t, earnings: exchange.stats(r.ds.currency).earnedNet })
      lastPoint = t
    }
    if (t >= r.to) break
    await strategy.step(ctx)
  }
  const stats = exchange.stats(r.ds.currency)
  const result = strategyResult(stats, r.capital, r.from, r.to, downsample(curve, 400))
  return r.startingLoans.length ? { ...result, startingEarnings: stats.startingNet } : result
}

/** Run a backtest on an already loaded dataset (the bench and tests reuse one load). */
export async function runBacktestOnDataset(ds: CurrencyDataset, opts: RunOnDatasetOptions): Promise<BacktestReport> {
  if (!(opts.capital > 0)) throw new BacktestError('Capital must be above zero.')
  const spans = dataSpans(ds)
  const span = defaultSpan(spans)
  if (!span) throw new BacktestError(`${ds.symbol}: the folder has no book, candle or trade data to replay.`)
  const from = opts.from ?? span.from
  const to = opts.to ?? span.to
  if (!(to > from)) throw new BacktestError('The replay window is empty (to must be after from).')
  const window: DataSpan = { ...span, from, to }
  const stepMs = Math.max(1, opts.stepMinutes ?? 10) * MIN
  const seed = opts.seed ?? 1
  const startingLoans = opts.startingLoans ?? []
  const inherited = amountOf(startingLoans)
  if (!(inherited < opts.capital)) throw new BacktestError(`The starting loans (${inherited.toFixed(2)}) take all of the capital (${opts.capital}): nothing is left to manage.`)
  const asked = opts.strategies ?? [...STRATEGY_NAMES]
  const botPolicy = opts.botPolicy ?? null
  // The real bot's policy is read from its record; a folder without one cannot replay it. The bound is
  // computed for a capital lent from empty, so it is not run beside starting loans.
  const names = asked.filter((n) => (n !== 'lendingbot' || botPolicy) && (n !== 'bound' || !startingLoans.length))
  const build = (n: string) => buildStrategy(n, botPolicy)
  for (const n of names) if (n !== 'bound') build(n)
  const cal = opts.calibration ?? { calibration: FUSD_CALIBRATION, validation: null, notes: ds.currency === 'USD' ? [] : [`${ds.symbol}: no calibration of its own; fUSD's parameters stand in.`] }
  const bands = opts.bands ?? [...CALIBRATION_BANDS]

  const bandResults: Partial<Record<CalibrationBand, { strategies: Record<string, StrategyResult> }>> = {}
  const runNotes: string[] = []
  for (const band of bands) {
    const r: Run = { ds, calibration: cal.calibration, band, capital: opts.capital, seed, from, to, stepMs, startingLoans }
    const results: Record<string, StrategyResult> = {}
    const strategies = [...names.filter((n) => n !== 'bound').map(build), ...(opts.extraStrategies ?? []).map((make) => make())]
    for (const s of strategies) {
      results[s.name] = await runOne(r, s)
      if (band === 'central' || bands.length === 1) runNotes.push(...(s.notes?.() ?? []))
    }
    if (names.includes('bound')) {
      const b = await hindsightBound({ feed: feedFor(r), calibration: cal.calibration, band, seed, capital: opts.capital, from, to, stepMs })
      results.bound = boundResult(b.earnings, opts.capital, from, to)
    }
    bandResults[band] = { strategies: results }
  }
  const main = bandResults.central ?? bandResults[bands[0]]!
  const report: BacktestReport = {
    currency: ds.currency,
    capital: opts.capital,
    from,
    to,
    notes: [
      ...dataNotes(ds, window, spans),
      ...cal.notes,
      ...fillModelNotes(cal.calibration),
      `Step ${stepMs / MIN} min, seed ${seed}, capital ${opts.capital} ${ds.currency}; calibration bands run: ${bands.join(', ')} (strategies = ${bandResults.central ? 'central' : bands[0]}).`,
      ...names.filter((n) => n !== 'bound').map((n) => build(n).description),
      ...(asked.includes('lendingbot') && !botPolicy ? ['lendingbot: not run — the folder holds no real bot\'s record with a policy (lendingbot/*.json), and its policy is only ever read from one.'] : []),
      ...(startingLoans.length ? [startingLoansNote(startingLoans, opts.capital, ds.currency, asked.includes('bound'))] : []),
      ...(names.includes('bound')
        ? ['bound: the hindsight upper bound — the most any lender of this capital could earn from the demand this simulation produces (every bid, traded volume and FRR-queue slice known in advance with its life), by a capital-time relaxation; not a strategy. oracle is a hindsight heuristic, not a bound.']
        : []),
      ...runNotes
    ],
    strategies: main.strategies,
    bands: bandResults,
    calibration: { parameters: calibrationParameters(cal.calibration), ...(cal.validation ? { validation: cal.validation } : {}) }
  }
  report.verdict = verdictSentence(report) ?? undefined
  return report
}

function startingLoansNote(loans: StartingLoan[], capital: number, currency: Currency, boundAsked: boolean): string {
  const amount = amountOf(loans)
  const rate = loans.reduce((s, l) => s + l.amount * l.rate, 0) / amount
  return `Every strategy starts with the same ${loans.length} loans already lent (${amount.toFixed(2)} ${currency}, ${((amount / capital) * 100).toFixed(1)} % of the ${capital.toFixed(0)} capital, at ${rate.toFixed(8)}/day amount-weighted), which earn at the same fee and stay lent until their given end; the strategies manage the other ${(capital - amount).toFixed(2)}.${boundAsked ? ' bound: not run (it is computed for capital lent from empty).' : ''}`
}

const utcMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** A window a person chose must lie inside the data: outside it the replay would only measure idle money. */
function checkReplayWindow(window: { from?: number; to?: number }, span: DataSpan | null): void {
  if (!span || (window.from === undefined && window.to === undefined)) return
  const from = window.from ?? span.from
  const to = window.to ?? span.to
  if (!(to > from)) throw new BacktestError('The end date must be after the start date.')
  if (from < span.from || to > span.to)
    throw new BacktestError(`Choose dates between ${utcMinute(span.from)} and ${utcMinute(span.to)}: the data in this folder covers only that stretch.`)
}

/** Load `dataDir`, calibrate on it (falling back to the shipped values) and backtest `currency` on it. The app's backtest page calls this. */
export async function runBacktest(opts: RunBacktestOptions): Promise<BacktestReport> {
  const ds = await loadCurrencyDataset(opts.dataDir, opts.currency)
  checkReplayWindow(opts, defaultSpan(dataSpans(ds)))
  const calibration = await measureForBacktest(opts.dataDir, ds)
  const botPolicy = await loadLendingbotPolicy(opts.dataDir)
  return runBacktestOnDataset(ds, { ...opts, calibration, botPolicy })
}
