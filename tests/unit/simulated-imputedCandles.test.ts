// R9: hours with a book but no recorded traded volume read stand-in candles, each a recorded hour's
// candle carried over to that hour's best ask (src/main/exchange/simulated/imputedCandles.ts), and their
// range per band (calibration/imputedCandles.ts). On the shared data: the real bot's fills on the
// books-only days, which nothing is fitted on, are the check.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryDataset, createReplayFeed, createSimulatedExchange, loadCurrencyDataset } from '../../src/main/exchange/simulated'
import { candleTemplates, imputedCandles, MIN_TEMPLATE_HOURS } from '../../src/main/exchange/simulated/imputedCandles'
import { fitImputedCandles, loadBotFills } from '../../src/main/exchange/simulated/calibration'
import { DEFAULT_MAX_BOOK_AGE_MS } from '../../src/main/exchange/simulated/replayFeed'
import { measureForBacktest } from '../../src/main/backtest'
import { validateAgainstBot, validationWindows } from '../../src/main/backtest/validation'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import type { Candle, FundingBook } from '../../src/shared/domain'

const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bitfinex')
const H = 3_600_000
const T0 = Date.UTC(2026, 6, 1)
const AGE = DEFAULT_MAX_BOOK_AGE_MS

const askBook = (ask: number, bid = ask / 2): FundingBook => ({ asks: [{ rate: ask, period: 2, count: 1, amount: 50_000 }], bids: [{ rate: bid, period: 2, count: 1, amount: -1_000 }] })
/** A book every hour (taken at minute 30) from hour `from` to hour `to` (exclusive), best ask `ask(h)`. */
const hourlyBooks = (from: number, to: number, ask: (h: number) => number) =>
  Array.from({ length: to - from }, (_, k) => ({ mts: T0 + (from + k) * H + H / 2, book: askBook(ask(from + k)) }))
/** Candles at hours [from, to): close at the ask, high 1.5×, volume growing with the hour (each hour tells). */
const hourlyCandles = (from: number, to: number, ask: number): Candle[] =>
  Array.from({ length: to - from }, (_, k) => ({ mts: T0 + (from + k) * H, open: ask, close: ask, high: 1.5 * ask, low: 0.8 * ask, volume: 1_000_000 + k }))

/** 48 books-only hours at a best ask of 0.0001, then 48 hours with books and candles at 0.0002. */
const dataset = () =>
  createMemoryDataset('USD', { books: hourlyBooks(0, 96, (h) => (h < 48 ? 0.0001 : 0.0002)), candles1h: hourlyCandles(48, 96, 0.0002) })

