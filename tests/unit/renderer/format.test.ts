import { describe, expect, it } from 'vitest'
import {
  aprOf,
  formatAmount,
  formatApr,
  formatDailyRate,
  formatDuration,
  loanTimeLeftMs,
  netOfFee,
  percentPerDayToRate,
  rateToPercentPerDay
} from '../../../src/renderer/format'

describe('rate formatting', () => {
  it('shows a daily rate as %/day with 4 decimals', () => {
    expect(formatDailyRate(0.0002)).toBe('0.0200 %/day')
    expect(formatDailyRate(0.000123456)).toBe('0.0123 %/day')
  })

  it('uses simple APR (rate × 365) and says which side of the fee it is', () => {
    expect(aprOf(0.0002)).toBeCloseTo(0.073, 12)
    expect(formatApr(0.0002)).toBe('7.30 % APR before fee')
    // Bitfinex keeps 15 % of interest: 7.30 % × 0.85 = 6.205 %
    expect(netOfFee(0.073)).toBeCloseTo(0.06205, 12)
    expect(formatApr(0.0002, 'after fee')).toBe('6.21 % APR after fee')
  })

  it('converts typed %/day to a daily decimal and back without float noise', () => {
    expect(percentPerDayToRate('0.02')).toBeCloseTo(0.0002, 15)
    expect(percentPerDayToRate(' ')).toBeNaN()
    expect(percentPerDayToRate('abc')).toBeNaN()
    expect(rateToPercentPerDay(0.0001)).toBe('0.01')
    expect(rateToPercentPerDay(0.000001)).toBe('0.0001')
    expect(rateToPercentPerDay(0)).toBe('0')
  })
})

describe('amounts and durations', () => {
  it('shows dollars with 2 decimals and crypto with 6', () => {
    expect(formatAmount(1234.5, 'USD')).toBe('1,234.50 USD')
    expect(formatAmount(0.0123456789, 'BTC')).toBe('0.012346 BTC')
  })

  it('formats durations coarsely', () => {
    expect(formatDuration(40 * 60_000)).toBe('40m')
    expect(formatDuration((5 * 60 + 12) * 60_000)).toBe('5h 12m')
    expect(formatDuration((3 * 24 + 4) * 3_600_000 + 59_000)).toBe('3d 4h')
    expect(formatDuration(-90 * 60_000)).toBe('-1h 30m')
    expect(formatDuration(59_999)).toBe('<1m')
    expect(formatDuration(60_000)).toBe('1m')
  })

  it('computes a loan’s time left from its opening and period', () => {
    const day = 86_400_000
    expect(loanTimeLeftMs(1_000_000, 2, 1_000_000 + day / 2)).toBe(1.5 * day)
    expect(loanTimeLeftMs(0, 2, 3 * day)).toBe(-day)
  })
})
