// Loans an account already holds when a simulation starts (createSimulatedExchange's startingLoans):
// they earn like any loan at the same fee, from the start on; occupy their capital; and return at their
// given end, never at a life drawn from the loan-life model.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { ExchangeError } from '../../src/main/exchange/errors'
import { createMemoryDataset, createReplayFeed, createSimulatedExchange, type StartingLoan } from '../../src/main/exchange/simulated'
import { BITFINEX_LENDER_FEE, type BookLevel } from '../../src/shared/domain'

const H = 3_600_000
const DAY = 24 * H
const T0 = Date.UTC(2026, 7, 1) // midnight: payouts fall on whole days
const lvl = (rate: number, period: number, amount: number): BookLevel => ({ rate, period, count: 1, amount })

/** A market with a deep 2-day bid every hour, so free money fills at once and keeps earning. */
function setup(startingLoans: StartingLoan[], balance: number) {
  const books = Array.from({ length: 24 * 50 }, (_, i) => ({ mts: T0 + i * H, book: { asks: [lvl(0.0004, 2, 1e6)], bids: [lvl(0.0002, 2, 1e7)] } }))
  const clock = new ManualClock(T0)
  const ex = createSimulatedExchange({ feed: createReplayFeed(createMemoryDataset('USD', { books })), clock, balances: { USD: balance }, startingLoans: { USD: startingLoans }, seed: 3, matchBookAgeMs: H })
  const at = async (t: number) => {
    clock.set(t)
    await ex.advanceTo(t)
  }
  const wallet = async () => {
    const b = await ex.lendableBalance('USD')
    return b.readable ? b.amount : NaN
  }
  return { ex, at, wallet }
}

const loan = (o: Partial<StartingLoan> = {}): StartingLoan => ({ amount: 5000, rate: 0.0003, period: 120, openedAt: T0 - 20 * DAY, endsAt: T0 - 20 * DAY + 120 * DAY, ...o })

describe('starting loans of the simulated exchange', () => {
  it('earn their own rate after the fee, from the start on (not the days before), and are paid daily', async () => {
    const { ex, at } = setup([loan()], 0)
    await at(T0 + 3 * DAY + 6 * H)
    const expected = 5000 * 0.0003 * (1 - BITFINEX_LENDER_FEE)
    const s = ex.stats('USD')
    expect(s.startingNet).toBeCloseTo(expected * 3.25, 9)
    expect(s.earnedNet).toBeCloseTo(expected * 3.25, 9)
    // Three midnights passed: three payouts of one day each.
    const paid = await ex.interestPayments('USD')
    expect(paid.map((p) => p.amount)).toEqual([expected, expected, expected].map((x) => expect.closeTo(x, 9)))
    // The 20 days before the start earned nothing here.
    expect(s.paidNet).toBeCloseTo(expected * 3, 9)
    const [l] = await ex.activeLoans('USD')
    expect(l).toMatchObject({ amount: 5000, rate: 0.0003, period: 120, openedAt: T0 - 20 * DAY, rateType: 'FIXED' })
  })

  it('occupy their capital: only the balance beside them can be offered, and utilization counts them', async () => {
    const { ex, at, wallet } = setup([loan()], 1000)
    expect(await wallet()).toBe(1000)
    await expect(ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 1001, rate: 0.0002, period: 2 })).rejects.toMatchObject({ kind: 'insufficientBalance' })
    await at(T0 + DAY)
    const s = ex.stats('USD')
    // Nothing but the starting loan was lent; the idle 1000 was not: utilization 5000 / 6000.
    expect(s.lentTime / s.equityTime).toBeCloseTo(5000 / 6000, 9)
    // Free money does earn next to them, and only the starting loan's part is counted as theirs.
    await ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 1000, rate: 0.0002, period: 2 })
    await at(T0 + 2 * DAY)
    expect(ex.stats('USD').earnedNet).toBeGreaterThan(ex.stats('USD').startingNet + 1e-6)
    expect(ex.stats('USD').startingNet).toBeCloseTo(5000 * 0.0003 * (1 - BITFINEX_LENDER_FEE) * 2, 9)
  })

  it('return exactly at their given end, however short the life model would have drawn them', async () => {
    // The 120-day loan lives of the calibration are mostly days to weeks: a drawn life would end sooner.
    const endsAt = T0 + 40 * DAY
    const { ex, at, wallet } = setup([loan({ endsAt })], 0)
    const daily = 5000 * 0.0003 * (1 - BITFINEX_LENDER_FEE)
    await at(endsAt - 60_000)
    expect(await ex.activeLoans('USD')).toHaveLength(1)
    // Only the 39 daily payouts are in the wallet, not the principal.
    expect(await wallet()).toBeCloseTo(daily * 39, 6)
    await at(endsAt)
    expect(await ex.activeLoans('USD')).toHaveLength(0)
    expect(ex.stats('USD').startingNet).toBeCloseTo(daily * 40, 9)
    // endsAt is a midnight: the principal and all 40 days of interest are back in the wallet.
    expect(await wallet()).toBeCloseTo(5000 + daily * 40, 6)
    expect(ex.stats('USD').loansReturned).toBe(1)
    expect(ex.stats('USD').fills).toBe(0)
  })

  it('refuse a starting loan that is not open at the start or runs past its term, with a sentence', () => {
    expect(() => setup([loan({ openedAt: T0 + H })], 0)).toThrow(ExchangeError)
    expect(() => setup([loan({ endsAt: T0 })], 0)).toThrow(/must be open at the simulation's start/)
    expect(() => setup([loan({ endsAt: T0 - 20 * DAY + 121 * DAY })], 0)).toThrow(/cannot run past its 120-day term/)
    expect(() => setup([loan({ period: 1 })], 0)).toThrow(/period 1/)
    expect(() => setup([loan({ rate: 0 })], 0)).toThrow(/positive amount and daily rate/)
  })
})
