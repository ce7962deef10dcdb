import { describe, expect, it } from 'vitest'
import {
  IBRR_PARAMS,
  buildCandidateGrid,
  buildMarketModel,
  candleGapHours,
  candleShareAtOrAbove,
  demandPerHour,
  estimateFill,
  horizonValue,
  renewalYield,
  fillProbability,
  hoursBeforeDemand,
  immediateCapacity,
  NEXT_BORROWER_HOURS,
  plan,
  queueAhead,
  QUEUE_AHEAD_SHARE,
  visibleAsksAhead
} from '../../src/main/ibrr'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import { seededRandom } from '../../src/shared/random'
import { HOUR, NOW, account, candles, level, market, offer, settings, trades } from './ibrr-fixtures'

const B = NEXT_BORROWER_HOURS

describe('fill model (estimateFill)', () => {
  it('is the exponential law 1 − exp(−H/((Q+R)/D + B)) with wait (R/A)·((Q+R/2)/D + B), B the wait for the next borrower', () => {
    const e = estimateFill({ amount: 1000, queueAhead: 9000, immediate: 0, demandPerHour: 20_000, horizonHours: 0.5 })
    expect(e.probability).toBeCloseTo(1 - Math.exp(-0.5 / (10_000 / 20_000 + B)), 12)
    expect(e.expectedWaitDays).toBeCloseTo(((9000 + 500) / 20_000 + B) / 24, 12)
    // Without the minimum (an explicit zero gap) it is the flow alone.
    const flow = estimateFill({ amount: 1000, queueAhead: 9000, immediate: 0, demandPerHour: 20_000, gapHours: 0, horizonHours: 0.5 })
    expect(flow.probability).toBeCloseTo(0.632121, 6)
    expect(flow.expectedWaitDays).toBeCloseTo((9000 + 500) / 20_000 / 24, 12)
  })

  it('makes an offer at the front of a deep demand flow wait for the next borrower, not seconds', () => {
    // The calibrated wait (src/shared/calibration.ts nextBorrowerMinutes, central): minutes, not seconds.
    expect(B * 60).toBe(FUSD_CALIBRATION.nextBorrowerMinutes!.central)
    expect(B * 60).toBeGreaterThan(5)
    // 150 USD at the front of 50 M USD/h of demand: the flow clears it in 0.01 s.
    const front = estimateFill({ amount: 150, queueAhead: 0, immediate: 0, demandPerHour: 50e6, horizonHours: 5 / 60 })
    expect(front.expectedWaitDays * 1440).toBeGreaterThanOrEqual(B * 60)
    expect(front.expectedWaitDays * 1440).toBeLessThan(B * 60 + 0.01)
    // Within 5 minutes: about 1 − exp(−5/11.2) = 36 %, not the flow's certainty.
    expect(front.probability).toBeCloseTo(1 - Math.exp(-5 / (B * 60)), 4)
    // So does every waiting offer of a plan on a market that trades a lot at every rate.
    const deep = market({
      asks: [level(0.0002, 2, 1_000)],
      trades: Array.from({ length: 200 }, (_, k) => ({ id: k + 1, mts: NOW - k * 60_000, amount: -2e6, rate: 0.00025, period: 2 }))
    })
    const p = plan(deep, account({ available: 3_000 }), settings({ maxPeriod: 2 }), NOW)
    const waiting = p.place.filter((o) => o.expectedWaitMinutes !== undefined)
    expect(waiting.length).toBeGreaterThan(0)
    for (const o of waiting) expect(o.expectedWaitMinutes!).toBeGreaterThanOrEqual(B * 60 * (1 - 1e-12))
  })

  it('takes visible bids first: fully covered → immediate, partly → only the rest waits', () => {
    const full = estimateFill({ amount: 1000, queueAhead: 50_000, immediate: 1500, demandPerHour: 0, horizonHours: 0.5 })
    expect(full).toEqual({ probability: IBRR_PARAMS.immediateFillProbability, expectedWaitDays: 0, immediateAmount: 1000 })
    const part = estimateFill({ amount: 1000, queueAhead: 0, immediate: 600, demandPerHour: 800, horizonHours: 1 })
    expect(part.immediateAmount).toBe(600)
    expect(part.probability).toBeCloseTo(1 - Math.exp(-1 / (400 / 800 + B)), 12)
    expect(part.expectedWaitDays).toBeCloseTo((0.4 * (200 / 800 + B)) / 24, 12)
  })

  it('never fills without demand or bids, and more queue or a shorter horizon lowers the chance', () => {
    expect(estimateFill({ amount: 1, queueAhead: 0, immediate: 0, demandPerHour: 0, horizonHours: 1 })).toMatchObject({
      probability: 0,
      expectedWaitDays: Infinity
    })
    const base = { amount: 1000, queueAhead: 1000, immediate: 0, demandPerHour: 5000, horizonHours: 0.5 }
    expect(fillProbability({ ...base, queueAhead: 5000 })).toBeLessThan(fillProbability(base))
    expect(fillProbability({ ...base, horizonHours: 0.1 })).toBeLessThan(fillProbability(base))
  })
})

