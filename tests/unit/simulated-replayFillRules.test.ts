// The fill model on hand-made tiny datasets, through the real simulated exchange and replay feed.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { ExchangeError } from '../../src/main/exchange/errors'
import { createMemoryDataset, createReplayFeed, createSimulatedExchange, replayFillRules, type MemoryDatasetParts } from '../../src/main/exchange/simulated'
import { FUSD_CALIBRATION, type MarketCalibration } from '../../src/shared/calibration'
import type { BookLevel, Candle } from '../../src/shared/domain'
import { createLoanLifeModel } from '../../src/main/exchange/simulated/loanLifeModel'

const H = 3_600_000
const T0 = Date.UTC(2026, 7, 1, 0, 0) // midnight, so payouts fall on whole days
const lvl = (rate: number, period: number, amount: number): BookLevel => ({ rate, period, count: 1, amount })
const candle = (mts: number, low: number, high: number, volume: number, open = low, close = high): Candle => ({ mts, open, close, high, low, volume })

function setup(parts: MemoryDatasetParts, opts: { balance?: number; seed?: number; frrFill?: 'queue' | 'optimistic'; calibration?: MarketCalibration } = {}) {
  const clock = new ManualClock(T0)
  const feed = createReplayFeed(createMemoryDataset('USD', parts))
  const ex = createSimulatedExchange({ feed, clock, balances: { USD: opts.balance ?? 10_000 }, seed: opts.seed ?? 7, frrFill: opts.frrFill, calibration: opts.calibration })
  const at = async (t: number) => {
    clock.set(t)
    await ex.advanceTo(t)
  }
  const limit = (amount: number, rate: number, period = 2) => ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount, rate, period })
  const lent = async () => (await ex.activeLoans('USD')).reduce((s, l) => s + l.amount, 0)
  return { clock, ex, at, limit, lent }
}

describe('volume arithmetic (R2, R5)', () => {
  it('counts volume strictly above a rate, spreading each piece evenly', () => {
    const pieces = replayFillRules.candlePieces(candle(0, 0.0001, 0.0003, 1000, 0.0002, 0.0002), { upperWickShare: 0.25, lowerWickShare: 0.25 })
    // body is a point at 0.0002 (500), upper wick 0.0002..0.0003 (250), lower wick 0.0001..0.0002 (250)
    expect(replayFillRules.volumeAbove(pieces, 0.00015)).toBeCloseTo(500 + 375, 6)
    expect(replayFillRules.volumeAbove(pieces, 0.0002)).toBeCloseTo(250, 6)
    expect(replayFillRules.volumeAt(pieces, 0.0002)).toBeCloseTo(500, 6)
    expect(replayFillRules.volumeAbove(pieces, 0.0003)).toBe(0)
  })
})

describe('fills from traded volume', () => {
  it('fills an offer when the market trades above its rate after it was placed, not before', async () => {
    // Hour 0 trades far above 0.0002; hour 2 too. An offer placed at 1h must wait for hour 2.
    const { at, limit, lent, ex } = setup({ candles1h: [candle(T0, 0.0003, 0.0004, 1e6), candle(T0 + 2 * H, 0.0003, 0.0004, 1e6)] })
    await at(T0 + H)
    await limit(1000, 0.0002)
    await at(T0 + 2 * H)
    expect(await lent()).toBe(0)
    await at(T0 + 3 * H)
    expect(await lent()).toBeCloseTo(1000, 6)
    const [loan] = await ex.activeLoans('USD')
    expect(loan.rate).toBe(0.0002) // at our own rate
  })

  it('fills partially by traded volume', async () => {
    // 600 traded above the rate over the hour: a 1000 offer fills 600 and stays on the book with 400.
    const { at, limit, lent, ex } = setup({ candles1h: [candle(T0 + H, 0.0003, 0.0003, 600)] })
    await limit(1000, 0.0002)
    await at(T0 + 2 * H)
    expect(await lent()).toBeCloseTo(600, 6)
    const [offer] = await ex.activeOffers('USD')
    expect(offer.amount).toBeCloseTo(400, 6)
    expect(offer.status).toBe('PARTIALLY FILLED')
  })

  it('fills at its own rate only after the depth ahead of it at that rate is consumed', async () => {
    const trades = [
      { id: 1, mts: T0 + 10 * 60_000, amount: -700, rate: 0.0002, period: 2 },
      { id: 2, mts: T0 + 20 * 60_000, amount: -500, rate: 0.0002, period: 2 },
      { id: 3, mts: T0 + 30 * 60_000, amount: -900, rate: 0.0002, period: 2 }
    ]
    const books = [{ mts: T0, book: { asks: [lvl(0.0002, 2, 1000), lvl(0.00019, 2, 5000)], bids: [lvl(0.0001, 2, 500)] } }]
    const { at, limit, lent } = setup({ trades, books })
    await limit(1000, 0.0002)
    await at(T0 + 15 * 60_000)
    expect(await lent()).toBe(0) // 700 of the 1000 ahead consumed
    await at(T0 + 25 * 60_000)
    expect(await lent()).toBeCloseTo(200, 6) // 300 more ahead, then 200 to us
    await at(T0 + 35 * 60_000)
    expect(await lent()).toBeCloseTo(1000, 6)
  })
})

