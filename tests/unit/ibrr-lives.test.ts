// The period decision under measured loan lives: a long bid is worth only what its loans really earn
// before they come back, against short loans that come back early and wait again.
import { describe, expect, it } from 'vitest'
import { IBRR_PARAMS, longShareCap, plan } from '../../src/main/ibrr'
import type { LifeObservation } from '../../src/shared/domain'
import { account, calibratedMeanLife, HOUR, level, loan, NOW, ordinaryMarket, settings, statedLife } from './ibrr-fixtures'

const withLongBid = (rate: number) => ordinaryMarket({ bids: [level(rate, 120, 1e6), level(0.00019, 2, 5_000)] })
const lentLong = (p: ReturnType<typeof plan>): number => p.place.filter((o) => o.period === 120).reduce((s, o) => s + o.amount, 0)
/** `n` of the user's own 120-day loans that each lived `lifeDays`, returned over the last `n` hours. */
const ownLives = (lifeDays: number, n: number): LifeObservation[] =>
  Array.from({ length: n }, (_, k) => ({ currency: 'USD', period: 120, lifeDays, outcome: 'closed', at: NOW - k * HOUR }))

describe('long bids against rolling short loans, under the measured loan lives', () => {
  it('takes a long bid only when it beats rolling short loans: a bid above the short rate is not enough', () => {
    // The short market trades at ~0.00021; 120-day loans live as long as the calibrated prior says.
    for (const rate of [0.00021, 0.00022, 0.00023]) expect(lentLong(plan(withLongBid(rate), account({ available: 10_000 }), settings(), NOW)), `bid ${rate}`).toBe(0)
    const high = plan(withLongBid(0.0003), account({ available: 10_000 }), settings(), NOW)
    expect(lentLong(high)).toBeGreaterThan(0)
    const why = high.reasons.join(' ')
    expect(why).toMatch(
      /Borrowers bid 0\.0300 %\/day for 120 days\. Loans of that period last ~\d+ days on average \(calibrated prior\), so lending there is worth \d+\.\d % APR before fee over 31 days against \d+\.\d % APR for rolling 2-day loans \(they come back after ~[\d.]+ days and wait again\)/
    )
    expect(Math.abs(statedLife(why, /period last ~(\d+) days/) - calibratedMeanLife(120))).toBeLessThanOrEqual(0.5)
    expect(statedLife(why, /come back after ~([\d.]+) days/)).toBeCloseTo(calibratedMeanLife(2), 2)
  })

  it('the same bid gets less of the money when the loans are measured to live longer (a longer lock), more when shorter', () => {
    const m = withLongBid(0.0003)
    const prior = lentLong(plan(m, account({ available: 10_000 }), settings(), NOW))
    // The user's own 120-day loans ran their full term: the money is locked for months, beyond the horizon
    // the value counts, so the premium per locked day is small and the cap gives it less.
    const longLived = lentLong(plan(m, account({ available: 10_000, own: { fills: [], lives: ownLives(120, 60) } }), settings(), NOW))
    // They came back after a day: hardly a lock, just a better rate.
    const shortLived = lentLong(plan(m, account({ available: 10_000, own: { fills: [], lives: ownLives(1, 60) } }), settings(), NOW))
    expect(prior).toBeGreaterThan(0)
    expect(longLived).toBeLessThan(prior)
    expect(shortLived).toBeGreaterThan(longLived)
  })

  it('caps the long share by the premium and by how certain the loan-life estimate is', () => {
    const premium = 0.00003
    // More premium beyond the option premium → a larger share; fewer observations → a smaller one.
    const credible = IBRR_PARAMS.maxLongShareCeiling * (1 - 1 / Math.sqrt(36))
    const vague = IBRR_PARAMS.maxLongShareCeiling * (1 - 1 / Math.sqrt(4))
    const small = longShareCap(0.0061, 0.006, 15, premium, credible)
    const large = longShareCap(0.0075, 0.006, 15, premium, credible)
    expect(large).toBeGreaterThan(small)
    expect(longShareCap(0.0075, 0.006, 15, premium, vague)).toBeLessThan(large)
    expect(longShareCap(0.0059, 0.006, 15, premium, credible)).toBe(0)
    expect(large).toBeLessThanOrEqual(IBRR_PARAMS.maxLongShareCeiling)
    // In a plan: a bid far above the short market gets more of the money than one just above the bar.
    const far = lentLong(plan(withLongBid(0.0004), account({ available: 20_000 }), settings(), NOW))
    const near = lentLong(plan(withLongBid(0.00026), account({ available: 20_000 }), settings(), NOW))
    expect(far).toBeGreaterThan(near)
    expect(far).toBeLessThanOrEqual(IBRR_PARAMS.maxLongShareCeiling * 20_000)
  })
})

