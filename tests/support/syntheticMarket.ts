// A synthetic hourly funding market for backtest tests: candles whose rate follows a slow wave, a book
// snapshot a minute into every hour with asks stepping up from the wave and the bids a test chooses.
import type { BookLevel, Candle } from '../../src/shared/domain'

export const HOUR_MS = 3_600_000

export interface SyntheticMarketOptions {
  start: number
  hours: number
  /** Hours per radian of the rate wave. */
  waveHours: number
  /** Amplitude of the wave around 0.00018/day. */
  amplitude: number
  candleVolume: number
  /** Candle high as a multiple of its open. */
  highFactor: number
  askLevels: number
  askAmount: number
  bids: (base: number, hour: number) => BookLevel[]
  /** Multiplies rates at time t (tests that change the market from some moment on). */
  rateScale?: (t: number) => number
  volumeScale?: (t: number) => number
}

export const level = (rate: number, period: number, amount: number, count = 1): BookLevel => ({ rate, period, count, amount })

export function syntheticMarket(o: SyntheticMarketOptions): { candles1h: Candle[]; books: { mts: number; book: { asks: BookLevel[]; bids: BookLevel[] } }[] } {
  const candles1h: Candle[] = []
  const books = []
  for (let i = 0; i < o.hours; i++) {
    const t = o.start + i * HOUR_MS
    const base = (0.00018 + o.amplitude * Math.sin(i / o.waveHours)) * (o.rateScale?.(t) ?? 1)
    candles1h.push({ mts: t, open: base, close: base * 1.02, high: base * o.highFactor, low: base * 0.8, volume: o.candleVolume * (o.volumeScale?.(t) ?? 1) })
    books.push({
      mts: t + 60_000,
      book: { asks: Array.from({ length: o.askLevels }, (_, k) => level(base * (1 + k * 0.05), 2, o.askAmount)), bids: o.bids(base, i) }
    })
  }
  return { candles1h, books }
}

/** The small market most backtest tests replay: 72 hours, a long 120-day bid and a short one under the asks. */
export const TINY_MARKET = (start: number): SyntheticMarketOptions => ({
  start,
  hours: 72,
  waveHours: 5,
  amplitude: 0.00004,
  candleVolume: 2e6,
  highFactor: 1.3,
  askLevels: 5,
  askAmount: 20_000,
  bids: (base) => [level(0.00025, 120, 5e6, 9), level(base * 0.9, 2, 50_000)]
})
