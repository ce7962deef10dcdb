// "IBRR vs auto-renew since you started" through the real core against the local test exchange, on a
// manual clock: the loop's own ticker reads feed the shadow (no extra request), the first whole day is
// compared with Bitfinex's ledger once it is paid, the record survives a restart, paper mode keeps its own,
// and the display currency converts the line at the trading price the app reads.
import { afterEach, describe, expect, it } from 'vitest'
import type { FundingTicker } from '../../src/shared/domain'
import { API_KEY, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

const MINUTE = 60_000
// A steady market: FRR 0.03 %/day with 13.62 M USD queued at FRR (10 h at the calibrated 1.362 M USD/h).
const TICKER: FundingTicker = {
  frr: 0.0003,
  bid: 0.00028,
  bidPeriod: 30,
  bidSize: 8e7,
  ask: 0.0003,
  askPeriod: 2,
  askSize: 3e7,
  dailyChange: 0,
  dailyChangePerc: 0,
  lastPrice: 0.0003,
  volume: 1.5e8,
  high: 0.00035,
  low: 0.00025,
  frrAmountAvailable: 13.62e6
}
// Lent 17.772 h (the calibrated 2-day loan's mean life) out of every 27.772 h.
const SHARE = 17.772 / 27.772

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** Cycles every 50 minutes (under the 3,600 s interval's jitter, so the loop's own timer never fires) until `until`. */
async function cyclesUntil(until: number): Promise<void> {
  while (h.clock.now() + 50 * MINUTE <= until) {
    await h.clock.advance(50 * MINUTE)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle(), 1)
  }
}

describe('shadow benchmark through the core', () => {
  it('is too early before a whole paid day, then compares the ledger with auto-renew over that day', async () => {
    h = await startHarness({ scopes: ['funding:rw', 'wallets:r', 'history:r'], balances: { USD: 5000 } })
    h.exchange.setMarket('fUSD', { ticker: TICKER })
    await h.call('updateSettings', { loopIntervalSec: 3600 })
    expect((await h.call('getEarningsGlance')).shadow?.state).toBe('notStarted')

    const requestsBefore = h.exchange.requests().length
    const startAt = h.clock.now()
    await h.call('startLending')
    const early = (await h.call('getEarningsGlance')).shadow!
    expect(early.state).toBe('tooEarly')
    // From the first cycle (the harness's manual clock moves a second per call while I/O runs).
    expect(early.startedAt).toBeGreaterThanOrEqual(startAt)
    expect(early.startedAt).toBeLessThan(startAt + 5 * MINUTE)
    // The shadow reads nothing itself: the ticker is read once per cycle, by the loop.
    const tickerReads = h.exchange.requests().slice(requestsBefore).filter((r) => r.path.includes('/ticker/fUSD')).length
    expect(tickerReads).toBe(1)

    // The harness starts on 24 Nov 12:00; 25 Nov is the first whole day. Bitfinex pays it the next morning.
    await cyclesUntil(Date.UTC(2026, 10, 26, 5, 0))
    expect((await h.call('getEarningsGlance')).shadow?.state).toBe('tooEarly')
    const [offer] = h.exchange.state(API_KEY).offers
    const loanId = h.exchange.fill(API_KEY, offer.id)
    h.exchange.returnLoan(API_KEY, loanId, 2)
    await cyclesUntil(Date.UTC(2026, 10, 26, 7, 0))

    const glance = await h.call('getEarningsGlance')
    const shadow = glance.shadow!
    expect(shadow).toMatchObject({ state: 'ready', mode: 'live', days: 1, firstDay: '2026-11-25', lastDay: '2026-11-25', displayCurrency: 'USD' })
    expect(shadow.actual).toBeCloseTo(2, 8)
    // 5,000 USD × 0.0003 × 1 day × 0.85 = 1.275 USD if always lent; × 17.772/27.772 behind the FRR queue.
    expect(shadow.autoRenewAllLent).toBeCloseTo(1.275, 8)
    expect(shadow.autoRenew).toBeCloseTo(1.275 * SHARE, 8)
    expect(shadow.waitHours).toBeCloseTo(10, 8)
    expect(shadow.lentShare).toBeCloseTo(SHARE, 8)

    // A restart keeps the record: the same figures after the unlock.
    await h.restart()
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    const after = (await h.call('getEarningsGlance')).shadow!
    expect(after.days).toBe(1)
    expect(after.autoRenew).toBeCloseTo(shadow.autoRenew, 12)
    expect(after.startedAt).toBe(shadow.startedAt)

    // In BTC at the BTC/USD price the app reads (a hair under the test exchange's 60,000).
    await h.call('updateSettings', { displayCurrency: 'BTC' })
    const inBtc = await h.call('getEarningsGlance')
    expect(inBtc.total.displayCurrency).toBe('BTC')
    expect(inBtc.shadow?.displayCurrency).toBe('BTC')
    const btcPrice = 2 / inBtc.shadow!.actual
    expect(btcPrice).toBeGreaterThan(59_000)
    expect(btcPrice).toBeLessThanOrEqual(60_000)
    expect(inBtc.shadow!.autoRenew * btcPrice).toBeCloseTo(shadow.autoRenew, 8)
    expect(inBtc.total.lent * btcPrice).toBeCloseTo(glance.total.lent, 6)

    // Paper money has its own record, which starts with its own first cycle.
    await h.call('setMode', { mode: 'paper' })
    expect((await h.call('getEarningsGlance')).shadow).toMatchObject({ state: 'notStarted', mode: 'paper' })
    await h.call('setMode', { mode: 'live' })
    expect((await h.call('getEarningsGlance')).shadow?.days).toBe(1)
  }, 60_000)
})
