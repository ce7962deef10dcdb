// The earnings glance: every figure after Bitfinex's 15 % fee, realized APR and FRR over the same days,
// windows shortened to what the ledger covers, and the all-currency line only over priced currencies.
import { describe, expect, it } from 'vitest'
import { glanceRow, glanceTotal, usdValueOf, type GlanceInput } from '../../src/main/core/earnings/glance'
import type { Loan } from '../../src/shared/domain'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 11, 1, 12)
const loan = (amount: number, rate: number): Loan => ({ id: amount, symbol: 'fUSD', kind: 'loan', amount, rate, rateType: 'FIXED', period: 2, openedAt: NOW - DAY, lastPayoutAt: null })

const base: GlanceInput = { currency: 'USD', source: 'ledger', loans: [], capital: 10_000, payments: [], frrHistory: [], now: NOW }

describe('earnings glance', () => {
  it('earning now is the open loans\' daily interest after fee, and the blended rate is amount-weighted', () => {
    const row = glanceRow({ ...base, loans: [loan(3000, 0.0002), loan(1000, 0.0006)] })
    // gross 0.6 + 0.6 = 1.2 USD/day; after the 15 % fee 1.02.
    expect(row.earningPerDay).toBeCloseTo(1.02, 10)
    expect(row.blendedDailyRate).toBeCloseTo(0.0003, 12)
    expect(row.lent).toBe(4000)
    expect(glanceRow(base).blendedDailyRate).toBeNull()
  })

  it('realized APR after fee and FRR after fee over the same days', () => {
    const payments = Array.from({ length: 30 }, (_, i) => ({ id: i, currency: 'USD', mts: NOW - i * DAY - 1000, amount: 2, description: '' }))
    const frrHistory = Array.from({ length: 30 * 24 }, (_, i) => ({ mts: NOW - i * 3_600_000, frrDaily: i < 7 * 24 ? 0.0004 : 0.0002 }))
    const row = glanceRow({ ...base, payments, frrHistory })
    const [w7, w30] = row.windows
    expect(w7.coveredDays).toBe(7)
    expect(w7.earned).toBeCloseTo(14, 10)
    expect(w7.realizedAprNet).toBeCloseTo((14 / 10_000) * (365 / 7), 10)
    expect(w7.frrAprNet).toBeCloseTo(0.0004 * 365 * 0.85, 10)
    expect(w30.coveredDays).toBe(30)
    expect(w30.realizedAprNet).toBeCloseTo((60 / 10_000) * (365 / 30), 10)
    expect(w30.frrAprNet).toBeCloseTo(((7 * 0.0004 + 23 * 0.0002) / 30) * 365 * 0.85, 6)
  })

  it('a user who started three days ago is measured over three days, not seven', () => {
    const payments = [1, 2, 3].map((d) => ({ id: d, currency: 'USD', mts: NOW - (d - 1) * DAY - 1000, amount: 3, description: '' }))
    const [w7] = glanceRow({ ...base, payments }).windows
    expect(w7.coveredDays).toBe(3)
    expect(w7.realizedAprNet).toBeCloseTo((9 / 10_000) * (365 / 3), 10)
    expect(w7.frrAprNet).toBeNull()
  })

  it('the all-currency line adds priced currencies and names the ones it leaves out', () => {
    const usd = glanceRow({ ...base, loans: [loan(1000, 0.0002)] })
    const ust = glanceRow({ ...base, currency: 'UST', loans: [loan(3000, 0.0004)] })
    const btc = glanceRow({ ...base, currency: 'BTC', capital: 1, loans: [loan(0.5, 0.0001)] })
    const total = glanceTotal([usd, ust, btc], 'USD', usdValueOf)
    expect(total.excluded).toEqual(['BTC'])
    expect(total.earningPerDay).toBeCloseTo((0.2 + 1.2) * 0.85, 10)
    expect(total.blendedDailyRate).toBeCloseTo((0.2 + 1.2) / 4000, 12)
    expect(total.lent).toBe(4000)
  })
})
