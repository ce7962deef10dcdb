// The glance's FRR comparison needs a month of hourly FRR: read in full once, then only the hours that are
// new, so a dashboard left open does not spend Bitfinex's 30-a-minute funding-stats budget on old points.
import { afterEach, describe, expect, it } from 'vitest'
import { endpointOf } from '../../src/main/exchange/bitfinex/endpoints'
import { startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const statsReads = () => h.exchange.requests().filter((r) => endpointOf(r.path.replace(/^\/v2/, '')).key === 'fundingStats')

describe('the glance FRR history', () => {
  it('is read in full once, then only the new hours', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    h.exchange.clearRequests()
    const first = await h.call('getEarningsGlance')
    const full = statsReads().length
    expect(full).toBeGreaterThan(1)

    await h.clock.advance(6 * 60_000)
    h.exchange.clearRequests()
    const second = await h.call('getEarningsGlance')
    expect(statsReads()).toHaveLength(1)
    const start = Number(new URL(statsReads()[0].path, 'http://x').searchParams.get('start'))
    expect(start).toBeGreaterThan(first.at - 3_600_000)
    // The comparison still covers the whole window.
    expect(second.rows[0].windows.map((w) => w.frrAprNet === null)).toEqual(first.rows[0].windows.map((w) => w.frrAprNet === null))
  })
})
