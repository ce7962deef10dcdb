import { describe, expect, it } from 'vitest'
import { depthPoints, mergeCurves, niceTicks, tickDecimals } from '../../../src/renderer/chartData'

describe('depthPoints', () => {
  it('accumulates bids from the best (highest) rate down and asks from the cheapest up, x as APR %', () => {
    const points = depthPoints({
      bids: [
        { rate: 0.0001, period: 2, count: 1, amount: 30 },
        { rate: 0.0002, period: 2, count: 1, amount: 10 }
      ],
      asks: [
        { rate: 0.0004, period: 2, count: 1, amount: 5 },
        { rate: 0.0003, period: 2, count: 1, amount: 7 }
      ]
    })
    expect(points.map((p) => Number(p.apr.toFixed(4)))).toEqual([3.65, 7.3, 10.95, 14.6])
    expect(points.map((p) => p.bids ?? null)).toEqual([40, 10, null, null])
    expect(points.map((p) => p.asks ?? null)).toEqual([null, null, 7, 12])
  })

  it('has no holes where the sides overlap in rate (different periods)', () => {
    const points = depthPoints({
      bids: [
        { rate: 0.0003, period: 30, count: 1, amount: 10 },
        { rate: 0.0001, period: 2, count: 1, amount: 20 }
      ],
      asks: [
        { rate: 0.0002, period: 2, count: 1, amount: 5 },
        { rate: 0.0004, period: 2, count: 1, amount: 6 }
      ]
    })
    expect(points.map((p) => p.bids ?? null)).toEqual([30, 10, 10, null])
    expect(points.map((p) => p.asks ?? null)).toEqual([null, 5, 5, 11])
  })

  it('is empty for an empty book', () => {
    expect(depthPoints({ bids: [], asks: [] })).toEqual([])
  })
})

describe('mergeCurves', () => {
  it('puts every strategy on one time axis', () => {
    const base = { netApr: 0, utilization: 0, avgRate: 0, earnings: 0, placed: 0, cancelled: 0 }
    const rows = mergeCurves({
      currency: 'USD',
      capital: 1000,
      from: 0,
      to: 3,
      notes: [],
      strategies: {
        ibrr: { ...base, curve: [{ mts: 2, earnings: 5 }, { mts: 1, earnings: 2 }] },
        frr: { ...base, curve: [{ mts: 1, earnings: 1 }, { mts: 3, earnings: 4 }] }
      }
    })
    expect(rows).toEqual([
      { mts: 1, ibrr: 2, frr: 1 },
      { mts: 2, ibrr: 5 },
      { mts: 3, frr: 4 }
    ])
  })
})

describe('niceTicks', () => {
  it('gives round steps for small amounts instead of five "0.00"', () => {
    const ticks = niceTicks(0, 0.0123)
    expect(ticks).toEqual([0, 0.005, 0.01, 0.015])
    expect(tickDecimals(ticks)).toBe(3)
  })

  it('covers APR ranges with 1-2-5 steps', () => {
    const t = niceTicks(3.2, 14.9)
    expect(t).toEqual([0, 5, 10, 15])
    expect(t[0]).toBeLessThanOrEqual(3.2)
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(14.9)
  })

  it('survives a flat range', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.5, 1])
  })
})
