// The test exchange's built-in market: a deterministic function of (seed, symbol, time), generated
// here, not copied from real data. Any hour can be asked for, so candle/stats/trade history queries
// with start/end/limit/sort work for any range without storing anything. setMarket() overrides pieces.
import type { Candle, FundingBook, FundingTicker, FundingTrade } from '../../src/shared/domain'

export const HOUR = 3_600_000
export const MINUTE = 60_000
/** Generated history starts here (sort=+1 without start begins at this hour). */
const HISTORY_EPOCH = Date.UTC(2020, 0, 1)

/** funding/stats row in Bitfinex units: frr is the daily FRR / 365. */
export interface StatRow {
  mts: number
  frr: number
  avgPeriod: number
  fundingAmount: number
  fundingAmountUsed: number
  fundingBelowThreshold: number
}

export interface MarketOverrides {
  ticker?: FundingTicker
  book?: FundingBook
  trades?: FundingTrade[]
  /** Hourly candles (used for 1h queries). */
  candles?: Candle[]
  stats?: StatRow[]
}

const BASE_RATE: Record<string, number> = { fUSD: 0.0002, fUST: 0.00015, fBTC: 0.00002, fETH: 0.00003 }
const SIZE_SCALE: Record<string, number> = { fUSD: 1, fUST: 1, fBTC: 1 / 60_000, fETH: 1 / 3_000 }
const PERIODS = [2, 2, 2, 3, 7, 7, 14, 30, 30, 60, 90, 120]

/** Stateless hash → [0,1): the same (seed, symbol, a, b) always gives the same number. */
function noise(seed: number, symbol: string, a: number, b = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < symbol.length; i++) h = fmix(h ^ symbol.charCodeAt(i))
  h = fmix(h ^ Math.floor(a / MINUTE))
  h = fmix(h ^ Math.imul(b + 1, 0x9e3779b1))
  return h / 4294967296
}

