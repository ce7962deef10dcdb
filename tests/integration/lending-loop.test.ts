// The lending loop end to end: the real core (IBRR, Bitfinex adapter, stores, vault) against the local
// test exchange on a manual clock. Each test states a promise the loop makes to users.
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, offeredOnExchange, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

const openOffers = (currency = 'USD') => h.exchange.state(API_KEY).offers.filter((o) => o.symbol === `f${currency}`)

describe('lending loop', () => {
  it('places a ladder within the balance, and a second Start does not place twice', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    const [a, b] = await Promise.all([h.call('startLending'), h.call('startLending')])
    expect(a.state).toBe('running')
    expect(b.state).toBe('running')
    const offers = openOffers()
    expect(offers.length).toBeGreaterThan(1)
    expect(offeredOnExchange(h)).toBeLessThanOrEqual(5000)
    for (const o of offers) expect(o.amount).toBeGreaterThanOrEqual(150)

    // Another cycle with nothing changed must not add offers on top of the existing ones.
    const before = offers.map((o) => o.id).sort()
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    expect(openOffers().map((o) => o.id).sort()).toEqual(before)
  })

  it('dry run explains the plan and places nothing', async () => {
    h = await startHarness()
    await h.call('updateSettings', { dryRun: true })
    const status = await h.call('startLending')
    expect(status.message).toMatch(/Dry run/)
    expect(openOffers()).toHaveLength(0)
    const decisions = await h.call('listDecisions', { limit: 50 })
    const places = decisions.filter((d) => d.kind === 'place')
    expect(places.length).toBeGreaterThan(0)
    for (const d of places) {
      expect(d.dryRun).toBe(true)
      expect(d.message).toMatch(/^Would place: .*%\/day/)
    }
  })

  it('after a partial fill the loan is shown and nothing is lent twice', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const first = openOffers()[0]
    h.exchange.fill(API_KEY, first.id, 400)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())

    const [usd] = await h.call('getAccount')
    expect(usd.lent).toBeCloseTo(400, 8)
    expect(usd.offered + usd.lent + (usd.available ?? 0)).toBeCloseTo(5000, 6)
    expect(offeredOnExchange(h) + usd.lent).toBeLessThanOrEqual(5000 + 1e-8)
  })

  it('a restart mid-cycle never double-places: the exchange is the source of truth', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    await h.call('startLending')
    const placed = offeredOnExchange(h)
    // Crash after the cancels, before any placement: the offers are gone, the money is back in the wallet.
    for (const o of openOffers()) h.exchange.account(API_KEY).offers.delete(o.id)
    await h.restart()
    await h.call('unlockVault', { passphrase: 'correct horse battery staple' })
    await h.call('startLending')
    expect(offeredOnExchange(h)).toBeCloseTo(placed, 6)

    // And a restart with offers still open adds nothing on top of them.
    const ids = openOffers().map((o) => o.id).sort()
    await h.restart()
    await h.call('unlockVault', { passphrase: 'correct horse battery staple' })
    await h.call('startLending')
    expect(offeredOnExchange(h)).toBeLessThanOrEqual(5000)
    expect(openOffers().map((o) => o.id).sort()).toEqual(ids)
  })

  it('a submit whose answer is lost is not repeated (the adapter re-reads the offers)', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    h.exchange.injectFault({ kind: 'applyThenDrop', path: 'funding/offer/submit', times: 1 })
    await h.call('startLending')
    const offers = openOffers()
    expect(offeredOnExchange(h)).toBeLessThanOrEqual(5000)
    const decisions = await h.call('listDecisions', { limit: 100 })
    // Every offer on the exchange was recorded once as placed: nothing lost, nothing duplicated.
    const placedIds = decisions.filter((d) => d.kind === 'place').map((d) => d.offerId)
    expect(new Set(placedIds).size).toBe(placedIds.length)
    for (const o of offers) expect(placedIds).toContain(o.id)
  })

  it('when the balance shrinks mid-cycle, nothing above it is offered and the error is a sentence', async () => {
    h = await startHarness({ balances: { USD: 5000 } })
    h.exchange.injectFault({ kind: 'slow', path: 'funding/offer/submit', delayMs: 150, times: 1 })
    const started = h.call('startLending')
    // The balance shrinks while the first (slow) submit is on its way: wait for that request itself, not
    // for a guessed number of milliseconds.
    const submits = (): number => h!.exchange.requests().filter((r) => r.path.includes('funding/offer/submit')).length
    while (submits() === 0) await new Promise((r) => setImmediate(r))
    h.exchange.setBalance(API_KEY, 'USD', 1200)
    await started
    expect(offeredOnExchange(h)).toBeLessThanOrEqual(1200 + 1e-8)

    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    expect(offeredOnExchange(h)).toBeLessThanOrEqual(1200 + 1e-8)
    expect(offeredOnExchange(h)).toBeGreaterThan(0)
    const decisions = await h.call('listDecisions', { limit: 100 })
    // What could not be placed is said in sentences (an error or a hold), never as a stack trace.
    const told = decisions.filter((d) => d.kind === 'error' || d.kind === 'hold')
    expect(told.length).toBeGreaterThan(0)
    for (const e of told) expect(e.message).not.toMatch(/at .*\.ts:\d+|Error:/)
  })

  it('waits during maintenance and resumes after', async () => {
    h = await startHarness()
    h.exchange.setMaintenance(true)
    const status = await h.call('startLending')
    expect(status.message).toMatch(/maintenance/i)
    expect(openOffers()).toHaveLength(0)

    h.exchange.setMaintenance(false)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    expect(openOffers().length).toBeGreaterThan(0)
  })

  it('backs off a rate-limited currency for at least a minute, then resumes', async () => {
    h = await startHarness()
    h.exchange.injectFault({ kind: 'ratelimit11010', path: 'funding/offers', times: 1 })
    const status = await h.call('startLending')
    expect(status.message).toMatch(/USD: .*(rate|limit|requests)/i)
    expect(openOffers()).toHaveLength(0)

    h.core.runCycleNow('test')
    await h.nextCycle()
    expect(openOffers()).toHaveLength(0) // still inside the ban

    await h.clock.advance(61_000)
    h.core.runCycleNow('test')
    await h.pump(h.nextCycle())
    expect(openOffers().length).toBeGreaterThan(0)
  })

  it("one currency's error never stops the others", async () => {
    h = await startHarness({ balances: { USD: 5000, UST: 3000 } })
    await h.call('updateSettings', { currencies: { UST: { enabled: true } } })
    h.exchange.injectFault({ kind: 'http500', path: 'fUST', times: 50 })
    const status = await h.call('startLending')
    expect(status.message).toMatch(/UST/)
    expect(openOffers('USD').length).toBeGreaterThan(0)
    expect(openOffers('UST')).toHaveLength(0)
    const errors = (await h.call('listDecisions', { limit: 100 })).filter((d) => d.kind === 'error')
    expect(errors.some((e) => e.currency === 'UST')).toBe(true)
    expect(errors.some((e) => e.currency === 'USD')).toBe(false)
  })

  it('refuses bad settings with a clear sentence and keeps the old ones', async () => {
    h = await startHarness({ addKey: false })
    await expect(h.call('updateSettings', { loopIntervalSec: 5 })).rejects.toThrow(/30 s/)
    await expect(h.call('updateSettings', { currencies: { USD: { minPeriod: 30, maxPeriod: 7 } } })).rejects.toThrow(/longest period/)
    await expect(h.call('updateSettings', { currencies: { USD: { minDailyRate: -1 } } })).rejects.toThrow(/negative/)
    const s = await h.call('getSettings')
    expect(s.loopIntervalSec).toBe(60)
    expect(s.currencies.USD.maxPeriod).toBe(120)
  })

  it('cancels its offers on stop when asked to', async () => {
    h = await startHarness()
    await h.call('updateSettings', { cancelOffersOnStop: true })
    await h.call('startLending')
    expect(openOffers().length).toBeGreaterThan(0)
    const status = await h.call('stopLending')
    expect(status.state).toBe('stopped')
    expect(openOffers()).toHaveLength(0)
  })

  it('hands idle money to Bitfinex auto-renew on quit and takes it back on start', async () => {
    h = await startHarness()
    await h.call('startLending')
    await h.core.shutdown()
    expect(h.exchange.state(API_KEY).autoRenew.USD).toBeDefined()
    expect(h.core.wasRunningAtLastExit()).toBe(true)

    await h.restart()
    await h.call('unlockVault', { passphrase: 'correct horse battery staple' })
    await h.call('startLending')
    expect(h.exchange.state(API_KEY).autoRenew.USD).toBeUndefined()
  })

  it('says what is missing when there is no key, instead of failing silently', async () => {
    h = await startHarness({ addKey: false })
    await expect(h.call('startLending')).rejects.toThrow(/key/i)
    expect((await h.call('getStatus')).state).toBe('stopped')
  })
})
