// What the loop planned on reaches the renderer as one event per cycle, the account is read from Bitfinex
// once per cycle whatever else the dashboard asks meanwhile, and a saved setting re-plans at once
// (debounced) instead of at the next timer cycle. The real core against the local test exchange.
import { afterEach, describe, expect, it } from 'vitest'
import type { CycleSnapshot } from '../../src/shared/contract'
import { endpointOf } from '../../src/main/exchange/bitfinex/endpoints'
import { SETTINGS_REPLAN_DEBOUNCE_MS } from '../../src/main/core/lending/service'
import { API_KEY, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** The endpoints an account read consists of: wallet, offers, and the money borrowers hold. */
const ACCOUNT_ENDPOINTS = ['/auth/calc/order/avail', '/auth/r/funding/offers', '/auth/r/funding/credits', '/auth/r/funding/loans']

function accountReads(): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ACCOUNT_ENDPOINTS.map((e) => [e, 0]))
  for (const r of h.exchange.requests()) {
    const key = endpointOf(r.path.replace(/^\/v2/, '')).key
    if (key in counts) counts[key]++
  }
  return counts
}

const snapshots = (): CycleSnapshot[] => h.events.filter((e) => e.name === 'cycleSnapshot').map((e) => e.payload as CycleSnapshot)
const marketReads = (): number => h.exchange.requests().filter((r) => endpointOf(r.path.replace(/^\/v2/, '')).key === 'ticker').length

/** Let the loop's timers and I/O run for `ms` of clock time in small steps. */
async function runFor(ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await new Promise((r) => setTimeout(r, 5))
    await h.clock.advance(step)
  }
}

describe('the cycle snapshot', () => {
  it('is pushed once per cycle with the market and account the loop acted on, from one account read', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    h.exchange.clearRequests()
    await h.call('startLending')

    // The first cycle: nothing open yet, so nothing to cancel, and exactly one read of each part of the account.
    expect(accountReads()).toEqual({ '/auth/calc/order/avail': 1, '/auth/r/funding/offers': 1, '/auth/r/funding/credits': 1, '/auth/r/funding/loans': 1 })
    const [first] = snapshots()
    expect(snapshots()).toHaveLength(1)
    expect(first.mode).toBe('live')
    const usd = first.currencies.find((c) => c.currency === 'USD')!
    expect(usd.placed).toBeGreaterThan(0)
    expect(usd.plan.place).toHaveLength(usd.placed)
    // The account is the one the cycle left: exactly the offers now on the exchange, with IBRR's reasons.
    const onExchange = h.exchange.state(API_KEY).offers.filter((o) => o.symbol === 'fUSD')
    expect(usd.account.offers.map((o) => o.id).sort()).toEqual(onExchange.map((o) => o.id).sort())
    for (const o of usd.account.offers) expect(o.reason).toBeTruthy()
    expect(usd.account.offered + (usd.account.available ?? 0)).toBeCloseTo(5000, 6)
    expect(usd.market.takenAt).toBeGreaterThanOrEqual(first.takenAt)
    expect(usd.market.book.asks.length + usd.market.book.bids.length).toBeGreaterThan(0)

    // Later cycles, with a borrower taking money and the dashboard asking for earnings during the cycle.
    for (let i = 0; i < 3; i++) {
      const offer = h.exchange.state(API_KEY).offers[0]
      h.exchange.fill(API_KEY, offer.id, offer.amount / 2)
      h.exchange.clearRequests()
      // The cycle's read of the offers answers half a second late (real time), so the glance below is
      // surely asked while the cycle runs: it awaits the exchange before it reads the last cycle's account.
      h.exchange.injectFault({ kind: 'slow', path: '/auth/r/funding/offers', times: 1, delayMs: 500 })
      const eventsBefore = h.events.length
      const cycled = h.nextCycle()
      h.core.runCycleNow('test')
      // Asked while the cycle runs: served from the last cycle's account, with that cycle's time.
      const [glance, earnings] = await h.pump(Promise.all([h.core.handlers.getEarningsGlance(undefined), h.core.handlers.getEarnings({ currency: 'USD' })]))
      await h.pump(cycled)
      const fresh = h.events.slice(eventsBefore).filter((e) => e.name === 'cycleSnapshot').map((e) => e.payload as CycleSnapshot)
      expect(fresh).toHaveLength(1)
      expect(glance.accountAt).toBeLessThan(fresh[0].takenAt)
      expect(snapshots().map((s) => s.takenAt)).toContain(glance.accountAt)
      expect(earnings.currency).toBe('USD')

      // One read of offers and loans; the wallet once more only after cancels (they return money to it).
      const cancelled = fresh[0].currencies[0].cancelled
      expect(accountReads()).toEqual({
        '/auth/calc/order/avail': cancelled > 0 ? 2 : 1,
        '/auth/r/funding/offers': 1,
        '/auth/r/funding/credits': 1,
        '/auth/r/funding/loans': 1
      })
      // The fill the cycle saw is in the pushed account (and was written to the history once).
      expect(fresh[0].currencies[0].account.lent).toBeGreaterThan(0)
    }
    const fills = (await h.call('queryActivity', { kinds: ['fill'], limit: 100 })).events
    expect(fills.reduce((n, e) => n + e.count, 0)).toBe(3)
  })

  it('is not served once lending stops: the glance reads the account then', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    await h.call('stopLending')
    h.exchange.clearRequests()
    const glance = await h.call('getEarningsGlance')
    expect(accountReads()['/auth/r/funding/offers']).toBe(1)
    expect(glance.accountAt).toBe(glance.at)
  })
})

