// The thin recorder in core: consecutive account views → the user's own fill and loan-life
// observations, stored per mode (paper never writes into the live record) and handed to plan().
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createOwnHistoryStore, diffAccount, FillRecorder, MAX_OBSERVATIONS, type Mode } from '../../src/main/core/learning'
import { createMemoryLogger } from '../../src/main/core/logging'
import { learnFromOwnHistory, learnFromSums, periodPriors, plan } from '../../src/main/ibrr'
import { account, HOUR, loan, MIN, NOW, offer, ordinaryMarket, settings } from './ibrr-fixtures'
import { seededRandom } from '../../src/shared/random'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function recorder(dir: string, mode: () => Mode) {
  const clock = new ManualClock(NOW)
  const logger = createMemoryLogger()
  const store = (m: Mode) => createOwnHistoryStore({ path: join(dir, `learning-${m}.jsonl`), logger, clock, label: `${m} record` })
  return new FillRecorder({ live: store('live'), paper: store('paper') }, mode)
}

describe('recording your own fills', () => {
  it('a filled offer gives its wait, a cancelled one a censored wait, a returned loan its life', () => {
    const filled = offer({ id: 1, amount: 500, rate: 0.00021, createdAt: NOW - 40 * MIN })
    const cancelled = offer({ id: 2, amount: 500, rate: 0.0003, createdAt: NOW - 90 * MIN })
    const old = loan({ id: 9, amount: 700, period: 30, openedAt: NOW - 3 * 24 * HOUR })
    const newLoan = loan({ id: 10, amount: 500, rate: 0.00021, period: 2, openedAt: NOW - 10 * MIN })
    const out = diffAccount('USD', { offers: [filled, cancelled], loans: [old] }, { offers: [], loans: [newLoan] }, [{ loanId: 9, days: 3 }], NOW)
    expect(out.fills).toEqual([
      { currency: 'USD', period: 2, waitMinutes: 30, outcome: 'filled', at: NOW - 10 * MIN },
      { currency: 'USD', period: 2, waitMinutes: 90, outcome: 'censored', at: NOW }
    ])
    expect(out.lives).toEqual([{ currency: 'USD', period: 30, lifeDays: 3, outcome: 'closed', at: NOW }])
  })

  it('stores observations across restarts, attaches them for plan(), and keeps paper apart from live', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lendpace-learning-'))
    dirs.push(dir)
    let mode: Mode = 'paper'
    const r = recorder(dir, () => mode)
    const o = offer({ id: 1, amount: 500, rate: 0.00021, createdAt: NOW - 40 * MIN })
    r.observe(account({ available: 0, offers: [o] }), NOW - 20 * MIN)
    const after = r.observe(account({ available: 0, loans: [loan({ id: 5, amount: 500, rate: 0.00021, openedAt: NOW - 5 * MIN })] }), NOW)
    expect(after.own?.fills).toHaveLength(1)
    expect(r.describe('USD', NOW)).toBe('fill model: prior + 1 of your fills')
    r.flush()
    mode = 'live'
    expect(r.describe('USD', NOW)).toBe('fill model: prior + 0 of your fills')
    // A restart reads the same record back.
    const again = recorder(dir, () => 'paper')
    expect(again.describe('USD', NOW)).toBe('fill model: prior + 1 of your fills')
    expect(recorder(dir, () => 'live').describe('USD', NOW)).toBe('fill model: prior + 0 of your fills')
    // And plan() takes it in: the recorded history is part of what it learns from.
    const p = plan(ordinaryMarket(), { ...after, available: 1_000 }, settings(), NOW)
    expect(p.place.length).toBeGreaterThan(0)
  })

  it('keeps the model wait of a placed offer with its fill, in the record of the mode it was placed in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lendpace-learning-'))
    dirs.push(dir)
    let mode: Mode = 'paper'
    const r = recorder(dir, () => mode)
    r.observe(account({ available: 1_000 }), NOW - 60 * MIN)
    const o = offer({ id: 7, amount: 1_000, rate: 0.00021, createdAt: NOW - 60 * MIN })
    r.placed('USD', o, { symbol: 'fUSD', type: 'LIMIT', amount: 1_000, rate: 0.00021, period: 2, fillProbability: 0.9, expectedWaitMinutes: 12, reason: '' })
    // Filled (and gone) before the next read: the placement is how the recorder knows it waited.
    const after = r.observe(account({ available: 0, loans: [loan({ id: 5, amount: 1_000, rate: 0.00021, openedAt: NOW - 24 * MIN })] }), NOW)
    expect(after.own?.fills).toEqual([{ currency: 'USD', period: 2, waitMinutes: 36, outcome: 'filled', at: NOW - 24 * MIN, expectedWaitMinutes: 12 }])
    // θ = (20 + 3) / 21, and the 2-day offers' own θ₂ = (10·θ + 3) / 11 ≈ 1.27: the figure IBRR counts them at.
    expect(r.describe('USD', NOW)).toBe('fill model: prior + 1 of your fills; your offers fill 1.3× slower than the model expected (from 1 of your offers)')
    mode = 'live'
    expect(r.observe(account({ available: 0 }), NOW).own?.fills).toEqual([])
    expect(r.describe('USD', NOW)).toBe('fill model: prior + 0 of your fills')
  })

  it('keeps the model wait of an offer placed before a restart, so its fill after it counts for the wait scale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lendpace-learning-'))
    dirs.push(dir)
    const before = recorder(dir, () => 'live')
    before.observe(account({ available: 1_000 }), NOW - 60 * MIN)
    const o = offer({ id: 7, amount: 1_000, rate: 0.00021, createdAt: NOW - 60 * MIN })
    before.placed('USD', o, { symbol: 'fUSD', type: 'LIMIT', amount: 1_000, rate: 0.00021, period: 2, fillProbability: 0.9, expectedWaitMinutes: 12, reason: '' })
    before.flush()
    // The app restarts: a new recorder on the same files sees the offer still open, then filled.
    const after = recorder(dir, () => 'live')
    after.observe(account({ available: 0, offers: [o] }), NOW - 30 * MIN)
    const filled = after.observe(account({ available: 0, loans: [loan({ id: 5, amount: 1_000, rate: 0.00021, openedAt: NOW - 24 * MIN })] }), NOW)
    expect(filled.own?.fills).toEqual([{ currency: 'USD', period: 2, waitMinutes: 36, outcome: 'filled', at: NOW - 24 * MIN, expectedWaitMinutes: 12 }])
    expect(after.describe('USD', NOW)).toMatch(/; your offers fill 1\.3× slower than the model expected \(from 1 of your offers\)$/)
  })

  it('keeps running sums that give the same estimate as the whole record, past the cap and across rebases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lendpace-learning-'))
    dirs.push(dir)
    const clock = new ManualClock(NOW)
    const store = createOwnHistoryStore({ path: join(dir, 'learning-live.jsonl'), logger: createMemoryLogger(), clock, label: 'live record' })
    const rnd = seededRandom(5)
    const periods = [2, 3, 7, 30, 120]
    const priors = periodPriors([2, 7, 30, 120])
    // 60 days of cycles, 30 min apart: ~2,900 fills and lives each, so the cap (2,000) drops old ones and
    // the reference time of the sums moves forward twice.
    for (let k = 0; k < 2_880; k++) {
      await clock.advance(30 * MIN)
      const at = clock.now()
      const period = periods[Math.floor(rnd() * periods.length)]
      const currency = rnd() < 0.8 ? 'USD' : 'BTC'
      store.add(
        // Half of them carry the model's wait at placement (the wait scale θ learns from those only).
        [{ currency, period, waitMinutes: rnd() * 300, outcome: rnd() < 0.7 ? 'filled' : 'censored', at, ...(rnd() < 0.5 ? { expectedWaitMinutes: 1 + rnd() * 100 } : {}) }],
        rnd() < 0.9 ? [{ currency, period, lifeDays: rnd() * period, outcome: rnd() < 0.8 ? 'closed' : 'open', at }] : []
      )
    }
    const now = clock.now() + HOUR
    for (const currency of ['USD', 'BTC']) {
      const own = store.get(currency)
      expect(own.sums).toBeDefined()
      const running = learnFromSums(priors, own.sums!, now)
      const whole = learnFromOwnHistory(priors, own.fills, own.lives, now)
      expect(running.ownFills).toBe(whole.ownFills)
      expect(running.ownLoans).toBe(whole.ownLoans)
      expect(running.waitScaleOffers).toBe(whole.waitScaleOffers)
      expect(running.waitScaleFills).toBeCloseTo(whole.waitScaleFills, 9)
      expect(running.waitScale).not.toBe(1)
      expect(running.waitScale).toBeCloseTo(whole.waitScale, 9)
      running.periods.forEach((p, k) => {
        expect(p.waitMinutes).toBeCloseTo(whole.periods[k].waitMinutes, 9)
        expect(p.lifeDays).toBeCloseTo(whole.periods[k].lifeDays, 9)
        expect(p.ownFills).toBeCloseTo(whole.periods[k].ownFills, 9)
        expect(p.waitScale).toBeCloseTo(whole.periods[k].waitScale, 9)
        expect(p.ownScaleFills).toBeCloseTo(whole.periods[k].ownScaleFills, 9)
      })
    }
    // Both currencies together hold the newest MAX_OBSERVATIONS fills.
    expect(store.get('USD').fills.length + store.get('BTC').fills.length).toBe(MAX_OBSERVATIONS)
  })
})
