// A backtest strategy acts only through the FundingExchange port of its own simulated exchange, the
// way the real loop would. Only the oracle also reads the future from the feed (that is its point);
// the hindsight bound (bound.ts) is computed from the feed, not run as a strategy.
import type { Currency } from '../../../shared/domain'
import type { MarketFeed, SimulatedExchange, FrrFillAssumption } from '../../exchange/simulated'

export interface StrategyContext {
  exchange: SimulatedExchange
  feed: MarketFeed
  currency: Currency
  symbol: string
  capital: number
  /** Current simulated time. */
  now: number
  /** Time between steps. */
  stepMs: number
  /** End of the replayed window. */
  end: number
  /**
   * Ids of the loans the account held at the window's start (run.ts startingLoans, e.g. the real bot's
   * inherited credits). They hold capital like any loan, but were chosen for surviving to a snapshot after
   * the window, so a strategy that learns loan lives must not learn from them (ibrr.ts).
   */
  inheritedLoanIds: ReadonlySet<number>
}

export interface Strategy {
  name: string
  /** One sentence for the report notes. */
  description: string
  /** FRR-offer fill assumption of the exchange this strategy runs on (default: the FRR queue, R8). */
  frrFill?: FrrFillAssumption
  start?(ctx: StrategyContext): Promise<void>
  step(ctx: StrategyContext): Promise<void>
  /** Sentences about the run for the report (errors met, offers refused). */
  notes?(): string[]
}
