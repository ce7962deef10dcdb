import { describe, expect, it } from 'vitest'
import { fromUnits, plan, rateCeil, rateFloor, rateJustBelow, rungAmounts, toUnitsDown, toUnitsUp } from '../../src/main/ibrr'
import { ascending, sortAscending } from '../../src/main/ibrr/numbers'
import { seededRandom } from '../../src/shared/random'
import { account, loan, NOW, ordinaryMarket, settings } from './ibrr-fixtures'

const total = (xs: { amount: number }[]): number => xs.reduce((s, x) => s + x.amount, 0)
const decimalsOk = (x: number): boolean => Math.abs(x * 1e8 - Math.round(x * 1e8)) < 1e-4

describe('amount units', () => {
  it('rounds down to 8 decimals without float drift', () => {
    expect(toUnitsDown(1000.123456789)).toBe(100_012_345_678)
    expect(toUnitsDown(0.1 + 0.2)).toBe(30_000_000)
    expect(toUnitsDown(0.29)).toBe(29_000_000)
    expect(toUnitsDown(-5)).toBe(0)
    expect(toUnitsDown(Number.NaN)).toBe(0)
    expect(toUnitsUp(0.000000001)).toBe(1)
    expect(toUnitsUp(150)).toBe(15_000_000_000)
    expect(fromUnits(100_012_345_678)).toBe(1000.12345678)
  })

  it('splits a ladder into equal rungs, remainder to the first, within min and max', () => {
    expect(rungAmounts(100_012_345_678, 15_000_000_000, Infinity, 5)).toEqual([
      20_002_469_136, 20_002_469_136, 20_002_469_136, 20_002_469_135, 20_002_469_135
    ])
    expect(rungAmounts(40_000_000_000, 15_000_000_000, Infinity, 5)).toEqual([20_000_000_000, 20_000_000_000])
    expect(rungAmounts(14_999_999_999, 15_000_000_000, Infinity, 5)).toEqual([])
    expect(rungAmounts(1_000_000_000_000, 15_000_000_000, 50_000_000_000, 5)).toEqual(new Array(5).fill(50_000_000_000))
  })
})

describe('sortAscending (the typed-array sort plans use instead of a comparator)', () => {
  it('sorts in place in the same order as sort(ascending), ties and repeats included', () => {
    const rnd = seededRandom(5)
    // Shorter arrays after longer ones too: the sort's scratch buffer (grown past its 256 slots by the
    // 303 values) must carry nothing from one call into the next.
    for (const n of [0, 1, 2, 7, 60, 300, 7, 1, 60]) {
      // Rates on a coarse grid, so equal values recur; plus a zero, tiny and large magnitudes.
      const xs = Array.from({ length: n }, () => Math.round(rnd() * 40) * 1e-5 * (rnd() < 0.1 ? 1e-6 : 1))
      if (n > 2) xs.push(0, 1e300, 5e-324)
      const expected = [...xs].sort(ascending)
      const out = sortAscending(xs)
      expect(out).toBe(xs)
      expect(out).toEqual(expected)
    }
  })

  it('gives the typed-array order on both sides of its insertion-sort cut-off (32), after a sorted run too, −0, +0 and NaN included', () => {
    const rnd = seededRandom(9)
    const value = (): number => {
      const u = rnd()
      return u < 0.15 ? 0 : u < 0.3 ? -0 : u < 0.4 ? NaN : Math.round(rnd() * 8) * 1e-5
    }
    // [length, length of an ascending run it starts with]: the run is sorted first, the rest left as drawn.
    for (const [n, run] of [[3, 0], [31, 0], [32, 0], [33, 0], [80, 0], [80, 60], [80, 48], [80, 47], [40, 40]]) {
      const head = Array.from(Float64Array.from(Array.from({ length: run }, value)).sort())
      const xs = [...head, ...Array.from({ length: n - run }, value)]
      const expected = Array.from(Float64Array.from(xs).sort())
      expect(sortAscending(xs).map((x) => Object.is(x, -0))).toEqual(expected.map((x) => Object.is(x, -0)))
      expect(xs).toEqual(expected)
    }
  })
})

describe('rate grid (5 significant digits)', () => {
  it('floors, ceils and steps just below a level', () => {
    expect(rateFloor(0.0002808219178082192)).toBe(0.00028082)
    expect(rateCeil(0.00028081000001)).toBe(0.00028082)
    expect(rateJustBelow(0.000244)).toBe(0.00024399)
    expect(rateJustBelow(0.00024385350005999998)).toBe(0.00024385)
    expect(rateJustBelow(0.0001)).toBe(0.000099999)
    expect(rateFloor(4.1095890410958903e-8)).toBe(4.1095e-8)
    expect(rateJustBelow(4e-8)).toBe(3.9999e-8)
  })

  it('keeps 5 significant digits just below and just above a power of ten (the decade is found right there)', () => {
    for (let k = -9; k <= -1; k++) {
      const below = 10 ** k * (1 - 1e-12)
      const above = 10 ** k * (1 + 1e-12)
      expect(rateFloor(below)).toBe(Number(`9.9999e${k - 1}`))
      expect(rateCeil(below)).toBe(Number(`1e${k}`))
      expect(rateFloor(above)).toBe(Number(`1e${k}`))
      expect(rateCeil(above)).toBe(Number(`1.0001e${k}`))
      expect(rateJustBelow(Number(`1e${k}`))).toBe(Number(`9.9999e${k - 1}`))
    }
  })
})

