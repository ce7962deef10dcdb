import { describe, expect, it } from 'vitest'
import { depthPoints, mergeCurves } from '../../../src/renderer/src/chartData'

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
