// A rung that must fill soon takes the low end of where the recent market traded, not the floor below it.
// Before Dec 2026 a market known only from hourly candles gave IBRR no candidate rate between the floor and
// the median close: when the model's fill chance at the typical rates fell (an offer there waiting past its
// horizon, or the user's own waits), the ladder's first rungs, which must fill within the horizon with
// chance ≥ 1 − (k + ½)/n, went to the floor, far below every recent close (on the replay of the real
// bot's last days, 25–74 % of IBRR's lent capital-time in the low band sat at the 0.01 %/day floor).
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import { HOUR, NOW, account, candles, market, offer, settings } from './ibrr-fixtures'

// Closes cycle 0.00015 … 0.00024 (the 10th percentile 0.00015), every hour trading 0.0001 … 0.00026.
const closes = [0.00015, 0.00018, 0.00021, 0.00024]
const candleOnly = market({
  candles: candles(72, { open: 0.0002, close: 0.0002, high: 0.00026, low: 0.0001, volume: 300_000 }, (k) => closes[k % closes.length])
})
// One of our offers at the median close has waited two hours, past its 30-min horizon: evidence that
// demand at and above that rate comes slower than the model says (plan.ts addWaitEvidence).
const waited = offer({ id: 7, amount: 1000, rate: 0.00019, createdAt: NOW - 2 * HOUR, updatedAt: NOW - 2 * HOUR })

describe('the low end of the recent closes is a candidate rate', () => {
  it('the rungs that must fill soon go to the low end of the recent closes, not to the floor below them all', () => {
    const s = settings({ minDailyRate: 0.0001 })
    const p = plan(candleOnly, account({ available: 1000, offers: [waited] }), s, NOW)
    const rates = p.place.filter((o) => o.type === 'LIMIT').map((o) => o.rate)
    expect(rates.length).toBeGreaterThan(0)
    // Nothing below the lowest close of the last 72 hours: every recent hour ended at 0.00015 or above.
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(0.00015 * 0.98)
    // The fast rungs still say they fill soon.
    const fast = p.place.filter((o) => o.rate < 0.00018)
    expect(fast.length).toBeGreaterThan(0)
    for (const o of fast) expect(o.fillProbability).toBeGreaterThanOrEqual(0.9)
  })
})