describe('market model inputs', () => {
  it('orders recent trades highest rate first, equal rates by lower id, like a comparator sort', () => {
    const rnd = seededRandom(3)
    for (const n of [2, 9, 120]) {
      // Rates on a coarse grid (many ties) and ids shuffled, as a feed in no particular order.
      const ts = Array.from({ length: n }, (_, k) => ({ id: Math.floor(rnd() * 1000) * 1000 + k, mts: NOW - Math.floor(rnd() * 20) * HOUR, amount: -1000, rate: (10 + Math.floor(rnd() * 6)) * 1e-5, period: 2 }))
      const expected = [...ts].sort((a, b) => b.rate - a.rate || a.id - b.id)
      expect(buildMarketModel(market({ trades: ts }), NOW).trades).toEqual(expected)
    }
  })

  it('demand per hour counts trades at or above the rate whose period fits ours', () => {
    const m = market({
      trades: [...trades(10, 1000, 0.0002, 2, 2, 1), ...trades(10, 3000, 0.00025, 30, 2, 50), ...trades(5, 500, 0.00015, 2, 2, 90)]
    })
    const model = buildMarketModel(m, NOW)
    expect(model.tradeWeight).toBe(1) // no candles: trades alone
    expect(model.tradeWindowHours).toBeCloseTo(2, 12)
    expect(demandPerHour(model, 0.0002, 2)).toBeCloseTo(10_000 / 2, 9) // 30-day trades cannot fill a 2-day offer
    expect(demandPerHour(model, 0.0002, 30)).toBeCloseTo(40_000 / 2, 9)
    expect(demandPerHour(model, 0.00026, 120)).toBe(0)
  })

  it('blends candle demand when trades are few, with the calibrated candle volume shape', () => {
    // The calibrated central shape: a share of the hour's volume in each wick, spread evenly, the rest in the body.
    const up = FUSD_CALIBRATION.candleVolume!.upperWickShare.central
    const down = FUSD_CALIBRATION.candleVolume!.lowerWickShare.central
    const c = { open: 0.0002, close: 0.0002, high: 0.0003, low: 0.0001, volume: 1_000_000 }
    expect(candleShareAtOrAbove({ ...c, mts: 0 }, 0.0002)).toBeCloseTo(1 - down, 12) // the body (a point here) and the upper wick
    expect(candleShareAtOrAbove({ ...c, mts: 0 }, 0.00025)).toBeCloseTo(up / 2, 12)
    expect(candleShareAtOrAbove({ ...c, mts: 0 }, 0.00015)).toBeCloseTo(1 - down / 2, 12)
    expect(candleShareAtOrAbove({ ...c, mts: 0 }, 0.00005)).toBe(1)
    expect(candleShareAtOrAbove({ ...c, mts: 0 }, 0.00031)).toBe(0)
    // A wick that is not there holds no volume: without an upper wick the body keeps its share.
    const flatTop = { ...c, mts: 0, open: 0.0002, close: 0.0003 }
    expect(candleShareAtOrAbove(flatTop, 0.00025)).toBeCloseTo((1 - down) / 2, 12)
    const m = market({ candles: candles(24, c), trades: trades(10, 1000, 0.0002, 2, 1) })
    const model = buildMarketModel(m, NOW)
    const w = 10 / IBRR_PARAMS.tradesForFullWeight
    expect(model.tradeWeight).toBeCloseTo(w, 12)
    expect(demandPerHour(model, 0.00025, 2)).toBeCloseTo((1 - w) * 1_000_000 * (up / 2), 6) // no trade reaches 0.00025
    expect(demandPerHour(model, 0.0002, 2)).toBeCloseTo(w * 10_000 + (1 - w) * 1_000_000 * (1 - down), 6)
  })

  it('candle demand comes by the hour: a rate few hours reach waits for the next one that does', () => {
    // 24 hours; only every 6th reaches 0.00028 (its high), the others top out at 0.00022.
    const base = { open: 0.0002, close: 0.0002, low: 0.00018, volume: 1_000_000 }
    const hours = candles(24, { ...base, high: 0.00022 }).map((c, k) => (k % 6 === 0 ? { ...c, high: 0.0003 } : c))
    const model = buildMarketModel(market({ candles: hours }), NOW)
    expect(model.demandCandles).toHaveLength(24)
    // 4 of 24 hours reach 0.00025: (1 − f)/f = 5 hours to wait on average; every hour reaches 0.0002.
    expect(candleGapHours(model, 0.00025)).toBeCloseTo(5, 12)
    expect(candleGapHours(model, 0.0002)).toBe(0)
    expect(candleGapHours(model, 0.00031)).toBe(0) // no demand at all: the wait is infinite anyway
    // The mean demand at 0.00025 is large (those hours trade a lot there), yet a 1,000 USD offer waits hours,
    // and its fill chance within 30 min is small.
    const d = demandPerHour(model, 0.00025, 2)
    expect(d).toBeGreaterThan(10_000)
    const lumpy = estimateFill({ amount: 1_000, queueAhead: 0, immediate: 0, demandPerHour: d, gapHours: hoursBeforeDemand(candleGapHours(model, 0.00025)), horizonHours: 0.5 })
    const steady = estimateFill({ amount: 1_000, queueAhead: 0, immediate: 0, demandPerHour: d, horizonHours: 0.5 })
    expect(lumpy.expectedWaitDays * 24).toBeGreaterThan(5 + B)
    expect(lumpy.probability).toBeLessThan(0.1)
    expect(steady.probability).toBeCloseTo(1 - Math.exp(-0.5 / (1_000 / d + B)), 12)
    expect(steady.probability).toBeGreaterThan(0.85)
  })

  it('immediate capacity only counts bids at or above our rate with a period no longer than ours', () => {
    const model = buildMarketModel(market({ bids: [level(0.0003, 120, 1e6), level(0.00022, 2, 4000), level(0.00021, 30, 7000)] }), NOW)
    expect(immediateCapacity(model, 0.00021, 2)).toBe(4000)
    expect(immediateCapacity(model, 0.00021, 30)).toBe(11_000)
    expect(immediateCapacity(model, 0.00021, 120)).toBe(1_011_000)
    expect(immediateCapacity(model, 0.00025, 119)).toBe(0)
  })

  it('visible asks ahead weight a shorter ask by the share of our demand it can also serve', () => {
    const m = market({
      asks: [level(0.0002, 2, 10_000), level(0.00021, 120, 5_000), level(0.0003, 2, 99_999)],
      trades: [...trades(30, 1000, 0.00022, 2, 1, 1), ...trades(10, 1000, 0.00022, 120, 1, 100)]
    })
    const model = buildMarketModel(m, NOW)
    expect(visibleAsksAhead(model, 0.00022, 2)).toBe(15_000)
    // For a 120-day offer the 2-day ask competes for 30 of the 40 units of demand.
    expect(visibleAsksAhead(model, 0.00022, 120)).toBeCloseTo(10_000 * 0.75 + 5_000, 9)
    // The fill model counts the calibrated share of them (src/shared/calibration.ts queueAheadShare).
    expect(queueAhead(model, 0.00022, 120)).toBeCloseTo(QUEUE_AHEAD_SHARE * (10_000 * 0.75 + 5_000), 9)
  })

  it('takes our own visible offers out of the book so we never queue behind ourselves', () => {
    const m = market({ asks: [level(0.0002, 2, 10_000), level(0.00021, 2, 3_000)] })
    const own = [offer({ id: 1, amount: 2_500, rate: 0.00021 }), offer({ id: 2, amount: 100, rate: 0.0002, hidden: true })]
    const model = buildMarketModel(m, NOW, own)
    expect(model.asks.map((a) => a.amount)).toEqual([10_000, 500])
  })

  it('finds our offers at their book level within the rate tolerance, among many levels, and only there', () => {
    // 200 levels; our offers sit at two of them with float noise in their rates (sameRate's 1e-9), one at a
    // rate no level has, and one at a level's rate with another period: only the first two take amounts out.
    const asks = Array.from({ length: 200 }, (_, k) => level(0.00015 + k * 0.000001, k % 3 === 0 ? 30 : 2, 1_000 + k))
    const own = [
      offer({ id: 1, amount: 400, rate: asks[40].rate * (1 + 5e-10), period: asks[40].period }),
      offer({ id: 2, amount: 5_000, rate: asks[151].rate * (1 - 5e-10), period: asks[151].period }),
      offer({ id: 3, amount: 300, rate: 0.0001505, period: 2 }),
      offer({ id: 4, amount: 300, rate: asks[10].rate, period: asks[10].period === 2 ? 30 : 2 })
    ]
    const model = buildMarketModel(market({ asks }), NOW, own)
    const expected = asks.filter((_, k) => k !== 151).map((a, k) => (k === 40 ? a.amount - 400 : a.amount))
    expect(model.asks.map((a) => a.amount)).toEqual(expected)
  })

  it('the one-sweep grid gives the same numbers as the direct functions', () => {
    const m = market({
      asks: [level(0.0002, 2, 10_000), level(0.00021, 30, 5_000), level(0.00023, 7, 8_000), level(0.00024, 120, 1_000)],
      bids: [level(0.00026, 120, 50_000), level(0.00022, 14, 3_000), level(0.00019, 2, 2_000)],
      trades: [...trades(12, 900, 0.000215, 2, 3, 1), ...trades(6, 2000, 0.000235, 30, 3, 50), ...trades(3, 7000, 0.00026, 120, 3, 80)],
      candles: candles(30, { open: 0.0002, close: 0.00021, high: 0.00027, low: 0.00017, volume: 200_000 })
    })
    const model = buildMarketModel(m, NOW)
    const rates = [0.00019, 0.0002, 0.000215, 0.00022, 0.000235, 0.00026]
    const periods = [2, 7, 14, 30, 120]
    const grid = buildCandidateGrid(model, rates, periods)
    rates.forEach((r, i) =>
      periods.forEach((p, j) => {
        const k = i * periods.length + j
        expect(grid.demand[k]).toBeCloseTo(demandPerHour(model, r, p), 6)
        expect(grid.queue[k]).toBeCloseTo(queueAhead(model, r, p), 6)
        expect(grid.immediate[k]).toBeCloseTo(immediateCapacity(model, r, p), 6)
      })
    )
  })

  it('ignores trades older than the lookback and candles from the future', () => {
    const old = trades(5, 1000, 0.0002, 2, 1).map((t) => ({ ...t, mts: t.mts - 48 * HOUR }))
    const future = { mts: NOW + HOUR, open: 0.01, close: 0.01, high: 0.01, low: 0.01, volume: 1e9 }
    const model = buildMarketModel(market({ trades: old, candles: [future] }), NOW)
    expect(model.trades).toHaveLength(0)
    expect(demandPerHour(model, 0.0001, 2)).toBe(0)
  })
})

