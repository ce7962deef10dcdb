// checkKeyScopes with the permission lists Bitfinex really returns: every scope, flagged 0/1.
import { describe, expect, it } from 'vitest'
import { checkKeyScopes } from '../../src/main/exchange/keyCheck'

const all = (granted: Record<string, [boolean, boolean]>) =>
  ['account', 'history', 'orders', 'positions', 'funding', 'settings', 'wallets', 'withdraw', 'ui_withdraw', 'bfxpay'].map((scope) => ({
    scope,
    read: granted[scope]?.[0] ?? false,
    write: granted[scope]?.[1] ?? false
  }))

describe('checkKeyScopes', () => {
  it('accepts funding read+write with wallets read', () => {
    const c = checkKeyScopes(all({ funding: [true, true], wallets: [true, false] }))
    expect(c.accepted).toBe(true)
    expect(c.messages).toEqual([])
  })

  it('refuses a key whose listed funding scope is not granted (0/0)', () => {
    const c = checkKeyScopes(all({ wallets: [true, false] }))
    expect(c.accepted).toBe(false)
    expect(c.scopes.find((s) => s.scope === 'funding')?.verdict).toBe('refused')
  })

  it('refuses any withdraw-type scope, read or write, including unknown future ones', () => {
    expect(checkKeyScopes(all({ funding: [true, true], withdraw: [true, false] })).accepted).toBe(false)
    expect(checkKeyScopes([...all({ funding: [true, true] }), { scope: 'eaas_withdraw', read: false, write: true }]).accepted).toBe(false)
  })

  it('refuses funding read without write', () => {
    expect(checkKeyScopes(all({ funding: [true, false] })).accepted).toBe(false)
  })

  it('warns about extra scopes but accepts', () => {
    const c = checkKeyScopes(all({ funding: [true, true], orders: [true, true] }))
    expect(c.accepted).toBe(true)
    expect(c.scopes.find((s) => s.scope === 'orders')?.verdict).toBe('warning')
    expect(c.messages).toHaveLength(1)
  })
})
