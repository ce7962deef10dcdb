// A MarketFeed over live public data: anything with the port's marketSnapshot method (the Bitfinex
// adapter, or the local test exchange). Paper mode uses it so a user can try IBRR with no key. It
// remembers what it has seen (trades by id, books by time, FRR readings) to answer activity queries.
import type { Candle, Currency, FrrPoint, FundingTrade, MarketSnapshot } from '../../../shared/domain'
import { tradeSlice, windowed, type BookObservation, type MarketActivity, type MarketFeed } from './feed'

export interface SnapshotSource {
  marketSnapshot(currency: Currency): Promise<MarketSnapshot>
}

interface LiveFeedOptions {
  /** Do not ask the source more often than this (public rate limits). */
  minRefreshMs?: number
  /** How much seen history to keep. */
  keepMs?: number
  /** Time source for refresh throttling (the caller's Clock); defaults to Date.now. */
  now?: () => number
}

export function createLiveFeed(source: SnapshotSource, currency: Currency, opts: LiveFeedOptions = {}): MarketFeed {
  const minRefresh = opts.minRefreshMs ?? 30_000
  const keep = opts.keepMs ?? 2 * 86_400_000
  const now = opts.now ?? (() => Date.now())
  let last: MarketSnapshot | null = null
  let lastFetchAt = -Infinity
  const books: BookObservation[] = []
  const trades = new Map<number, FundingTrade>()
  const frr: FrrPoint[] = []

  async function refresh(): Promise<MarketSnapshot> {
    const at = now()
    if (last && at - lastFetchAt < minRefresh) return last
    const snap = await source.marketSnapshot(currency)
    lastFetchAt = at
    last = snap
    if (!books.length || books[books.length - 1].mts < snap.takenAt) books.push({ mts: snap.takenAt, book: snap.book })
    for (const t of snap.trades) trades.set(t.id, t)
    if (snap.ticker.frr > 0) frr.push({ mts: snap.takenAt, frrDaily: snap.ticker.frr })
    const cutoff = snap.takenAt - keep
    while (books.length && books[0].mts < cutoff) books.shift()
    for (const [id, t] of trades) if (t.mts < cutoff) trades.delete(id)
    while (frr.length && frr[0].mts < cutoff) frr.shift()
    return snap
  }

  const sortedTrades = () => [...trades.values()].sort((a, b) => a.mts - b.mts || a.id - b.id)

  return {
    currency,
    async snapshot() {
      return refresh()
    },
    async bookAt() {
      await refresh()
      return books[books.length - 1] ?? null
    },
    async activity(t0, t1): Promise<MarketActivity> {
      await refresh()
      return {
        from: t0,
        to: t1,
        books: books.filter((b) => b.mts > t0 && b.mts <= t1),
        volume: sortedTrades()
          .filter((t) => t.mts > t0 && t.mts <= t1)
          .map(tradeSlice),
        frr: frr.length ? frr[frr.length - 1].frrDaily : null
      }
    },
    async frrAt() {
      const s = await refresh()
      return s.ticker.frr > 0 ? s.ticker.frr : null
    },
    async frrQueueAt() {
      const s = await refresh()
      return s.ticker.frrAmountAvailable > 0 ? s.ticker.frrAmountAvailable : null
    },
    async candles(t, o = {}): Promise<Candle[]> {
      const s = await refresh()
      return o.timeframe === '1m' ? [] : windowed(s.candles, t, o)
    },
    async trades(t, o = {}) {
      await refresh()
      return windowed(sortedTrades(), t, o)
    },
    async frrHistory(t, o = {}) {
      await refresh()
      return windowed(frr, t, o)
    }
  }
}
