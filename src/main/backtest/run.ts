// The backtest engine: replays one window of recorded data for several strategies, each on its own
// simulated exchange over the same feed, with the same fill model, seed and step.
import { ManualClock } from '../core/clock'
import type { BacktestReport, StrategyResult } from '../../shared/contract'
import { fundingSymbol, type Currency } from '../../shared/domain'
import { createReplayFeed, createSimulatedExchange, dataSpans, loadCurrencyDataset, type CurrencyDataset, type DataSpan } from '../exchange/simulated'
import { downsample, strategyResult } from './metrics'
import { dataNotes, FILL_MODEL_NOTES } from './notes'
import { frrAutoRenew } from './strategies/frr'
import { ibrr } from './strategies/ibrr'
import { ladder } from './strategies/ladder'
import { oracle } from './strategies/oracle'
import type { Strategy, StrategyContext } from './strategies/types'

export const STRATEGY_NAMES = ['ibrr', 'frr', 'frr-optimistic', 'ladder', 'oracle'] as const
export type StrategyName = (typeof STRATEGY_NAMES)[number]

export interface RunBacktestOptions {
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
}

export interface RunOnDatasetOptions extends Omit<RunBacktestOptions, 'dataDir' | 'currency'> {
  /** Extra strategies (tests, experiments) run alongside the named ones. */
  extraStrategies?: Strategy[]
}

export class BacktestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BacktestError'
  }
}

const MIN = 60_000

/** The default window: the longest span of contiguous data. */
export function defaultSpan(spans: DataSpan[]): DataSpan | null {
  return spans.reduce<DataSpan | null>((best, s) => (!best || s.to - s.from > best.to - best.from ? s : best), null)
}

function buildStrategy(name: string): Strategy {
  if (name === 'ibrr') return ibrr()
  if (name === 'frr') return frrAutoRenew('pessimistic')
  if (name === 'frr-optimistic') return frrAutoRenew('optimistic')
  if (name === 'ladder') return ladder()
  if (name === 'oracle') return oracle()
  throw new BacktestError(`Unknown strategy "${name}". Use one of: ${STRATEGY_NAMES.join(', ')}.`)
}

async function runOne(ds: CurrencyDataset, strategy: Strategy, capital: number, seed: number, from: number, to: number, stepMs: number): Promise<StrategyResult> {
  const feed = createReplayFeed(ds)
  const clock = new ManualClock(from)
  const exchange = createSimulatedExchange({ feed, clock, balances: { [ds.currency]: capital }, seed, frrFill: strategy.frrFill ?? 'pessimistic' })
  const ctx: StrategyContext = { exchange, feed, currency: ds.currency, symbol: fundingSymbol(ds.currency), capital, now: from, stepMs, end: to }
  const curve: StrategyResult['curve'] = []
  let lastPoint = -Infinity
  await strategy.start?.(ctx)
  for (let t = from; ; t = Math.min(t + stepMs, to)) {
    clock.set(t)
    ctx.now = t
    await exchange.advanceTo(t)
    if (t - lastPoint >= 3_600_000 || t === to) {
      curve.push({ mts: t, earnings: exchange.stats(ds.currency).earnedNet })
      lastPoint = t
    }
    if (t >= to) break
    await strategy.step(ctx)
  }
  return strategyResult(exchange.stats(ds.currency), capital, from, to, downsample(curve, 400))
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
  const strategies = (opts.strategies ?? [...STRATEGY_NAMES]).map(buildStrategy)
  strategies.push(...(opts.extraStrategies ?? []))

  const results: Record<string, StrategyResult> = {}
  for (const s of strategies) results[s.name] = await runOne(ds, s, opts.capital, seed, from, to, stepMs)

  return {
    currency: ds.currency,
    capital: opts.capital,
    from,
    to,
    notes: [
      ...dataNotes(ds, window, spans),
      ...FILL_MODEL_NOTES,
      `Step ${stepMs / MIN} min, seed ${seed}, capital ${opts.capital} ${ds.currency}.`,
      ...strategies.map((s) => s.description),
      ...strategies.flatMap((s) => s.notes?.() ?? [])
    ],
    strategies: results
  }
}

/** Load `dataDir` and backtest `currency` on it. The app's backtest page calls this. */
export async function runBacktest(opts: RunBacktestOptions): Promise<BacktestReport> {
  const ds = await loadCurrencyDataset(opts.dataDir, opts.currency)
  return runBacktestOnDataset(ds, opts)
}
