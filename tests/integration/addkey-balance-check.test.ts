// Adding a key through the contract (vault + live verification): a key that cannot read the lendable
// balance is refused at once with the permission to add, instead of being stored and failing at Start.
import { afterEach, describe, expect, it } from 'vitest'
import { API_KEY, API_SECRET, PASSPHRASE, startHarness, type Harness } from '../support/coreHarness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('addKey checks the lendable balance can be read', () => {
  it('refuses a Margin-Funding-only key that cannot read the balance and stores nothing', async () => {
    h = await startHarness({ scopes: ['funding:rw'], addKey: false })
    const { check, status } = await h.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE })
    expect(check.accepted).toBe(false)
    expect(check.messages[0]).toMatch(/Wallets \(read\)/)
    expect(status.stored).toBe(false)
  })

  it('stores a key with Wallets read', async () => {
    h = await startHarness({ scopes: ['funding:rw', 'wallets:r'], addKey: false })
    const { check, status } = await h.call('addKey', { apiKey: API_KEY, apiSecret: API_SECRET, passphrase: PASSPHRASE })
    expect(check.accepted).toBe(true)
    expect(status.stored).toBe(true)
  })
})
