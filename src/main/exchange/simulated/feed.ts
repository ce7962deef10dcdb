// The market-feed port of the simulated exchange: what the market looked like at a moment, and what
// traded between two moments. Replay feeds read a recorded folder; live feeds poll the public API
// through any object with a marketSnapshot method, so paper mode can run on today's market.
import type { Candle, Currency, FrrPoint, FundingBook, FundingTrade, MarketSnapshot } from '../../../shared/domain'

/** Traded volume spread evenly over a rate interval [lo, hi]; lo === hi is volume at one rate. */
export interface VolumePiece {
  lo: number
  hi: number
  volume: number
}

/** Borrowers' demand that was met in the market around one moment, as the fill model consumes it. */
export interface VolumeSlice {
  /** When it traded (mid-point of the covered time for candles). */
  mts: number
  /** The demand's period in days; offers fill it only when their period is at least this. */
  period: number
  pieces: VolumePiece[]
  source: 'trade' | 'candle-1m' | 'candle-1h' | 'candle-imputed'
  /** Names the demand, so loan-life draws are the same for every strategy that meets it. */
  key: string
}

/** A book snapshot that appeared during an interval: resting offers may match its bids. */
export interface BookObservation {
  mts: number
  book: FundingBook
}

export interface MarketActivity {
  from: number
  to: number
  /** Book snapshots taken in (from, to], oldest first. */
  books: BookObservation[]
  /** Volume that traded in (from, to], oldest first. */
  volume: VolumeSlice[]
  /** Daily FRR at `to`, or null when unknown. */
  frr: number | null
}

export interface MarketFeed {
  readonly currency: Currency
  /** What a client would have seen at time t (nothing from after t). */
  snapshot(t: number): Promise<MarketSnapshot>
  /** The book visible at t, or null when there is none (or it is too old to trust). */
  bookAt(t: number): Promise<BookObservation | null>
  /** Market activity in (t0, t1], consumed by the fill model. */
  activity(t0: number, t1: number): Promise<MarketActivity>
  /** Daily FRR published at or before t, or null before the first one (never a later value). */
  frrAt(t: number): Promise<number | null>
  /** Amount queued at FRR (ticker FRR_AMOUNT_AVAILABLE) as last seen at t, or null when unknown. */
  frrQueueAt(t: number): Promise<number | null>
  candles(t: number, opts?: { timeframe?: '1m' | '1h'; limit?: number; start?: number; end?: number }): Promise<Candle[]>
  trades(t: number, opts?: { limit?: number; start?: number; end?: number }): Promise<FundingTrade[]>
  frrHistory(t: number, opts?: { limit?: number; start?: number; end?: number }): Promise<FrrPoint[]>
}

/** One trade as demand met at its own rate and period. */
export function tradeSlice(t: FundingTrade): VolumeSlice {
  return { mts: t.mts, period: t.period, pieces: [{ lo: t.rate, hi: t.rate, volume: Math.abs(t.amount) }], source: 'trade', key: `trade:${t.id}` }
}

/** Apply start/end/limit the way Bitfinex's hist endpoints do (newest `limit` within the range). */
export function windowed<T extends { mts: number }>(items: T[], t: number, opts: { limit?: number; start?: number; end?: number } = {}, defaultLimit = 120): T[] {
  const end = Math.min(t, opts.end ?? Infinity)
  const start = opts.start ?? -Infinity
  const inRange = items.filter((x) => x.mts >= start && x.mts <= end)
  const limit = opts.limit ?? defaultLimit
  return inRange.slice(Math.max(0, inRange.length - limit))
}
