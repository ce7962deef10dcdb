// After a restart: lending that was running resumes by itself once the key is unlocked, the account
// from the last run is there (marked by its time) while the key is locked, and the earnings glance and
// "cancel all my offers" work through the contract. Real core, real test exchange, manual clock.
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read()
    if (ok(v)) return v
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('condition not reached')
}

describe('restart and resume', () => {
  it('waits for the passphrase, shows the last run meanwhile, then resumes on unlock', async () => {
    h = await startHarness()
    await h.call('startLending')
    const offersBefore = h.exchange.state(API_KEY).offers.length
    expect(offersBefore).toBeGreaterThan(0)
    await h.call('getAccount')
    await h.restart()

    const waiting = await until(() => h.call('getStatus'), (s) => s.resumeAfterUnlock === true)
    expect(waiting.state).toBe('stopped')
    expect(waiting.message).toMatch(/passphrase/)
    await expect(h.call('getAccount')).rejects.toThrow(/passphrase/)
    const known = await h.call('getLastKnownAccount')
    expect(known?.account.find((a) => a.currency === 'USD')?.offers.length).toBeGreaterThan(0)

    await h.call('unlockVault', { passphrase: PASSPHRASE })
    const status = await h.call('getStatus')
    expect(status.state).toBe('running')
    expect(status.resumeAfterUnlock).toBeUndefined()
  })

  it('does not resume what was stopped before the close', async () => {
    h = await startHarness()
    await h.call('startLending')
    await h.call('stopLending')
    await h.restart()
    await h.call('unlockVault', { passphrase: PASSPHRASE })
    expect((await h.call('getStatus')).state).toBe('stopped')
  })

  it('cancels every open offer on request and says how many', async () => {
    h = await startHarness()
    await h.call('startLending')
    await h.call('stopLending')
    const open = h.exchange.state(API_KEY).offers.length
    expect(open).toBeGreaterThan(0)
    expect(await h.call('cancelAllOffers')).toEqual({ cancelled: open })
    expect(h.exchange.state(API_KEY).offers).toHaveLength(0)
  })
})
