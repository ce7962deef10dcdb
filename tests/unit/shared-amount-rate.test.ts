// The one home of amount rounding and rate comparison/rendering (shared/amount.ts, shared/rate.ts):
// what every layer — IBRR, both exchange adapters, the loop, the backtest, the renderer — relies on.
import { describe, expect, it } from 'vitest'
import { fromUnits, roundDownAmount, toUnitsDown, toUnitsUp } from '../../src/shared/amount'
import { aprOf, formatScreenApr, formatSentenceApr, formatTableApr, netOfFee, sameRate } from '../../src/shared/rate'

describe('amounts rounded down to 8 decimals', () => {
  it('keeps every amount already on the 1e-8 grid, small or large', () => {
    // 1024.09 * 1e8 = 102408999999.99998: an absolute slack sized for small amounts lost a unit here.
    for (const x of [0.29, 1.1, 150.01, 1024.09, 5000.03, 123456.78, 0.00000001, 9999999.99999999]) {
      expect(roundDownAmount(x)).toBe(x)
    }
  })

  it('rounds a real fraction down, never up, and never above the input, however large', () => {
    expect(roundDownAmount(0.123456789)).toBe(0.12345678)
    expect(roundDownAmount(1024.099999999)).toBe(1024.09999999)
    // A relative slack of 1e-15 added a whole unit here (12345678.123456789 → 12345678.12345679).
    expect(roundDownAmount(12345678.123456789)).toBeLessThanOrEqual(12345678.123456789)
    for (let i = 1; i < 5000; i++) {
      for (const x of [i * 1.000000037, i * 2718.281828459, i * 0.333333333]) {
        const r = roundDownAmount(x)
        expect(r).toBeLessThanOrEqual(x)
        expect(x - r).toBeLessThan(1e-8 + x * 1e-15)
      }
    }
  })

  it('has nothing to offer for zero, negative or non-finite amounts', () => {
    for (const x of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) expect(roundDownAmount(x)).toBe(0)
    expect(toUnitsUp(-1)).toBe(0)
  })

  it('counts whole units both ways', () => {
    expect(toUnitsDown(150.000000019)).toBe(15000000001)
    expect(toUnitsUp(150.000000011)).toBe(15000000002)
    expect(fromUnits(15000000001)).toBe(150.00000001)
  })
})

describe('the same rate', () => {
  it('absorbs float noise at every size of rate', () => {
    expect(sameRate(0.1 + 0.2, 0.3)).toBe(true)
    expect(sameRate(0.00015409, 0.000154090000000001)).toBe(true)
    expect(sameRate(0, 0)).toBe(true)
  })

  it('never merges two neighbouring rates of the 5-significant-digit grid, however small', () => {
    expect(sameRate(4.0e-8, 4.0001e-8)).toBe(false)
    expect(sameRate(0.00020001, 0.0002)).toBe(false)
    expect(sameRate(0.0002, 0)).toBe(false)
  })

  it('reads an unpriced rate (Infinity: FRR before any FRR is published) as the same only as itself', () => {
    // The simulator rests such an FRR offer at Infinity; no ask or trade at a finite rate is "at" it.
    expect(sameRate(0.0002, Infinity)).toBe(false)
    expect(sameRate(Infinity, 0.0002)).toBe(false)
    expect(sameRate(Infinity, Infinity)).toBe(true)
    expect(sameRate(Number.NaN, Number.NaN)).toBe(false)
  })
})

describe('APR, named by where it is read', () => {
  it('is rate × 365, and what the lender keeps after the 15 % fee', () => {
    expect(aprOf(0.0002)).toBeCloseTo(0.073, 12)
    expect(netOfFee(0.073)).toBeCloseTo(0.06205, 12)
  })

  it('reads one way in sentences, one in tables, one on screen', () => {
    expect(formatSentenceApr(0.0002)).toBe('7.3 % APR')
    expect(formatSentenceApr(4e-8)).toBe('0.0015 % APR')
    expect(formatTableApr(0.0002)).toBe('7.30 %')
    expect(formatScreenApr(0.0002, 'before fee', 'en-US')).toBe('7.30 % APR before fee')
    expect(formatScreenApr(0.0002, 'after fee', 'de-DE')).toBe('6,21 % APR after fee')
  })
})
