// How the backtest's strategies are named for people: plain words, never the engine's ids.
import { BACKTEST_STRATEGIES, type BacktestStrategy } from '../../../shared/contract'

export const STRATEGY_LABEL: Record<BacktestStrategy, string> = {
  ibrr: 'LendPace (IBRR)',
  frr: 'Bitfinex auto-renew at FRR',
  'frr-optimistic': 'Auto-renew, if every FRR offer filled at once',
  ladder: 'Rate ladder (a simple bot)',
  mika: 'MikaLendingBot defaults (a simple bot)',
  undercut: 'Just below the cheapest offer (a simple bot)',
  lendingbot: 'A real bot’s own settings (staged repricing per pool)',
  oracle: 'A lender who sees the future',
  bound: 'The most any lender could have earned'
}

/** One line under each checkbox: what the strategy stands for in the comparison. */
export const STRATEGY_HINT: Record<BacktestStrategy, string> = {
  ibrr: 'What this app does with your money.',
  frr: 'What Bitfinex does if you only switch on auto-renew: the baseline to beat.',
  'frr-optimistic': 'A what-if that flatters auto-renew; not a real alternative.',
  ladder: 'Splits the money over a few rising rates.',
  mika: 'A popular open-source bot, as it comes.',
  undercut: 'Always offers one step cheaper than everyone else.',
  lendingbot: 'A real bot’s settings, read from its record in the data folder and replayed here.',
  oracle: 'Knows tomorrow’s rates; no real bot can.',
  bound: 'A ceiling in hindsight, not a strategy: shown as a number, not a line.'
}

export const strategyLabel = (name: string): string => STRATEGY_LABEL[name as BacktestStrategy] ?? name

export const ALL_STRATEGIES: readonly BacktestStrategy[] = BACKTEST_STRATEGIES