describe('stand-in candles for books-only hours (R9)', () => {
  it('templates are the recorded hours divided by the best ask of the book visible at their end', () => {
    const t = candleTemplates(dataset(), AGE)
    expect(t).toHaveLength(48)
    expect(t[0]).toMatchObject({ mts: T0 + 48 * H, open: 1, close: 1, high: 1.5, low: 0.8, volume: 1_000_000 })
  })

  it('fill every books-only hour before the first candle, at that hour’s best ask, drawn by seed and hour', () => {
    const ds = dataset()
    const t = candleTemplates(ds, AGE)
    const a = imputedCandles(ds, t, 1, { volume: 1, upperReach: 1 }, AGE)
    // Hour 0's book comes at minute 30, so it is visible at that hour's end: hours 0..47.
    expect(a.map((c) => c.mts)).toEqual(Array.from({ length: 48 }, (_, h) => T0 + h * H))
    for (const c of a) {
      expect(c.close).toBeCloseTo(0.0001, 15)
      expect(c.high).toBeCloseTo(0.00015, 15)
      expect(c.low).toBeCloseTo(0.00008, 15)
    }
    expect(imputedCandles(ds, t, 1, { volume: 1, upperReach: 1 }, AGE)).toEqual(a)
    const other = imputedCandles(ds, t, 2, { volume: 1, upperReach: 1 }, AGE)
    expect(other.map((c) => c.volume)).not.toEqual(a.map((c) => c.volume))
    // Every stand-in's volume is one recorded hour's.
    for (const c of [...a, ...other]) expect(t.some((x) => x.volume === c.volume)).toBe(true)
  })

  it('a band scales the volume and the high’s reach above the body, not the body', () => {
    const ds = dataset()
    const t = candleTemplates(ds, AGE)
    const base = imputedCandles(ds, t, 3, { volume: 1, upperReach: 1 }, AGE)
    const scaled = imputedCandles(ds, t, 3, { volume: 0.5, upperReach: 2 }, AGE)
    expect(scaled[0].volume).toBeCloseTo(base[0].volume / 2, 6)
    expect(scaled[0].high).toBeCloseTo(0.0001 + 2 * 0.00005, 12)
    expect(scaled[0].close).toBe(base[0].close)
  })

  it('none without enough recorded hours, or where no book is visible', () => {
    const few = createMemoryDataset('USD', { books: hourlyBooks(0, 96, () => 0.0001), candles1h: hourlyCandles(96 - MIN_TEMPLATE_HOURS + 1, 96, 0.0001) })
    expect(imputedCandles(few, candleTemplates(few, AGE), 1, { volume: 1, upperReach: 1 }, AGE)).toEqual([])
    // A 10-hour gap in the books: hours more than two hours after the last book get no stand-in.
    const gap = createMemoryDataset('USD', { books: [...hourlyBooks(0, 10, () => 0.0001), ...hourlyBooks(20, 96, () => 0.0001)], candles1h: hourlyCandles(48, 96, 0.0001) })
    const hours = imputedCandles(gap, candleTemplates(gap, AGE), 1, { volume: 1, upperReach: 1 }, AGE).map((c) => (c.mts - T0) / H)
    expect(hours.filter((h) => h >= 10 && h < 20)).toEqual([10])
  })

  it('the replay fills an offer above every bid of a books-only hour from them, and snapshots show them once closed; off, it waits', async () => {
    const run = async (imputation: { volume: number; upperReach: number } | null) => {
      const ds = dataset()
      const clock = new ManualClock(T0 + 2 * H)
      const feed = createReplayFeed(ds, { imputation })
      const ex = createSimulatedExchange({ feed, clock, balances: { USD: 1_000 }, seed: 1 })
      // Above the bid (0.00005), inside the stand-ins' body and wick (0.0001 … 0.00015).
      await ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 1_000, rate: 0.00012, period: 2 })
      clock.set(T0 + 4 * H)
      await ex.advanceTo(T0 + 4 * H)
      return { lent: (await ex.activeLoans('USD')).reduce((s, l) => s + l.amount, 0), candles: (await feed.snapshot(T0 + 4 * H)).candles.length }
    }
    // At hour 4 the stand-ins of hours 0–3 have closed (hour 3's at hour 4 itself), no later one.
    expect(await run({ volume: 1, upperReach: 1 })).toEqual({ lent: 1_000, candles: 4 })
    expect(await run(null)).toEqual({ lent: 0, candles: 0 })
  })

  it('the range is the halves’ medians over the whole’s: low the smaller, high the larger', () => {
    const t = candleTemplates(dataset(), AGE)
    const fit = fitImputedCandles(t)!
    expect(fit.hours).toBe(48)
    // Volume grows by 1 per hour over 48 hours: halves' medians 1e6 + 11.5 and 1e6 + 35.5 around 1e6 + 23.5.
    expect(fit.volumeScale.low).toBeCloseTo((1e6 + 11.5) / (1e6 + 23.5), 12)
    expect(fit.volumeScale.high).toBeCloseTo((1e6 + 35.5) / (1e6 + 23.5), 12)
    expect(fit.upperReachScale).toEqual({ low: 1, central: 1, high: 1 })
    expect(fitImputedCandles(t.slice(0, MIN_TEMPLATE_HOURS - 1))).toBeNull()
  })
})

describe.skipIf(!existsSync(SHARED_DATA))('stand-in candles on the shared fUSD data (../shared/data/bitfinex)', () => {
  it('ship the measured range, and bring the bot’s books-only waits (held out) within ±50 % in the central band', async () => {
    const ds = await loadCurrencyDataset(SHARED_DATA, 'USD')
    const fit = fitImputedCandles(candleTemplates(ds, AGE))!
    const shipped = FUSD_CALIBRATION.imputedCandles!
    expect(fit.hours).toBe(150)
    for (const k of ['low', 'high'] as const) {
      expect(fit.volumeScale[k]).toBeCloseTo(shipped.volumeScale[k], 3)
      expect(fit.upperReachScale[k]).toBeCloseTo(shipped.upperReachScale[k], 3)
    }
    const c = await measureForBacktest(SHARED_DATA, ds)
    const booksOnly = validationWindows(ds).find((w) => !w.complete)!
    const fills = (await loadBotFills(SHARED_DATA))!
    const rows = await validateAgainstBot(ds, fills, c.calibration, c.measurement!.loanLife, { from: booksOnly.from, to: booksOnly.to })
    const median = (p: number) => rows.find((r) => r.period === p)!
    // 2-day waits are read in 10-minute steps: the first step (10 min) against the bot's 13.
    for (const p of [2, 30]) {
      const r = median(p)
      expect(r.n).toBeGreaterThan(20)
      expect(Math.abs(r.predictedMedianWaitMin! - r.actualMedianWaitMin!) / r.actualMedianWaitMin!).toBeLessThan(0.5)
    }
    // Without them, the same offers wait days (the books' bids alone).
    const without = await validateAgainstBot(ds, fills, { ...c.calibration, imputedCandles: { volumeScale: { low: 0, central: 0, high: 0 }, upperReachScale: { low: 1, central: 1, high: 1 } } }, c.measurement!.loanLife, { from: booksOnly.from, to: booksOnly.to })
    expect(without.find((r) => r.period === 2)!.predictedMedianWaitMin).toBeGreaterThan(600)
  }, 120_000)
})