describe('fills from book bids and the period rule (R1, R4)', () => {
  const books = [{ mts: T0, book: { asks: [lvl(0.00015, 2, 4000)], bids: [lvl(0.0003, 120, 50_000), lvl(0.0002, 2, 10_000)] } }]

  it('a 120-day bid fills a 120-day offer at once but never a 2-day one', async () => {
    const { limit, lent, ex } = setup({ books })
    const short = await limit(1000, 0.00025, 2)
    expect(short.status).toBe('ACTIVE')
    expect(await lent()).toBe(0)
    const long = await limit(1000, 0.00025, 120)
    expect(long.status).toBe('EXECUTED')
    const loans = await ex.activeLoans('USD')
    expect(loans).toHaveLength(1)
    expect(loans[0].period).toBe(120)
  })

  it('cheaper crossing asks long enough for the bid are served before us', async () => {
    // 2-day bid of 10 000 at 0.0002; a 2-day ask of 4 000 at 0.00015 already crosses it.
    const { limit, lent } = setup({ books }, { balance: 20_000 })
    await limit(9000, 0.00018, 2)
    expect(await lent()).toBeCloseTo(6000, 6)
  })

  it('traded volume of a longer period than the offer does not fill it', async () => {
    const trades = [{ id: 1, mts: T0 + 60_000, amount: -5000, rate: 0.0003, period: 30 }]
    const a = setup({ trades })
    await a.limit(1000, 0.0002, 2)
    await a.at(T0 + 2 * 60_000)
    expect(await a.lent()).toBe(0)
    const b = setup({ trades })
    await b.limit(1000, 0.0002, 30)
    await b.at(T0 + 2 * 60_000)
    expect(await b.lent()).toBeCloseTo(1000, 6)
  })
})

/** Loans that practically never return early (hazard 1e-6/day), for tests about interest, not lives. */
const LONG_LIVES: MarketCalibration = {
  ...FUSD_CALIBRATION,
  loanLife: [{ period: 2, meanDays: { low: 2, central: 2, high: 2 }, medianDays: { low: 2, central: 2, high: 2 }, observations: 1, hazard: [{ untilDays: 120, perDay: { low: 1e-6, central: 1e-6, high: 1e-6 } }] }]
}