/** murmur3's finalizer: every input bit affects every output bit. */
function fmix(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const hourOf = (mts: number) => Math.floor(mts / HOUR) * HOUR
const round8 = (n: number) => Math.round(n * 1e8) / 1e8

export class GeneratedMarket {
  readonly overrides: MarketOverrides = {}

  constructor(
    readonly seed: number,
    readonly symbol: string
  ) {}

  private base(): number {
    return BASE_RATE[this.symbol] ?? 0.0001
  }

  /** Daily rate traded in the hour starting at `hour`: weekly cycle, hourly noise, rare spikes. */
  rateAt(hour: number): number {
    const weekly = Math.sin((2 * Math.PI * hour) / (168 * HOUR))
    const n = noise(this.seed, this.symbol, hour, 1)
    const spike = noise(this.seed, this.symbol, hour, 2) > 0.985 ? 2.5 : 1
    return round8(this.base() * (1 + 0.25 * weekly + 0.3 * (n - 0.5)) * spike)
  }

  frrDailyAt(mts: number): number {
    const h = hourOf(mts)
    return round8(((this.rateAt(h - HOUR) + this.rateAt(h - 2 * HOUR) + this.rateAt(h - 3 * HOUR)) / 3) * 1.05)
  }

  candleAt(hour: number): Candle {
    const open = this.rateAt(hour - HOUR)
    const close = this.rateAt(hour)
    const high = round8(Math.max(open, close) * (1 + 0.3 * noise(this.seed, this.symbol, hour, 3)))
    const low = round8(Math.min(open, close) * (1 - 0.4 * noise(this.seed, this.symbol, hour, 4)))
    const volume = Math.round(6e6 * (0.4 + noise(this.seed, this.symbol, hour, 5)) * (SIZE_SCALE[this.symbol] ?? 1) * 1e4) / 1e4
    return { mts: hour, open, close, high, low, volume }
  }

  statAt(hour: number): StatRow {
    const n = (k: number) => noise(this.seed, this.symbol, hour, 10 + k)
    const fundingAmount = Math.round(5.5e9 * (1 + 0.05 * Math.sin((2 * Math.PI * hour) / (720 * HOUR))) * (SIZE_SCALE[this.symbol] ?? 1))
    return {
      // Like the real feed: one row a few minutes past each hour.
      mts: hour + 5 * MINUTE,
      frr: this.frrDailyAt(hour) / 365,
      avgPeriod: Math.round((40 + 60 * n(0)) * 100) / 100,
      fundingAmount,
      fundingAmountUsed: Math.round(fundingAmount * (0.97 + 0.025 * n(1))),
      fundingBelowThreshold: Math.round(fundingAmount * (0.1 + 0.05 * n(2)))
    }
  }

  tradesInHour(hour: number): FundingTrade[] {
    const count = 3 + Math.floor(noise(this.seed, this.symbol, hour, 20) * 6)
    const rate = this.rateAt(hour)
    const out: FundingTrade[] = []
    for (let i = 0; i < count; i++) {
      const n = (k: number) => noise(this.seed, this.symbol, hour, 100 + i * 10 + k)
      const size = (200 + n(1) * 40_000) * (SIZE_SCALE[this.symbol] ?? 1)
      out.push({
        id: (hour / HOUR) * 16 + i,
        mts: hour + Math.floor(((i + n(0)) / count) * HOUR),
        amount: round8(n(2) < 0.5 ? -size : size),
        rate: round8(rate * (0.9 + 0.2 * n(3))),
        period: PERIODS[Math.floor(n(4) * PERIODS.length)]
      })
    }
    return out
  }

  // --- queries -------------------------------------------------------------------------------------

  candles(q: RangeQuery, now: number, timeframe: '1m' | '1h'): Candle[] {
    if (timeframe === '1h' && this.overrides.candles) return pickRange(this.overrides.candles, q, now)
    const step = timeframe === '1h' ? HOUR : MINUTE
    const make = (t: number): Candle => (timeframe === '1h' ? this.candleAt(t) : this.minuteCandle(t))
    return walk(q, now, step, (t) => [make(t)])
  }

  stats(q: RangeQuery, now: number): StatRow[] {
    if (this.overrides.stats) return pickRange(this.overrides.stats, q, now)
    return walk(q, now, HOUR, (h) => [this.statAt(h)])
  }

  trades(q: RangeQuery, now: number): FundingTrade[] {
    if (this.overrides.trades) return pickRange(this.overrides.trades, q, now)
    return walk(q, now, HOUR, (h) => this.tradesInHour(h))
  }

  private minuteCandle(minute: number): Candle {
    const r = this.rateAt(hourOf(minute))
    const w = (k: number) => 1 + 0.1 * (noise(this.seed, this.symbol, minute, 200 + k) - 0.5)
    const open = round8(r * w(0))
    const close = round8(r * w(1))
    return { mts: minute, open, close, high: Math.max(open, close), low: Math.min(open, close), volume: Math.round(1e5 * w(2)) }
  }

  ticker(now: number): FundingTicker {
    if (this.overrides.ticker) return this.overrides.ticker
    const h = hourOf(now)
    const rate = this.rateAt(h)
    const day = Array.from({ length: 24 }, (_, i) => this.candleAt(h - i * HOUR))
    const last = this.tradesInHour(h).filter((t) => t.mts <= now).pop() ?? this.tradesInHour(h - HOUR).pop()!
    const scale = SIZE_SCALE[this.symbol] ?? 1
    const prev = this.rateAt(h - 24 * HOUR)
    return {
      frr: this.frrDailyAt(now),
      bid: round8(rate * 0.95),
      bidPeriod: 30,
      bidSize: Math.round(8e7 * scale),
      ask: round8(rate),
      askPeriod: 2,
      askSize: Math.round(3e7 * scale),
      dailyChange: round8(rate - prev),
      dailyChangePerc: Math.round(((rate - prev) / prev) * 1e4) / 1e4,
      lastPrice: last.rate,
      volume: Math.round(day.reduce((s, c) => s + c.volume, 0)),
      high: Math.max(...day.map((c) => c.high)),
      low: Math.min(...day.map((c) => c.low)),
      frrAmountAvailable: Math.round(2e6 * scale)
    }
  }

  /** Aggregated book with signed amounts (Bitfinex funding convention: > 0 ask, < 0 bid). */
  bookLevels(now: number, len: number): Array<{ rate: number; period: number; count: number; amount: number }> {
    if (this.overrides.book) {
      return [
        ...this.overrides.book.asks.slice(0, len).map((l) => ({ ...l })),
        ...this.overrides.book.bids.slice(0, len).map((l) => ({ ...l, amount: -l.amount }))
      ]
    }
    const h = hourOf(now)
    const rate = this.rateAt(h)
    const scale = SIZE_SCALE[this.symbol] ?? 1
    const levels: Array<{ rate: number; period: number; count: number; amount: number }> = []
    for (let i = 0; i < len; i++) {
      const n = (k: number) => noise(this.seed, this.symbol, h, 300 + i * 8 + k)
      levels.push({
        rate: round8(rate * (1 + 0.01 * i)),
        period: PERIODS[Math.floor(n(0) * PERIODS.length)],
        count: 1 + Math.floor(n(1) * 20),
        amount: Math.round((5e4 + n(2) * 3e6) * scale * 1e4) / 1e4
      })
    }
    for (let i = 0; i < len; i++) {
      const n = (k: number) => noise(this.seed, this.symbol, h, 5000 + i * 8 + k)
      levels.push({
        rate: round8(rate * 0.95 * (1 - 0.01 * i)),
        period: [30, 30, 60, 120][Math.floor(n(0) * 4)],
        count: 1 + Math.floor(n(1) * 5),
        amount: -Math.round((1e5 + n(2) * 2e7) * scale * 1e4) / 1e4
      })
    }
    return levels
  }
}

export interface RangeQuery {
  start?: number
  end?: number
  limit: number
  /** -1 newest first (Bitfinex default), +1 oldest first. */
  sort: 1 | -1
}

function pickRange<T extends { mts: number }>(rows: T[], q: RangeQuery, now: number): T[] {
  const start = q.start ?? -Infinity
  const end = Math.min(q.end ?? now, now)
  const inRange = rows.filter((r) => r.mts >= start && r.mts <= end).sort((a, b) => (a.mts - b.mts) * q.sort)
  return inRange.slice(0, q.limit)
}

/** Generates rows bucket by bucket from the right end of the range, stopping at `limit`. */
function walk<T extends { mts: number }>(q: RangeQuery, now: number, step: number, gen: (bucket: number) => T[]): T[] {
  const start = Math.max(q.start ?? HISTORY_EPOCH, HISTORY_EPOCH)
  const end = Math.min(q.end ?? now, now)
  if (end < start) return []
  const out: T[] = []
  const inRange = (r: T) => r.mts >= start && r.mts <= end
  if (q.sort === -1) {
    for (let b = Math.floor(end / step) * step; b >= Math.floor(start / step) * step && out.length < q.limit; b -= step)
      out.push(...gen(b).filter(inRange).sort((x, y) => y.mts - x.mts))
  } else {
    for (let b = Math.floor(start / step) * step; b <= end && out.length < q.limit; b += step)
      out.push(...gen(b).filter(inRange).sort((x, y) => x.mts - y.mts))
  }
  return out.slice(0, q.limit)
}
