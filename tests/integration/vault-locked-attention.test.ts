// A locked vault when a cycle needs the key is something only the user can fix: the real core (vault,
// loop, settings) against the local test exchange must say so in its status — needs attention, with the
// sentence that tells them what to do — not just refuse and stay quiet (a tray click would otherwise fail
// with nothing but a log line).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServiceStatus } from '../../src/shared/contract'
import { DEFAULT_VAULT_AUTO_LOCK_MINUTES } from '../../src/shared/settings'
import { startHarness, type Harness } from '../support/coreHarness'

const MIN = 60_000
let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('a locked vault at cycle time', () => {
  it('turns the status into "needs attention" with the sentence to unlock it', async () => {
    // Lock the passphrase key the way the app does: the idle time (15 minutes by default) passes while lending is stopped.
    await h.clock.advance(DEFAULT_VAULT_AUTO_LOCK_MINUTES * MIN + MIN)
    expect((await h.call('getVaultStatus')).locked).toBe(true)
    expect(h.core.status().needsAttention).toBe(false)

    const seen = h.events.length
    // The first cycle of a start (the tray's Start does exactly this) needs the key.
    // No pump: the refusal needs no I/O (and pump would hold the rejection unhandled while it moves the clock).
    await expect(h.core.start()).rejects.toMatchObject({ kind: 'vaultLocked' })

    const status = h.core.status()
    expect(status.needsAttention).toBe(true)
    expect(status.state).not.toBe('running')
    expect(status.message).toMatch(/passphrase/i)
    // The window and the tray hear it as a status event, as they hear every status.
    const told = h.events.slice(seen).filter((e) => e.name === 'status').map((e) => e.payload as ServiceStatus)
    expect(told.some((s) => s.needsAttention && /passphrase/i.test(s.message))).toBe(true)
  }, 30_000)
})