describe('value of a candidate', () => {
  it('renewal: money that comes back and waits again earns the rate only while lent', () => {
    // 2-day loans live 0.83 d on average and the next offer waits 27 min: lent 97 % of the time.
    const wait = 27 / 1440
    expect(renewalYield(0.0002, 0.83, wait)).toBeCloseTo((0.0002 * 0.83) / (0.83 + wait), 15)
    expect(renewalYield(0.0002, 0.83, 1)).toBeLessThan(renewalYield(0.0002, 0.83, wait))
    expect(renewalYield(0.0002, 0, 0)).toBe(0)
  })

  it('V = r·ℓ − π·(ℓ − ℓ_short) + y·(T − W − ℓ) over one common horizon', () => {
    const ctx = { benchmark: 0.0002, rollYield: 0.00019, optionPremium: 0.00003, shortLifeDays: 0.83, reentryDays: 0, typicalTop: Infinity, horizonDays: 30 }
    expect(horizonValue(0.00025, 0.83, 0.1, ctx)).toBeCloseTo(0.00025 * 0.83 + 0.00019 * (30 - 0.1 - 0.83), 15)
    expect(horizonValue(0.0003, 15.7, 0, ctx)).toBeCloseTo(0.0003 * 15.7 - 0.00003 * (15.7 - 0.83) + 0.00019 * (30 - 15.7), 15)
    // the horizon cuts a loan that would outlive it, and a wait beyond it earns nothing
    expect(horizonValue(0.0003, 40, 0, ctx)).toBeCloseTo(0.0003 * 30 - 0.00003 * (30 - 0.83), 15)
    expect(horizonValue(0.0003, 15.7, 31, ctx)).toBe(0)
    // waiting costs: the same rate that fills later is worth less
    expect(horizonValue(0.00025, 0.83, 1, ctx)).toBeLessThan(horizonValue(0.00025, 0.83, 0, ctx))
  })
})
