import { describe, expect, it } from 'vitest'
import { diffLoans, estimatedNetInterest, fillSentence, LoanTracker, returnSentence } from '../../src/main/core/earnings/loanTracker'
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
})
