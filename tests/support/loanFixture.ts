// A Bitfinex funding loan for tests: 1,000 USD at 0.02 %/day, with only what a test cares about changed.
import type { Loan } from '../../src/shared/domain'

export const fundingLoan = (id: number, openedAt: number, over: Partial<Loan> = {}): Loan => ({
  id,
  symbol: 'fUSD',
  kind: 'credit',
  amount: 1000,
  rate: 0.0002,
  rateType: 'FIXED',
  period: 30,
  openedAt,
  lastPayoutAt: null,
  ...over
})
