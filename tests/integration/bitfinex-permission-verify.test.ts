// Missing scopes → permission errors; verifyKey verdicts on real permission answers; lendable balance
// with keys that can and cannot read it (never a guessed amount).
import { afterEach, describe, expect, it } from 'vitest'
import { verifyKey } from '../../src/main/exchange/verifyKey'
import { KEY, rejection, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
})

const withScopes = (scopes: string[]) => ({ ...KEY, scopes })

describe('permissions', () => {
  it('a read-only funding key cannot submit: permission error, not retried', async () => {
    pair = await startPair({ key: withScopes(['funding:r', 'wallets:r']) })
    const err = await rejection(pair.bfx.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 200, rate: 0.0003, period: 2 }))
    expect(err.kind).toBe('permission')
    expect(pair.hits('/offer/submit')).toBe(1)
    expect(pair.ex.state(KEY.apiKey).offers).toEqual([])
  })

  it('a key without history read cannot read interest payments', async () => {
    pair = await startPair({ key: withScopes(['funding:rw']) })
    expect((await rejection(pair.bfx.interestPayments('USD'))).kind).toBe('permission')
  })
})

describe('verifyKey', () => {
  it('accepts funding read+write with wallets read', async () => {
    pair = await startPair({ key: withScopes(['funding:rw', 'wallets:r']) })
    const check = await verifyKey(pair.bfx, { balanceCurrency: 'USD' })
    expect(check.accepted).toBe(true)
    expect(check.messages).toEqual([])
  })

  it('refuses a key with withdraw read', async () => {
    pair = await startPair({ key: withScopes(['funding:rw', 'withdraw:r']) })
    const check = await verifyKey(pair.bfx)
    expect(check.accepted).toBe(false)
    expect(check.scopes.find((s) => s.scope === 'withdraw')?.verdict).toBe('refused')
  })

  it('refuses a key without funding write (Bitfinex lists funding with write 0)', async () => {
    pair = await startPair({ key: withScopes(['funding:r', 'wallets:r']) })
    expect((await verifyKey(pair.bfx)).accepted).toBe(false)
  })

  it('warns about extra scopes', async () => {
    pair = await startPair({ key: withScopes(['funding:rw', 'wallets:r', 'orders:rw']) })
    const check = await verifyKey(pair.bfx)
    expect(check.accepted).toBe(true)
    expect(check.scopes.find((s) => s.scope === 'orders')?.verdict).toBe('warning')
  })

  it('refuses a key that cannot read the lendable balance, naming the permission to add', async () => {
    pair = await startPair({ key: withScopes(['funding:rw']) })
    const check = await verifyKey(pair.bfx)
    expect(check.accepted).toBe(false)
    expect(check.scopes.find((s) => s.scope === 'wallets')).toMatchObject({ verdict: 'refused' })
    expect(check.messages[0]).toMatch(/cannot read your USD funding balance.*Add the "Wallets \(read\)" permission/)
  })

  it('accepts a funding-only key where the available-balance calculation answers it', async () => {
    pair = await startPair({ key: withScopes(['funding:rw']), exchange: { calcAvailScope: 'funding:r' } })
    expect((await verifyKey(pair.bfx)).accepted).toBe(true)
  })
})

describe('lendableBalance', () => {
  it('uses the available-balance calculation when the key may call it', async () => {
    pair = await startPair({ key: withScopes(['funding:rw']), exchange: { calcAvailScope: 'funding:r' } })
    await pair.bfx.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 2_500, rate: 0.0003, period: 2 })
    expect(await pair.bfx.lendableBalance('USD')).toEqual({ readable: true, amount: 7_500, source: 'calc' })
    expect(pair.hits('/auth/r/wallets')).toBe(0)
  })

  it('falls back to the funding wallet row when the calculation is refused', async () => {
    pair = await startPair({ key: withScopes(['funding:rw', 'wallets:r']), exchange: { calcAvailScope: 'account:r' } })
    expect(await pair.bfx.lendableBalance('USD')).toEqual({ readable: true, amount: 10_000, source: 'wallets' })
    expect(await pair.bfx.lendableBalance('BTC')).toEqual({ readable: true, amount: 0, source: 'wallets' })
  })

  it('with a funding-only key that can read neither: unreadable, names the permission, no amount', async () => {
    pair = await startPair({ key: withScopes(['funding:rw']) })
    const b = await pair.bfx.lendableBalance('USD')
    expect(b).toMatchObject({ readable: false, neededPermission: 'Wallets (read)' })
    expect(b).not.toHaveProperty('amount')
  })
})
