// FRR as a priced candidate: plain FRR waits behind the FRR queue (the ticker's FRR amount available,
// drained at the calibrated rate); FRR-fixed below FRR is priced from the book like a LIMIT offer.
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { expectedFrrWaitHours, FUSD_CALIBRATION } from '../../src/shared/calibration'
import { account, level, NOW, ordinaryMarket, settings, trades } from './ibrr-fixtures'

const frrOn = settings({ allowFrr: true })

describe('FRR offers, priced from the FRR queue', () => {
  it('chooses FRR when its queue is short and its rate high, and says why it beat the fixed rates', () => {
    const p = plan(ordinaryMarket({ frr: 0.0003, frrAmountAvailable: 1_000 }), account({ available: 5_000 }), frrOn, NOW)
    const frr = p.place.filter((o) => o.type === 'FRRDELTAVAR')
    expect(frr.length).toBeGreaterThan(0)
    for (const o of frr) {
      expect(o.rate).toBe(0)
      expect(o.reason).toMatch(
        /^FRR offer \(FRR is 0\.0300 %\/day \(10\.9 % APR before fee\) now and floats\) for \d+ days: about 1 min behind 1000\.00 USD queued at FRR, \d+ % chance to fill within 30 min; worth about \d+\.\d % APR before fee over 30 days, with loans that last ~[\d.]+ days on average, more than the best fixed rate \(\d+\.\d % APR\)\.$/
      )
    }
  })

  it('does not choose FRR when its queue is long, and says what the queue would cost', () => {
    for (const queue of [276e6, 0]) {
      // 0 = the ticker does not say: the calibrated typical queue (276 M USD) stands in, never an empty one.
      const p = plan(ordinaryMarket({ frr: 0.0003, frrAmountAvailable: queue }), account({ available: 5_000 }), frrOn, NOW)
      expect(p.place.length).toBeGreaterThan(0)
      expect(p.place.some((o) => o.type === 'FRRDELTAVAR'), `queue ${queue}`).toBe(false)
      expect(p.reasons.join(' ')).toMatch(
        /FRR \(0\.0300 %\/day \(10\.9 % APR before fee\)\) is not used: a new FRR offer would wait about (\d+) h behind 276 M USD queued at FRR, worth ~\d+\.\d % APR before fee over 30 days, less than the offers IBRR places \(\d+\.\d % APR\)\./
      )
      const hours = Number(/wait about (\d+) h/.exec(p.reasons.join(' '))![1])
      expect(Math.abs(hours - expectedFrrWaitHours(FUSD_CALIBRATION, 276e6, 'central'))).toBeLessThanOrEqual(1)
    }
  })

  it('does not choose FRR when its queue is short but its rate is below what fixed offers earn', () => {
    const p = plan(ordinaryMarket({ frr: 0.00017, frrAmountAvailable: 1_000 }), account({ available: 5_000 }), frrOn, NOW)
    expect(p.place.length).toBeGreaterThan(0)
    expect(p.place.every((o) => o.type === 'LIMIT')).toBe(true)
  })

  it('uses FRR-fixed below FRR (a negative offset) where borrowers trade, when the FRR queue is long', () => {
    const m = ordinaryMarket({
      frr: 0.00025,
      frrAmountAvailable: 276e6,
      asks: [level(0.00023, 2, 20_000), level(0.0003, 2, 1e6)],
      trades: trades(60, 5_000, 0.0002375, 2, 2)
    })
    const p = plan(m, account({ available: 5_000 }), frrOn, NOW)
    const fixed = p.place.filter((o) => o.type === 'FRRDELTAFIX')
    expect(fixed.length).toBeGreaterThan(0)
    for (const o of fixed) {
      // 5 % below FRR: within Bitfinex's "offset larger than 30% of FRR" limit.
      expect(o.rate).toBeCloseTo(-0.0000125, 12)
      expect(o.reason).toMatch(/^FRR-fixed offer at FRR − 0\.0013 %\/day \(0\.0238 %\/day \(8\.7 % APR before fee\) now; it follows FRR while it waits and is fixed once taken\) for \d+ days: \d+ % chance to fill within 30 min; /)
    }
    expect(p.place.some((o) => o.type === 'FRRDELTAVAR')).toBe(false)
    // Without FRR allowed, the same market gets LIMIT offers only.
    expect(plan(m, account({ available: 5_000 }), settings(), NOW).place.every((o) => o.type === 'LIMIT')).toBe(true)
  })
})
