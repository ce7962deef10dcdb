// Paper mode: the real loop and IBRR against the simulated exchange, with no key. The market is live
// public data (where there is internet) or a recorded folder replayed from its start at real speed, so a
// user can watch IBRR work before trusting it with money.
//
// One clock for everything the user sees: the simulated exchange runs on the app's own (wall) clock, and
// a recorded folder is shifted so that its first moment is "now". Offers, loans and payments then carry
// ordinary timestamps, and ages and "time left" are right in the dashboard and in IBRR's stale-offer rule.
import { z } from 'zod'
import type { Clock } from '../platform/clock'
import type { Currency } from '../../shared/domain'
import { CURRENCIES, currencySchema } from '../../shared/domain'
import {
  createLiveFeed,
  createReplayFeed,
  createSimulatedExchange,
  loadCurrencyDataset,
  type MarketFeed,
  type SimulatedExchange,
  type SnapshotSource
} from '../exchange/simulated'
import type { SnapshotStore } from './storage/snapshotStore'

/** Paper balances: enough to ladder several offers above Bitfinex's 150 USD minimum. */
export const PAPER_BALANCES: Partial<Record<Currency, number>> = { USD: 10_000, UST: 10_000, BTC: 0.1, ETH: 3 }

/** What is kept of the paper account between runs: each currency's money (wallet + offered + lent). */
export const paperBalancesSchema = z.partialRecord(currencySchema, z.number().nonnegative())
type PaperBalances = z.infer<typeof paperBalancesSchema>

export interface PaperExchange {
  exchange: SimulatedExchange
  /** Bring the simulation up to the present (fills, interest, returned loans). */
  sync(): Promise<void>
  /** Remember the account's money for the next start. */
  save(): Promise<void>
}

/**
 * A recorded feed moved in time by `offset` (recorded time = app time + offset): asked about app time t it
 * answers for t + offset, and every timestamp it returns is moved back into app time.
 */
function shiftedFeed(feed: MarketFeed, offset: number): MarketFeed {
  const back = <T extends { mts: number }>(x: T): T => ({ ...x, mts: x.mts - offset })
  const range = <O extends { start?: number; end?: number }>(o?: O): O | undefined =>
    o && { ...o, start: o.start === undefined ? undefined : o.start + offset, end: o.end === undefined ? undefined : o.end + offset }
  return {
    currency: feed.currency,
    async snapshot(t) {
      const s = await feed.snapshot(t + offset)
      return { ...s, takenAt: s.takenAt - offset, trades: s.trades.map(back), candles: s.candles.map(back) }
    },
    async bookAt(t) {
      const b = await feed.bookAt(t + offset)
      return b && back(b)
    },
    async activity(t0, t1) {
      const a = await feed.activity(t0 + offset, t1 + offset)
      return { ...a, from: a.from - offset, to: a.to - offset, books: a.books.map(back), volume: a.volume.map(back) }
    },
    frrAt: (t) => feed.frrAt(t + offset),
    frrQueueAt: (t) => feed.frrQueueAt(t + offset),
    candles: async (t, o) => (await feed.candles(t + offset, range(o))).map(back),
    trades: async (t, o) => (await feed.trades(t + offset, range(o))).map(back),
    frrHistory: async (t, o) => (await feed.frrHistory(t + offset, range(o))).map(back)
  }
}

export async function createPaperExchange(opts: {
  clock: Clock
  publicSource: SnapshotSource
  dataDir?: string
  /** Where the account's money is kept between runs; without it every start begins at PAPER_BALANCES. */
  saved?: SnapshotStore<PaperBalances>
}): Promise<PaperExchange> {
  let feeds: MarketFeed[]
  if (opts.dataDir) {
    const datasets = []
    for (const c of CURRENCIES) {
      const ds = await loadCurrencyDataset(opts.dataDir, c).catch(() => null)
      if (ds && (ds.books.length > 0 || ds.candles1h.length > 0)) datasets.push(ds)
    }
    if (datasets.length === 0) throw new Error(`No recorded funding data in ${opts.dataDir}.`)
    const start = Math.min(...datasets.map((d) => Math.min(d.books[0]?.mts ?? Infinity, d.candles1h[0]?.mts ?? Infinity)))
    const offset = start - opts.clock.now()
    feeds = datasets.map((d) => shiftedFeed(createReplayFeed(d), offset))
  } else {
    feeds = CURRENCIES.map((c) => createLiveFeed(opts.publicSource, c, { now: () => opts.clock.now() }))
  }
  const saved = opts.saved?.get() ?? {}
  // A restart keeps the money, not the open offers and loans: those are simulated, and the simulation
  // cannot go on while the app is closed, so their amounts come back to the wallet for IBRR to lend again.
  const balances = Object.fromEntries(feeds.map((f) => [f.currency, saved[f.currency] ?? PAPER_BALANCES[f.currency] ?? 0]))
  const exchange = createSimulatedExchange({ feed: feeds, clock: opts.clock, balances, seed: 1 })
  return {
    exchange,
    sync: () => exchange.sync(),
    async save() {
      if (!opts.saved) return
      const out: PaperBalances = {}
      for (const f of feeds) {
        const [balance, offers, loans] = await Promise.all([
          exchange.lendableBalance(f.currency),
          exchange.activeOffers(f.currency),
          exchange.activeLoans(f.currency)
        ])
        const wallet = balance.readable ? balance.amount : 0
        out[f.currency] = wallet + offers.reduce((s, o) => s + o.amount, 0) + loans.reduce((s, l) => s + l.amount, 0)
      }
      opts.saved.set(out)
      // save() is itself the once-per-cycle (and shutdown) write point.
      opts.saved.flush()
    }
  }
}
