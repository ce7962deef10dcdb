import { describe, expect, it } from 'vitest'
import { diffLoans, estimatedNetInterest, fillSentence, LoanTracker, returnSentence, unseenReturn, unseenReturnSentence } from '../../src/main/core/earnings/loanTracker'
import { unseenReturnLives } from '../../src/main/core/learning/unseenReturns'
import type { Loan } from '../../src/shared/domain'
import { fundingLoan } from '../support/loanFixture'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 0, 10)
const loan = (id: number, over: Partial<Loan> = {}): Loan => fundingLoan(id, T0 - 2 * DAY, { period: 2, ...over })

describe('loan tracker: the one detection of fills and returns', () => {
  it('diffLoans: new ids filled, vanished ids returned', () => {
    const d = diffLoans([loan(1), loan(2)], [loan(2), loan(3)])
    expect(d.filled.map((l) => l.id)).toEqual([3])
    expect(d.returned.map((l) => l.id)).toEqual([1])
  })

  it('the first read is a baseline; later reads report fills and returns with the interest earned after fee', () => {
    const t = new LoanTracker()
    expect(t.observe('USD', [loan(1)], T0)).toEqual({ filled: [], returned: [] })
    const next = t.observe('USD', [loan(2)], T0)
    expect(next.filled.map((l) => l.id)).toEqual([2])
    expect(next.returned).toHaveLength(1)
    const { event } = next.returned[0]
    // 1000 × 0.0002 × 2 days × 0.85
    expect(event.interest).toBeCloseTo(0.34, 10)
    expect(event.interest).toBe(estimatedNetInterest(loan(1), T0))
    expect(event).toMatchObject({ id: 'loan-1', currency: 'USD', kind: 'loanClosed', loanId: 1, days: 2 })
    // Currencies are tracked apart.
    expect(t.observe('BTC', [], T0)).toEqual({ filled: [], returned: [] })
  })

  it('after reset (a mode switch) the next read is a new baseline, not news', () => {
    const t = new LoanTracker()
    t.observe('USD', [loan(1)], T0)
    t.reset()
    expect(t.observe('USD', [], T0)).toEqual({ filled: [], returned: [] })
  })

  it('says what happened in a sentence, rates as APR before fee, interest after fee', () => {
    expect(fillSentence(loan(1), 'USD')).toBe('Offer filled: 1,000.00 USD lent at 7.3 % APR before fee for 2 days.')
    const [{ event }] = (() => {
      const t = new LoanTracker()
      t.observe('USD', [loan(1)], T0)
      return t.observe('USD', [], T0).returned
    })()
    expect(returnSentence(loan(1), event, 'USD')).toBe("Loan returned: 1,000.00 USD back after 2 days, with about 0.34 USD interest after Bitfinex's fee.")
  })

  it('seeded with the loans last seen before this run, the first read reports what went meanwhile, as bounds', () => {
    const t = new LoanTracker()
    const lastSeen = T0 - 10 * 3_600_000
    t.seed('USD', [loan(1, { period: 30 }), loan(2)], lastSeen)
    const changes = t.observe('USD', [loan(2), loan(3)], T0)
    expect(changes.unseenSince).toBe(lastSeen)
    expect(changes.filled.map((l) => l.id)).toEqual([3])
    const [{ event }] = changes.returned
    // Known: it was open 2 days − 10 h when last seen, and gone now (2 days in). The event keeps the lower bound.
    expect(event).toMatchObject({ id: 'loan-1', at: lastSeen, loanId: 1 })
    expect(event.days).toBeCloseTo(2 - 10 / 24, 10)
    expect(event.interest).toBe(estimatedNetInterest(loan(1), lastSeen))
    expect(unseenReturnSentence(loan(1, { period: 30 }), lastSeen, T0, 'USD')).toBe(
      "Loan returned while LendPace was not watching: 1,000.00 USD came back some time in the 10 h since LendPace last saw it, after about 2 days, with 0.27–0.34 USD interest after Bitfinex's fee."
    )
    // Only the first read after the start is compared with the seed; later ones are ordinary.
    expect(t.observe('USD', [loan(2)], T0).unseenSince).toBeUndefined()
  })

  it('a loan returned unseen lived at most its period, and earned at most that', () => {
    // Opened 2 days before T0 for 2 days; last seen 1 day in; the app comes back 5 days later.
    const bounds = unseenReturn(loan(1), T0 - DAY, T0 + 3 * DAY)
    expect(bounds.days).toEqual([1, 2])
    expect(bounds.interest[1]).toBe(estimatedNetInterest(loan(1), T0))
    expect(unseenReturnSentence(loan(1), T0 - DAY, T0 + 3 * DAY, 'USD')).toMatch(/some time in the 4 days since LendPace last saw it, after 1–2 days, with 0\.17–0\.34 USD/)
  })

  it('the learning record gets a censored life at the length last seen, never a closed one', () => {
    const lives = unseenReturnLives('USD', [loan(1, { period: 30 })], T0 - DAY)
    expect(lives).toEqual([{ currency: 'USD', period: 30, lifeDays: 1, outcome: 'open', at: T0 - DAY }])
  })

  it('a reset forgets the seed too (another mode\'s account)', () => {
    const t = new LoanTracker()
    t.seed('USD', [loan(1)], T0 - DAY)
    t.reset()
    expect(t.observe('USD', [], T0)).toEqual({ filled: [], returned: [] })
  })
})