describe('saving settings', () => {
  it('re-plans within the debounce, and the new offers respect a floor above the market', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const [first] = snapshots()
    const market = first.currencies[0].market
    const floor = Number((market.book.asks[0].rate * 1.5).toPrecision(5))
    const timerCycleAt = h.core.status().nextCycleAt!

    const savedAt = h.clock.now()
    await h.core.handlers.updateSettings({ currencies: { USD: { minDailyRate: floor } } })
    const cycled = h.nextCycle()
    await h.pump(cycled, 100)
    const replan = snapshots()[1]
    expect(replan).toBeDefined()
    // Started by the save (after its debounce), long before the timer's cycle.
    expect(replan.takenAt - savedAt).toBeGreaterThanOrEqual(SETTINGS_REPLAN_DEBOUNCE_MS)
    expect(replan.takenAt - savedAt).toBeLessThan(SETTINGS_REPLAN_DEBOUNCE_MS + 1000)
    expect(replan.takenAt).toBeLessThan(timerCycleAt)

    const usd = replan.currencies[0]
    expect(usd.cancelled).toBe(first.currencies[0].placed)
    expect(usd.placed).toBeGreaterThan(0)
    const offers = h.exchange.state(API_KEY).offers.filter((o) => o.symbol === 'fUSD' && o.amount > 0)
    expect(offers.map((o) => o.id).sort()).toEqual(usd.account.offers.map((o) => o.id).sort())
    for (const o of offers) expect(o.rate).toBeGreaterThanOrEqual(floor)
    for (const p of usd.plan.place) expect(p.reason).toMatch(/your floor/)
  })

  it('waits for a cycle under way, then re-plans once after it', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const floor = Number((snapshots()[0].currencies[0].market.book.asks[0].rate * 1.5).toPrecision(5))
    // The next cycle's offers read takes a second of real time, so the debounce ends while it runs.
    h.exchange.injectFault({ kind: 'slow', path: '/auth/r/funding/offers', delayMs: 1000 })
    h.core.runCycleNow('test')
    await new Promise((r) => setTimeout(r, 100))
    await h.core.handlers.updateSettings({ currencies: { USD: { minDailyRate: floor } } })
    await h.clock.advance(SETTINGS_REPLAN_DEBOUNCE_MS)
    expect(snapshots()).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 1500))
    await runFor(5000)

    // The running cycle finished first; the re-plan came after it, not beside it, and only once.
    const [, during, after] = snapshots()
    expect(snapshots()).toHaveLength(3)
    expect(after.takenAt).toBeGreaterThan(during.takenAt)
    const offers = h.exchange.state(API_KEY).offers.filter((o) => o.symbol === 'fUSD' && o.amount > 0)
    expect(offers.length).toBeGreaterThan(0)
    for (const o of offers) expect(o.rate).toBeGreaterThanOrEqual(floor)
  })

  it('three saves in a row make one cycle; saves while stopped make none', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const ask = snapshots()[0].currencies[0].market.book.asks[0].rate
    const floors = [1.2, 1.4, 1.6].map((x) => Number((ask * x).toPrecision(5)))
    const timerCycleAt = h.core.status().nextCycleAt!
    for (const minDailyRate of floors) {
      await h.core.handlers.updateSettings({ currencies: { USD: { minDailyRate } } })
      await runFor(SETTINGS_REPLAN_DEBOUNCE_MS / 3)
    }
    await runFor(5000)
    expect(h.clock.now()).toBeLessThan(timerCycleAt)
    expect(snapshots()).toHaveLength(2)
    // The one re-plan used the last save.
    const replanned = snapshots()[1].currencies[0]
    expect(replanned.placed).toBeGreaterThan(0)
    for (const p of replanned.plan.place) expect(p.rate).toBeGreaterThanOrEqual(floors[2])

    await h.call('stopLending')
    h.exchange.clearRequests()
    await h.core.handlers.updateSettings({ currencies: { USD: { reserve: 400 } } })
    await runFor(5000)
    expect(snapshots()).toHaveLength(2)
    expect(marketReads()).toBe(0)
  })

  it("after a restart, the first cycle shows the reasons of the offers the last run placed (from the last-known account)", async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const placed = snapshots()[0].currencies[0].account.offers
    expect(placed.length).toBeGreaterThan(0)
    const seen = snapshots().length
    await h.restart()
    // Lending was running at the close: the unlock resumes it, and its first cycle runs.
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    await h.call('startLending')
    const first = snapshots()[seen].currencies[0].account.offers
    const kept = first.filter((o) => placed.some((p) => p.id === o.id))
    expect(kept.length).toBeGreaterThan(0)
    for (const o of kept) expect(o.reason).toBe(placed.find((p) => p.id === o.id)?.reason)
    for (const o of kept) expect(o.reason).toBeTruthy()
  })
})
