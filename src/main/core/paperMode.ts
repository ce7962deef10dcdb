// Paper mode: the real loop and IBRR against the simulated exchange, with no key. The market is live
// public data (where there is internet) or a recorded folder replayed from its start at real speed, so a
// user can watch IBRR work before trusting it with money.
import type { Clock } from './clock'
import type { Currency } from '../../shared/domain'
import { CURRENCIES } from '../../shared/domain'
import {
  createLiveFeed,
  createReplayFeed,
  createSimulatedExchange,
  loadCurrencyDataset,
  type MarketFeed,
  type SimulatedExchange,
  type SnapshotSource
} from '../exchange/simulated'

/** Paper balances: enough to ladder several offers above Bitfinex's 150 USD minimum. */
export const PAPER_BALANCES: Partial<Record<Currency, number>> = { USD: 10_000, UST: 10_000, BTC: 0.1, ETH: 3 }

export interface PaperExchange {
  exchange: SimulatedExchange
  /** Bring the simulation up to the present (fills, interest, returned loans). */
  sync(): Promise<void>
}

/** A clock that reads the recorded folder's time: it starts at the data's start and runs at real speed. */
function replayClock(base: Clock, dataStart: number): Clock {
  const offset = dataStart - base.now()
  return { ...base, now: () => base.now() + offset }
}

export async function createPaperExchange(opts: { clock: Clock; publicSource: SnapshotSource; dataDir?: string }): Promise<PaperExchange> {
  let clock = opts.clock
  let feeds: MarketFeed[]
  if (opts.dataDir) {
    const datasets = []
    for (const c of CURRENCIES) {
      const ds = await loadCurrencyDataset(opts.dataDir, c).catch(() => null)
      if (ds && (ds.books.length > 0 || ds.candles1h.length > 0)) datasets.push(ds)
    }
    if (datasets.length === 0) throw new Error(`No recorded funding data in ${opts.dataDir}.`)
    const start = Math.min(...datasets.map((d) => Math.min(d.books[0]?.mts ?? Infinity, d.candles1h[0]?.mts ?? Infinity)))
    clock = replayClock(opts.clock, start)
    feeds = datasets.map((d) => createReplayFeed(d))
  } else {
    feeds = CURRENCIES.map((c) => createLiveFeed(opts.publicSource, c, { now: () => opts.clock.now() }))
  }
  const balances = Object.fromEntries(feeds.map((f) => [f.currency, PAPER_BALANCES[f.currency] ?? 0]))
  const exchange = createSimulatedExchange({ feed: feeds, clock, balances, seed: 1 })
  return { exchange, sync: () => exchange.sync() }
}