describe('interest and loan life (R6, R7)', () => {
  const books = [{ mts: T0, book: { asks: [], bids: [lvl(0.001, 120, 1e6)] } }]

  it('accrues per second with the 15 % fee and pays it to the wallet at midnight', async () => {
    const { at, limit, ex } = setup({ books }, { calibration: LONG_LIVES })
    await limit(1000, 0.001, 120)
    await at(T0 + 12 * H)
    expect((await ex.activeLoans('USD'))).toHaveLength(1)
    expect(ex.stats('USD').earnedNet).toBeCloseTo(1000 * 0.001 * 0.5 * 0.85, 9)
    expect(await ex.interestPayments('USD')).toHaveLength(0)
    await at(T0 + 24 * H + 1000)
    const pays = await ex.interestPayments('USD')
    expect(pays).toHaveLength(1)
    expect(pays[0].amount).toBeCloseTo(1000 * 0.001 * 0.85, 9)
    const bal = await ex.lendableBalance('USD')
    expect(bal).toMatchObject({ readable: true, source: 'simulated' })
    if (bal.readable) expect(bal.amount).toBeCloseTo(9000 + 0.85, 6)
  })

  it('loan lives follow the calibrated life table of the loan period, are keyed by the demand, and never exceed the period', () => {
    // One constant hazard of 0.5/day over 120 days: mean life ≈ 2 days (the far tail past 120 d is negligible).
    const cal: MarketCalibration = {
      ...FUSD_CALIBRATION,
      loanLife: [{ period: 120, meanDays: { low: 2, central: 2, high: 2 }, medianDays: { low: 1.39, central: 1.39, high: 1.39 }, observations: 1, hazard: [{ untilDays: 120, perDay: { low: 0.5, central: 0.5, high: 0.5 } }] }]
    }
    const lives = createLoanLifeModel(cal, 'central')
    expect(replayFillRules.loanLifeMs(4, 'k', 120, lives)).toBe(replayFillRules.loanLifeMs(4, 'k', 120, lives))
    expect(new Set([1, 2, 3, 4, 5, 6].map((s) => replayFillRules.loanLifeMs(s, 'k', 120, lives))).size).toBe(6)
    let sum = 0
    for (let i = 0; i < 4000; i++) sum += replayFillRules.loanLifeMs(3, `demand-${i}`, 120, lives)
    expect(sum / 4000 / replayFillRules.DAY_MS).toBeGreaterThan(1.85)
    expect(sum / 4000 / replayFillRules.DAY_MS).toBeLessThan(2.15)
    for (let i = 0; i < 500; i++) expect(replayFillRules.loanLifeMs(3, `x-${i}`, 2, lives)).toBeLessThanOrEqual(2 * replayFillRules.DAY_MS)
  })

  it('a loan from a bid ends when its drawn life is over and the money returns to the wallet', async () => {
    const s = setup({ books: [{ mts: T0, book: { asks: [], bids: [lvl(0.001, 2, 1e6)] } }] }, { seed: 11 })
    await s.limit(1000, 0.001, 2)
    expect(await s.lent()).toBeCloseTo(1000, 6)
    await s.at(T0 + 2 * 24 * H + 1000)
    expect(await s.lent()).toBe(0)
    expect(s.ex.stats('USD').loansReturned).toBe(1)
  })
})

describe('standing bids across snapshots (R1)', () => {
  const bidBook = (mts: number, amount: number) => ({ mts, book: { asks: [], bids: [lvl(0.0003, 2, amount)] } })

  it('a bid our offers emptied stays taken in later snapshots until the level grows again', async () => {
    const books = [bidBook(T0, 1000), bidBook(T0 + H, 1000), bidBook(T0 + 2 * H, 1600)]
    const { at, limit, lent } = setup({ books }, { balance: 20_000 })
    await limit(1000, 0.0002, 2) // takes the whole 1 000 at once
    expect(await lent()).toBeCloseTo(1000, 6)
    await limit(5000, 0.0002, 2)
    await at(T0 + H + 1) // the same 1 000 shown again: nothing new
    expect(await lent()).toBeCloseTo(1000, 6)
    await at(T0 + 2 * H + 1) // the level grew by 600: that much is new demand
    expect(await lent()).toBeCloseTo(1600, 6)
  })

  it('a new offer cannot hit a book older than the match age (one step in backtests)', async () => {
    const clock = new ManualClock(T0)
    const feed = createReplayFeed(createMemoryDataset('USD', { books: [bidBook(T0, 5000)] }))
    const ex = createSimulatedExchange({ feed, clock, balances: { USD: 10_000 }, matchBookAgeMs: 10 * 60_000 })
    clock.set(T0 + 20 * 60_000)
    await ex.advanceTo(T0 + 20 * 60_000)
    await ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 1000, rate: 0.0002, period: 2 })
    expect(await ex.activeLoans('USD')).toHaveLength(0)
  })
})