describe('ladder amounts in a plan', () => {
  it('lends 1000.123456789 USD as 5 offers totalling exactly 1000.12345678', () => {
    const p = plan(ordinaryMarket(), account({ available: 1000.123456789 }), settings(), NOW)
    expect(p.place).toHaveLength(5)
    expect(p.place.map((o) => o.amount).sort()).toEqual([200.02469135, 200.02469135, 200.02469136, 200.02469136, 200.02469136])
    expect(total(p.place)).toBeLessThanOrEqual(1000.123456789)
    expect(p.place.every((o) => decimalsOk(o.amount) && o.amount >= 150)).toBe(true)
  })

  it('keeps float drift out: 0.1 + 0.2 BTC at 1000 USD/BTC lends at most 0.3 in 0.15+ BTC offers', () => {
    const s = settings()
    s.currencies.BTC = { ...s.currencies.USD, enabled: true, minOfferSize: 0.002, minDailyRate: 0 }
    const m = { ...ordinaryMarket(), symbol: 'fBTC' }
    const p = plan(m, account({ currency: 'BTC', available: 0.1 + 0.2, usdPrice: 1000 }), s, NOW)
    // Bitfinex minimum 150 USD = 0.15 BTC, plus the 2 % margin for non-USD prices: 0.153 BTC → only one offer fits.
    expect(p.place).toHaveLength(1)
    expect(p.place[0].amount).toBe(0.3)
    expect(p.place[0].symbol).toBe('fBTC')
    expect(total(p.place)).toBeLessThanOrEqual(0.1 + 0.2)
  })

  it('keeps the reserve, honours maxLent counting loans, and caps each offer at maxOfferSize', () => {
    const p = plan(
      ordinaryMarket(),
      account({ available: 10_000, loans: [loan({ id: 1, amount: 6_000 })] }),
      settings({ reserve: 1_000.5, maxLent: 9_000, maxOfferSize: 1_000 }),
      NOW
    )
    // maxLent 9000 − 6000 lent = 3000 (tighter than 10000 − 1000.5 reserve) → 5 rungs of 600 (≤ 1000 each).
    expect(p.place.map((o) => o.amount)).toEqual([600, 600, 600, 600, 600])
    const big = plan(ordinaryMarket(), account({ available: 10_000 }), settings({ reserve: 1_000.5, maxOfferSize: 1_000 }), NOW)
    // 8999.5 free but at most 5 rungs of 1000 per cycle; the rest waits for the next cycle.
    expect(big.place.map((o) => o.amount)).toEqual([1000, 1000, 1000, 1000, 1000])
    const r = plan(ordinaryMarket(), account({ available: 1_000 }), settings({ reserve: 700 }), NOW)
    expect(r.place.map((o) => o.amount)).toEqual([150, 150])
  })

  it('says why nothing is placed: nothing free, below the minimum, maxLent reached', () => {
    const none = plan(ordinaryMarket(), account({ available: 500 }), settings({ reserve: 500 }), NOW)
    expect(none.place).toEqual([])
    expect(none.reasons.join(' ')).toMatch(/Nothing to lend: no free USD beyond your reserve of 500\.00 USD/)
    const small = plan(ordinaryMarket(), account({ available: 149.99 }), settings(), NOW)
    expect(small.place).toEqual([])
    expect(small.reasons.join(' ')).toContain('149.99 USD is free but below the minimum offer of 150.00 USD')
    const full = plan(ordinaryMarket(), account({ available: 5000, loans: [loan({ id: 2, amount: 2000 })] }), settings({ maxLent: 2000 }), NOW)
    expect(full.place).toEqual([])
    expect(full.reasons.join(' ')).toContain('maximum lent of 2000.00 USD')
  })

  it('respects a user minimum above Bitfinex minimum and refuses an impossible maximum', () => {
    const p = plan(ordinaryMarket(), account({ available: 1000 }), settings({ minOfferSize: 400, maxOfferSize: 0 }), NOW)
    expect(p.place.map((o) => o.amount)).toEqual([500, 500])
    const q = plan(ordinaryMarket(), account({ available: 1000 }), settings({ minOfferSize: 0, maxOfferSize: 100 }), NOW)
    expect(q.place).toEqual([])
    expect(q.reasons.join(' ')).toContain("below Bitfinex's minimum")
  })
})