describe('loans that hold capital but are no evidence of loan lives (AccountState.notLifeEvidence)', () => {
  const DAY = 24 * HOUR
  const m = withLongBid(0.0003)
  // A 120-day loan open for 100 days: as a censored life it says "120-day loans live at least 100 days".
  const old = loan({ id: 7, amount: 3_000, period: 120, rate: 0.00025, openedAt: NOW - 100 * DAY })
  const withLoan = (l: ReturnType<typeof loan>, notLifeEvidence?: number[]) => plan(m, account({ available: 10_000, loans: [l], ...(notLifeEvidence ? { notLifeEvidence } : {}) }), settings(), NOW)
  const life = (p: ReturnType<typeof plan>) => statedLife(p.reasons.join(' '), /period last ~(\d+) days/)

  it('an open loan lengthens the learned life of its period, unless the account says it is no evidence', () => {
    // The same loan just opened: the same capital and long lock, but no lifetime yet to learn from.
    const fresh = withLoan({ ...old, openedAt: NOW })
    const evidence = withLoan(old)
    const marked = withLoan(old, [old.id])
    expect(life(evidence)).toBeGreaterThan(life(fresh))
    expect(life(marked)).toBe(life(fresh))
    // Everything else is as with the loan: it still holds its capital and its share of the long lock.
    expect(marked).toEqual(fresh)
    expect(lentLong(marked)).toBeLessThan(lentLong(plan(m, account({ available: 10_000 }), settings(), NOW)))
  })
})

describe('the long-lock cap counts the long money exposed to the same loan-life estimate', () => {
  // A borrower bid far above the short market (120- and 30-day offers both match it), and 8 000 USD
  // already lent long beside 10 000 to place: enough that the cap of the period it shares a life estimate with binds.
  const m = ordinaryMarket({ bids: [level(0.0004, 30, 1e6), level(0.00019, 2, 5_000)] })
  const lentFor = (p: ReturnType<typeof plan>, period: number): number => p.place.filter((o) => o.period === period).reduce((s, o) => s + o.amount, 0)
  const holding = (period: number, amount = 8_000) =>
    plan(m, account({ available: 10_000, loans: [loan({ id: 1, amount, period, rate: 0.0003, openedAt: NOW })] }), settings(), NOW)

  it('loans of one period use up its own cap, not that of a period whose lives were measured on other loans', () => {
    const [held30, held60, held120] = [holding(30), holding(60), holding(120)]
    expect(lentFor(held30, 30)).toBeLessThan(lentFor(held120, 30))
    expect(lentFor(held120, 120)).toBeLessThan(lentFor(held30, 120))
    // 60-day lives are read between the 30- and 120-day ones: 60-day loans count against both caps.
    expect(lentFor(held60, 30)).toBeLessThan(lentFor(held120, 30))
    expect(lentFor(held60, 120)).toBeLessThan(lentFor(held30, 120))
  })

  it('FRR locks count against the same caps', () => {
    // FRR high and its queue short: long FRR offers beside 8 000 USD already lent long.
    const frrMarket = ordinaryMarket({ frr: 0.0003, frrAmountAvailable: 1_000 })
    const frrLong = (period: number): number =>
      plan(frrMarket, account({ available: 10_000, loans: [loan({ id: 1, amount: 8_000, period, rate: 0.0003, openedAt: NOW })] }), settings({ allowFrr: true }), NOW)
        .place.filter((o) => o.type === 'FRRDELTAVAR' && o.period === 120)
        .reduce((s, o) => s + o.amount, 0)
    // Beside 30-day loans the FRR edge gets a 120-day share (6 000 of 18 000 here); 8 000 already in
    // 120-day loans fill more than that share, so no new 120-day FRR offer goes out beside them.
    expect(frrLong(30)).toBeGreaterThan(0)
    expect(frrLong(120)).toBe(0)
  })

  it('all long money together stays within the ceiling', () => {
    // 60 000 USD in 120-day loans beside 10 000 to place: 90 % of 70 000 leaves room for 3 000 more long.
    const p = holding(120, 60_000)
    const newLong = p.place.filter((o) => o.period > 2).reduce((s, o) => s + o.amount, 0)
    expect(lentFor(p, 30)).toBeGreaterThan(0)
    expect(60_000 + newLong).toBeLessThanOrEqual(IBRR_PARAMS.maxLongShareCeiling * 70_000 + 1e-6)
  })
})
