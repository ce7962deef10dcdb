// The auto-lock as the app runs it: the real core (vault, loop, settings) against the local test
// exchange. A running loop keeps the passphrase key however long it runs; once lending stops, the idle
// time the user set (vaultAutoLockMinutes) starts, and then the key must be unlocked again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/coreHarness'

const MIN = 60_000
let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('vault auto-lock in the running app', () => {
  it('never while lending runs; after the chosen idle time once it stops', async () => {
    await h.call('updateSettings', { vaultAutoLockMinutes: 5 })
    await h.call('startLending')
    await h.pump(h.nextCycle())
    for (let i = 0; i < 3; i++) {
      await h.clock.advance(20 * MIN)
      await h.pump(h.nextCycle())
    }
    expect((await h.call('getVaultStatus')).locked).toBe(false)
    await h.call('stopLending')
    // Let the last cycle's follow-up reads finish (each use of the key restarts the idle count).
    await new Promise((r) => setTimeout(r, 300))
    await h.clock.advance(3 * MIN)
    expect((await h.call('getVaultStatus')).locked).toBe(false)
    await h.clock.advance(10 * MIN)
    expect((await h.call('getVaultStatus')).locked).toBe(true)
    await expect(h.call('startLending')).rejects.toThrow(/passphrase/i)
  }, 60_000)
})
