// Which notifications fire: offer filled, loan returned with its interest, errors that need the user.
import { describe, expect, it } from 'vitest'
import type { CurrencySummary, ServiceStatus } from '../../src/shared/contract'
import type { Loan } from '../../src/shared/domain'
import { fundingLoan } from '../support/loanFixture'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import {
  estimatedNetInterest,
  NotificationGate,
  notificationsFor,
  type DesktopNotification
} from '../../src/main/desktop/notificationRules'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 1)
const allOn = DEFAULT_SETTINGS.notifications

const loan = (id: number, over: Partial<Loan> = {}): Loan => fundingLoan(id, T0, over)
const summary = (loans: Loan[], currency: CurrencySummary['currency'] = 'USD'): CurrencySummary => ({
  currency,
  available: 0,
  offered: 0,
  lent: loans.reduce((s, l) => s + l.amount, 0),
  idle: 0,
  utilization: 1,
  balanceNote: null,
  offers: [],
  loans
})
const status = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  state: 'running',
  mode: 'live',
  message: 'Lending.',
  dryRun: false,
  lastCycleAt: null,
  nextCycleAt: null,
  needsAttention: false,
  ...over
})
const titles = (ns: DesktopNotification[]) => ns.map((n) => `${n.title}: ${n.body}`)

describe('account changes', () => {
  it('the first account seen is only a baseline', () => {
    expect(notificationsFor({ kind: 'account', prev: null, next: [summary([loan(1)])], now: T0 }, allOn)).toEqual([])
  })

  it('a new loan is an offer filled, with amount, APR and period', () => {
    const out = notificationsFor({ kind: 'account', prev: [summary([])], next: [summary([loan(7, { amount: 2500, rate: 0.0003, period: 2 })])], now: T0 }, allOn)
    expect(titles(out)).toEqual(['Offer filled: 2,500.00 USD lent at 10.9 % APR before fee for 2 days.'])
    expect(out[0].kind).toBe('offerFilled')
  })

  it('a loan that disappears is returned, with the interest it earned after the fee', () => {
    const held = loan(3, { amount: 1000, rate: 0.0002, openedAt: T0 - 10 * DAY })
    // 1000 × 0.0002 × 10 days × 0.85 = 1.70
    expect(estimatedNetInterest(held, T0)).toBeCloseTo(1.7, 10)
    const out = notificationsFor({ kind: 'account', prev: [summary([held])], next: [summary([])], now: T0 }, allOn)
    expect(titles(out)).toEqual(["Loan returned: 1,000.00 USD back after 10 days, with about 1.70 USD interest after Bitfinex's fee."])
  })

  it('BTC amounts get six decimals', () => {
    const btc = loan(4, { symbol: 'fBTC', amount: 0.5, rate: 0.0001, openedAt: T0 - 2 * DAY })
    const out = notificationsFor({ kind: 'account', prev: [summary([btc], 'BTC')], next: [summary([], 'BTC')], now: T0 }, allOn)
    expect(out[0].body).toBe("0.500000 BTC back after 2 days, with about 0.000085 BTC interest after Bitfinex's fee.")
  })

  it('unchanged loans, and a currency missing from before, say nothing', () => {
    const same = [summary([loan(1)])]
    expect(notificationsFor({ kind: 'account', prev: same, next: same, now: T0 }, allOn)).toEqual([])
    expect(notificationsFor({ kind: 'account', prev: [summary([], 'BTC')], next: [summary([loan(9)])], now: T0 }, allOn)).toEqual([])
  })

  it('many fills at once become one summary', () => {
    const loans = [1, 2, 3, 4, 5].map((id) => loan(id, { amount: 200 }))
    const out = notificationsFor({ kind: 'account', prev: [summary([])], next: [summary(loans)], now: T0 }, allOn)
    expect(titles(out)).toEqual(['5 offers filled: 1,000.00 USD newly lent.'])
  })

  it('each kind can be switched off', () => {
    const input = { kind: 'account' as const, prev: [summary([loan(1, { openedAt: T0 - DAY })])], next: [summary([loan(2)])], now: T0 }
    expect(notificationsFor(input, allOn).map((n) => n.kind).sort()).toEqual(['loanReturned', 'offerFilled'])
    expect(notificationsFor(input, { ...allOn, offerFilled: false }).map((n) => n.kind)).toEqual(['loanReturned'])
    expect(notificationsFor(input, { ...allOn, loanReturned: false }).map((n) => n.kind)).toEqual(['offerFilled'])
  })
})

describe('errors and status', () => {
  it('auth, permission, vault and maintenance errors need the user; routine ones do not', () => {
    for (const kind of ['auth', 'permission', 'maintenance', 'vaultLocked'] as const) {
      const out = notificationsFor({ kind: 'error', error: { kind, message: `m-${kind}`, currency: null } }, allOn)
      expect(out).toEqual([{ kind: 'needsAttention', title: 'LendPace needs you', body: `m-${kind}`, key: `attention:m-${kind}` }])
    }
    for (const kind of ['network', 'rateLimit', 'nonce', 'invalidOffer', 'timeout'] as const) {
      expect(notificationsFor({ kind: 'error', error: { kind, message: 'x', currency: 'USD' } }, allOn)).toEqual([])
    }
    expect(notificationsFor({ kind: 'error', error: { kind: 'auth', message: 'x', currency: null } }, { ...allOn, needsAttention: false })).toEqual([])
  })

  it('status notifies only when attention becomes needed', () => {
    const bad = status({ needsAttention: true, message: 'Your API key was revoked.' })
    expect(titles(notificationsFor({ kind: 'status', prev: status(), next: bad }, allOn))).toEqual(['LendPace needs you: Your API key was revoked.'])
    expect(notificationsFor({ kind: 'status', prev: bad, next: bad }, allOn)).toEqual([])
    expect(notificationsFor({ kind: 'status', prev: null, next: bad }, allOn)).toHaveLength(1)
    expect(notificationsFor({ kind: 'status', prev: bad, next: status() }, allOn)).toEqual([])
  })
})

describe('NotificationGate', () => {
  const n = (key: string, kind: DesktopNotification['kind'] = 'needsAttention'): DesktopNotification => ({ kind, title: 't', body: 'b', key })

  it('does not repeat the same news within the repeat window', () => {
    const gate = new NotificationGate(3_600_000, 0)
    expect(gate.admit(n('a'), T0)).toBe(true)
    expect(gate.admit(n('a'), T0 + 3_599_999)).toBe(false)
    expect(gate.admit(n('a'), T0 + 3_600_000)).toBe(true)
  })

  it('lets only one attention notification through per burst, but never holds back fills', () => {
    const gate = new NotificationGate(3_600_000, 120_000)
    expect(gate.admit(n('attention:key revoked'), T0)).toBe(true)
    expect(gate.admit(n('attention:Your key was revoked.'), T0 + 1000)).toBe(false)
    expect(gate.admit(n('filled:1', 'offerFilled'), T0 + 1000)).toBe(true)
    expect(gate.admit(n('filled:2', 'offerFilled'), T0 + 1001)).toBe(true)
    expect(gate.admit(n('attention:maintenance'), T0 + 120_000)).toBe(true)
  })
})
