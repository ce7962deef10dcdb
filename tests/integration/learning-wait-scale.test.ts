// The fill model's own wait learns from the user's fills: an offer the loop places carries IBRR's
// expected wait, the recorder keeps it by offer id, and the fill the next cycle sees is recorded with
// it, so the wait scale θ has what it is learned against. Real core, real test exchange, manual clock.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fillObservationSchema } from '../../src/shared/domain'
import { API_KEY, startHarness, type Harness } from '../support/coreHarness'

const MIN = 60_000

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

const learnedFills = (dir: string) =>
  readFileSync(join(dir, 'learning-live.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"kind":"fill"'))
    .map((l) => fillObservationSchema.parse(JSON.parse(l)))

describe('the wait scale learns from fills of offers the loop placed', () => {
  it('records a fill with the model wait its offer was placed with, even when it fills before the next read', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const placed = h.exchange.state(API_KEY).offers.filter((o) => o.type === 'LIMIT')
    expect(placed.length).toBeGreaterThan(0)
    const first = placed[0]
    // It fills 30 minutes after it was placed and before any cycle has read it back: the recorder knows it
    // only from the placement.
    await h.clock.advance(30 * MIN)
    h.exchange.fill(API_KEY, first.id, first.amount)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())

    // Only the fill is asserted: how far pump() moves the manual clock depends on the machine's load, so
    // another offer may also have outlived its expected wait and been repriced (recorded as censored).
    const fills = learnedFills(h.dataDir).filter((f) => f.outcome === 'filled')
    expect(fills).toHaveLength(1)
    expect(fills[0].outcome).toBe('filled')
    expect(fills[0].period).toBe(first.period)
    expect(fills[0].waitMinutes).toBeGreaterThanOrEqual(29)
    expect(fills[0].waitMinutes).toBeLessThanOrEqual(31 + 1)
    expect(fills[0].expectedWaitMinutes).toBeGreaterThan(0)
    expect(Number.isFinite(fills[0].expectedWaitMinutes)).toBe(true)
    const [usd] = await h.call('getAccount')
    expect(usd.fillModel).toMatch(/^fill model: prior \+ 1 of your fills/)
  }, 60_000)
})
