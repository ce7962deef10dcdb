// The tax export: every column filled where LendPace knows it (the ledger's payment spans, a returned
// loan's id, principal, rate, period and holding time) and "unknown" where it does not, never a guess.
import { describe, expect, it } from 'vitest'
import { earningsCsv, ledgerCsvRows, recordedCsvRows } from '../../src/main/core/earnings/earnings'

const DAY = 86_400_000
const T = Date.UTC(2026, 10, 25, 1, 30)
const rows = (csv: string) => csv.trim().split('\n').map((l) => l.split(','))

describe('earnings CSV', () => {
  it('ledger payments: the span since the previous payment of the same currency, loan details unknown', () => {
    const csv = earningsCsv(
      ledgerCsvRows([
        { id: 2, currency: 'USD', mts: T + DAY, amount: 0.85, description: 'Margin Funding Payment on wallet funding' },
        { id: 1, currency: 'USD', mts: T, amount: 1.7, description: 'Margin Funding Payment on wallet funding' },
        { id: 3, currency: 'BTC', mts: T + DAY, amount: 0.0001, description: 'Margin Funding Payment on wallet funding' }
      ])
    )
    const [header, first, second, btc] = rows(csv)
    expect(header).toEqual(['date', 'currency', 'amount_after_fee', 'fee', 'rate_daily', 'loan_id', 'principal', 'loan_period_days', 'interest_from', 'interest_to', 'source'])
    expect(first).toEqual(['2026-11-25T01:30:00.000Z', 'USD', '1.70000000', '0.30000000', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown', '2026-11-25T01:30:00.000Z', "Bitfinex's ledger"])
    expect(second.slice(8, 10)).toEqual(['2026-11-25T01:30:00.000Z', '2026-11-26T01:30:00.000Z'])
    // Another currency's payments have their own spans.
    expect(btc[1]).toBe('BTC')
    expect(btc[8]).toBe('unknown')
  })

  it('recorded loans: id, principal, rate, period and the time held', () => {
    const csv = earningsCsv(
      recordedCsvRows([
        { id: 'loan-7', at: T, currency: 'USD', kind: 'loanClosed', loanId: 7, principal: 1000, rate: 0.0004, period: 30, days: 1.5, interest: 0.51 },
        // Recorded before the period was kept: unknown, not made up.
        { id: 'loan-8', at: T + 1, currency: 'USD', kind: 'loanClosed', loanId: 8, principal: 500, rate: 0.0002, days: 2, interest: 0.17 }
      ])
    )
    const [, a, b] = rows(csv)
    expect(a).toEqual(['2026-11-25T01:30:00.000Z', 'USD', '0.51000000', '0.09000000', '0.0004', '7', '1000.00000000', '30', '2026-11-23T13:30:00.000Z', '2026-11-25T01:30:00.000Z', 'estimated by LendPace'])
    expect(b[7]).toBe('unknown')
    expect(b[5]).toBe('8')
  })
})