describe('the exchange port', () => {
  it('validates like Bitfinex: 150 USD minimum, 2..120 days, balance', async () => {
    const { limit } = setup({})
    await expect(limit(149, 0.0002)).rejects.toMatchObject({ kind: 'invalidOffer' })
    await expect(limit(200, 0.0002, 1)).rejects.toMatchObject({ kind: 'invalidOffer' })
    await expect(limit(200, 0.0002, 121)).rejects.toMatchObject({ kind: 'invalidOffer' })
    await expect(limit(20_000, 0.0002)).rejects.toBeInstanceOf(ExchangeError)
    await expect(limit(20_000, 0.0002)).rejects.toMatchObject({ kind: 'insufficientBalance' })
  })

  it('cancel returns the unfilled amount; keyPermissions are funding r/w + wallets r', async () => {
    const { limit, ex } = setup({})
    const o = await limit(1000, 0.0002)
    await ex.cancelOffer(o.id)
    const bal = await ex.lendableBalance('USD')
    if (bal.readable) expect(bal.amount).toBe(10_000)
    expect(ex.stats('USD').cancelled).toBe(1)
    await expect(ex.cancelOffer(o.id)).rejects.toMatchObject({ kind: 'invalidOffer' })
    const perms = await ex.keyPermissions()
    expect(perms).toContainEqual({ scope: 'funding', read: true, write: true })
    expect(perms).toContainEqual({ scope: 'wallets', read: true, write: false })
  })

  it('auto-renew at FRR: optimistic fills at once at FRR; the queue model waits behind the FRR queue', async () => {
    const parts: MemoryDatasetParts = { stats: [{ mts: T0 - H, frrDaily: 0.0003 }], candles1h: [candle(T0, 0.0001, 0.0002, 1e6)] }
    const opt = setup(parts, { frrFill: 'optimistic' })
    await opt.ex.setAutoRenew({ currency: 'USD', enabled: true, rate: 0, period: 2 })
    expect(await opt.lent()).toBeCloseTo(10_000, 6)
    expect((await opt.ex.activeLoans('USD'))[0]).toMatchObject({ rate: 0.0003, rateType: 'VAR', period: 2 })
    const pes = setup(parts) // no ticker: behind the typical 276 M queue, draining ~1.4 M/h
    await pes.ex.setAutoRenew({ currency: 'USD', enabled: true, rate: 0, period: 2 })
    await pes.at(T0 + 2 * H)
    expect(await pes.lent()).toBe(0)
    const [offer] = await pes.ex.activeOffers('USD')
    expect(offer).toMatchObject({ type: 'FRRDELTAVAR', rate: 0.0003, amount: 10_000 })
    await pes.ex.setAutoRenew({ currency: 'USD', enabled: false })
    expect(await pes.ex.activeOffers('USD')).toHaveLength(0)
  })

  it('an FRR offer with no FRR ever published waits unpriced: recorded trades never fill it (no loan at an Infinity rate)', async () => {
    // The 2026-05-02 span of the shared data: trades, no stats or ticker. The unpriced offer's resting
    // rate is Infinity; a trade at any rate used to count as "exactly at" it and opened a loan at Infinity.
    const trades = [0, 1, 2].map((i) => ({ id: i + 1, mts: T0 + (i + 1) * 10 * 60_000, amount: 5000, rate: 0.0002, period: 2 }))
    for (const frrFill of ['queue', 'optimistic'] as const) {
      const s = setup({ trades }, { frrFill })
      await s.ex.setAutoRenew({ currency: 'USD', enabled: true, rate: 0, period: 2 })
      await s.at(T0 + H)
      expect(await s.lent()).toBe(0)
      const stats = s.ex.stats('USD')
      expect(stats.earnedNet).toBe(0)
      expect(stats.lentTime).toBe(0)
      expect(await s.ex.activeOffers('USD')).toHaveLength(1)
    }
  })

  it('an FRR offer fills at FRR once the queue ahead of it has drained (R8), not before', async () => {
    const tickers = [{ mts: T0 - 60_000, frrDaily: 0.0003, frrAmountAvailable: 3000, volume24h: 1e8 }]
    const calibration: MarketCalibration = { ...FUSD_CALIBRATION, frrQueue: { drainPerHour: { low: 1000, central: 1000, high: 1000 }, typicalQueue: { low: 1e9, central: 1e9, high: 1e9 } } }
    const s = setup({ tickers }, { calibration })
    await s.ex.submitOffer({ symbol: 'fUSD', type: 'FRRDELTAVAR', amount: 1000, rate: 0, period: 2 })
    await s.at(T0 + 2 * H)
    expect(await s.lent()).toBe(0) // 3 000 ahead at 1 000 an hour
    await s.at(T0 + 3 * H)
    expect((await s.ex.activeLoans('USD'))[0]).toMatchObject({ amount: 1000, rate: 0.0003, rateType: 'VAR' })
  })
})
