// Authentication failures and "nonce: small" against the test exchange: typed errors, clear
// sentences, no secret in them, and exactly one request each (no retry storm).
import { afterEach, describe, expect, it } from 'vitest'
import { createBitfinexExchange, memoryNonceStore } from '../../src/main/exchange/bitfinex'
import { NONCE_MESSAGE } from '../../src/main/exchange/bitfinex/errorMapping'
import { KEY, rawSignedPost, rejection, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

describe('authentication', () => {
  it('a wrong secret fails with kind auth, is not retried and does not leak the secret', async () => {
    pair = await startPair({ secretOverride: 'not-the-real-secret' })
    const err = await rejection(pair.bfx.activeOffers('USD'))
    expect(err.kind).toBe('auth')
    expect(err.code).toBe(10100)
    expect(err.message).not.toContain('not-the-real-secret')
    expect(err.message).not.toContain(KEY.apiSecret)
    expect(pair.hits('/auth/')).toBe(1)
    expect(JSON.stringify(pair.logLines)).not.toContain('not-the-real-secret')
  })

  it('an unknown key fails with kind auth', async () => {
    pair = await startPair()
    const stranger = createBitfinexExchange({
      credentials: async () => ({ apiKey: 'nobody', apiSecret: 'x' }),
      authUrl: pair.ex.url,
      publicUrl: pair.ex.url,
      clock: pair.clock,
      nonceStore: memoryNonceStore()
    })
    const err = await rejection(stranger.keyPermissions())
    expect(err.kind).toBe('auth')
    expect(pair.hits('/auth/')).toBe(1)
  })

  it('a locked vault (credentials provider failing) sends nothing', async () => {
    pair = await startPair({ adapter: { credentials: async () => Promise.reject(new Error('vault locked: secret=abc')) } })
    const err = await rejection(pair.bfx.activeOffers('USD'))
    expect(err.kind).toBe('auth')
    expect(err.message).not.toContain('secret=abc')
    expect(pair.hits('/auth/')).toBe(0)
  })
})

describe('nonce: small', () => {
  it('after another program used a bigger nonce on the key: nonce error with advice, one request, no storm', async () => {
    pair = await startPair()
    await pair.bfx.activeOffers('USD') // works
    // Another tool on the same key, with a nonce scheme far ahead of ours.
    const other = await rawSignedPost(pair.ex.url, KEY.apiKey, KEY.apiSecret, '/auth/r/wallets', pair.clock.now() * 1000 + 10_000_000_000)
    expect(other.status).toBe(200)
    pair.ex.clearRequests()

    const err = await rejection(pair.bfx.activeOffers('USD'))
    expect(err.kind).toBe('nonce')
    expect(err.code).toBe(10114)
    expect(err.message).toBe(NONCE_MESSAGE)
    expect(err.retryable).toBe(false)
    expect(pair.hits('/auth/')).toBe(1)
    // Each later call also costs exactly one request (the loop decides when to try again).
    await rejection(pair.bfx.keyPermissions())
    expect(pair.hits('/auth/')).toBe(2)
  })

  it('the exchange sees strictly increasing nonces from serialized concurrent calls', async () => {
    pair = await startPair()
    await Promise.all([
      pair.bfx.activeOffers('USD'),
      pair.bfx.activeLoans('USD'),
      pair.bfx.keyPermissions(),
      pair.bfx.lendableBalance('USD'),
      pair.bfx.interestPayments('USD')
    ])
    const nonces = pair.ex.requests().filter((r) => r.nonce).map((r) => Number(r.nonce))
    expect(nonces.length).toBe(6)
    expect(pair.ex.requests().every((r) => r.status === 200)).toBe(true)
    for (let i = 1; i < nonces.length; i++) expect(nonces[i]).toBeGreaterThan(nonces[i - 1])
    expect(pair.nonces.value).toBe(Math.max(...nonces))
  })

  it('a restart with the clock stepped back still uses fresh nonces (persisted high-water mark)', async () => {
    pair = await startPair()
    await pair.bfx.activeOffers('USD')
    pair.clock.set(pair.clock.now() - 86_400_000)
    const restarted = createBitfinexExchange({
      credentials: async () => ({ apiKey: KEY.apiKey, apiSecret: KEY.apiSecret }),
      authUrl: pair.ex.url,
      publicUrl: pair.ex.url,
      clock: pair.clock,
      nonceStore: pair.nonces
    })
    await expect(restarted.activeOffers('USD')).resolves.toEqual([])
  })
})
