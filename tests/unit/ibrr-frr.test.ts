// FRR as a priced candidate: plain FRR waits behind the FRR queue (the ticker's FRR amount available,
// drained at the calibrated rate); FRR-fixed below FRR is priced from the book like a LIMIT offer.
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { expectedFrrWaitHours, FUSD_CALIBRATION } from '../../src/shared/calibration'
import { account, level, MIN, NOW, offer, ordinaryMarket, settings, trades } from './ibrr-fixtures'

const frrOn = settings({ allowFrr: true })
/** Borrowers trade just below FRR while hundreds of millions queue at FRR itself: FRR-fixed territory. */
const frrFixedMarket = () =>
  ordinaryMarket({
    frr: 0.00025,
    frrAmountAvailable: 276e6,
    asks: [level(0.00023, 2, 20_000), level(0.0003, 2, 1e6)],
    trades: trades(60, 5_000, 0.0002375, 2, 2)
  })

describe('FRR offers, priced from the FRR queue', () => {
  it('chooses FRR when its queue is short and its rate high, and says why it beat the fixed rates', () => {
    const p = plan(ordinaryMarket({ frr: 0.0003, frrAmountAvailable: 1_000 }), account({ available: 5_000 }), frrOn, NOW)
    const frr = p.place.filter((o) => o.type === 'FRRDELTAVAR')
    expect(frr.length).toBeGreaterThan(0)
    for (const o of frr) {
      expect(o.rate).toBe(0)
      expect(o.reason).toMatch(
        /^FRR offer \(FRR is 0\.0300 %\/day \(10\.9 % APR before fee\) now and floats\) for \d+ days: about 1 min behind 1000\.00 USD queued at FRR, \d+ % chance to fill within 30 min; worth about \d+\.\d % APR before fee over 31 days, with loans that last ~[\d.]+ days on average(, lent again at [^,]+ as they come back)?, more than the best fixed rate \(\d+\.\d % APR\)\.$/
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
        /FRR \(0\.0300 %\/day \(10\.9 % APR before fee\)\) is not used: a new FRR offer would wait about (\d+) h behind 276 M USD queued at FRR, worth ~\d+\.\d % APR before fee over 31 days, less than the offers IBRR places \(\d+\.\d % APR\)\./
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
    const m = frrFixedMarket()
    const p = plan(m, account({ available: 5_000 }), frrOn, NOW)
    const fixed = p.place.filter((o) => o.type === 'FRRDELTAFIX')
    expect(fixed.length).toBeGreaterThan(0)
    for (const o of fixed) {
      // 5 % below FRR: within Bitfinex's "offset larger than 30% of FRR" limit.
      expect(o.rate).toBeCloseTo(-0.0000125, 12)
      expect(o.reason).toMatch(/^FRR-fixed offer at FRR − 0\.0013 %\/day \(0\.0238 %\/day \(8\.7 % APR before fee\) now; it follows FRR while it waits and is fixed once taken\) for \d+ days: (over )?\d+ % chance to fill within 30 min; /)
    }
    expect(p.place.some((o) => o.type === 'FRRDELTAVAR')).toBe(false)
    // Without FRR allowed, the same market gets LIMIT offers only.
    expect(plan(m, account({ available: 5_000 }), settings(), NOW).place.every((o) => o.type === 'LIMIT')).toBe(true)
  })

  it('reprices a stale FRR-fixed offer whose effective rate is beyond the threshold of the target, like a LIMIT offer', () => {
    // Before: any FRR-fixed target of the same period counted as "on target", whatever its offset, so an
    // FRR-fixed offer parked at another offset was never repriced and its money waited for hours.
    const m = frrFixedMarket()
    const target = plan(m, account({ available: 5_000 }), frrOn, NOW).place.find((o) => o.type === 'FRRDELTAFIX')!
    const aged = { createdAt: NOW - 120 * MIN, updatedAt: NOW - 120 * MIN }
    // Bitfinex reports an FRR offer's effective rate (FRR + offset now) as its rate.
    const stale = (rate: number) => offer({ id: 7, type: 'FRRDELTAFIX', amount: 5_000, rate, period: target.period, ...aged })
    const far = plan(m, account({ offers: [stale(0.00025 * 0.7)] }), frrOn, NOW)
    expect(far.cancel.map((c) => c.offerId)).toEqual([7])
    expect(far.cancel[0].reason).toMatch(/^Reprice offer 7 /)
    // Just past its horizon (a longer wait is evidence that moves the target, see the reprice tests).
    const near = plan(m, account({ offers: [{ ...stale(0.00025 + target.rate), createdAt: NOW - 35 * MIN, updatedAt: NOW - 35 * MIN }] }), frrOn, NOW)
    expect(near.cancel).toEqual([])
  })
})
