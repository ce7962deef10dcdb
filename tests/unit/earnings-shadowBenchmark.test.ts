// The auto-renew shadow benchmark: a fixed FRR series on a manual clock gives exact USD figures; spans
// are priced at what was known when they began; gaps, unknown FRR and dry runs count nothing; only whole,
// settled days are compared against the ledger; the record survives a restart and keeps paper apart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FUSD_CALIBRATION } from '../../src/shared/calibration'
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings'
import type { AccountState, Loan, MarketSnapshot } from '../../src/shared/domain'
import { ManualClock } from '../../src/main/platform/clock'
import { createMemoryLogger } from '../../src/main/core/logging'
import {
  accrue,
  actualNetByDay,
  AUTO_RENEW_MODEL,
  compareShadow,
  shadowBenchmark,
  shadowObservation,
  type ShadowObservation,
  type ShadowState
} from '../../src/main/core/earnings/shadowBenchmark'
import { openShadowStore } from '../../src/main/core/storage/shadowStore'

const HOUR = 3_600_000
const DAY = 86_400_000
const D1 = Date.UTC(2026, 10, 24) // 24 Nov 2026 00:00 UTC
// 13.62 M USD queued at FRR drains in exactly 10 h at the calibrated central 1.362 M USD/h.
const QUEUE_10H = 13.62e6
// The calibrated mean life of a 2-day loan (central): 0.7405 d = 17.772 h, so lent 17.772 / 27.772 of the time.
const SHARE_10H = 17.772 / 27.772

/** Hourly readings on a manual clock from `from` for `hours` hours, FRR from `frrAt`. */
function hourly(clock: ManualClock, hours: number, frrAt: (t: number) => number, capital = 10_000, queueUsd = QUEUE_10H): ShadowObservation[] {
  const out: ShadowObservation[] = []
  for (let i = 0; i <= hours; i++) {
    out.push({ at: clock.now(), frrDaily: frrAt(clock.now()), queueUsd, capital })
    clock.set(clock.now() + HOUR)
  }
  return out
}
const run = (obs: ShadowObservation[], state: ShadowState | null = null): ShadowState => obs.reduce<ShadowState | null>((s, o) => accrue(s, o), state) as ShadowState

describe('auto-renew model', () => {
  it('uses the calibrated FRR queue and the 2-day loan life', () => {
    expect(AUTO_RENEW_MODEL.lifeHours).toBeCloseTo(0.7405 * 24, 10)
    expect(AUTO_RENEW_MODEL.waitHours(QUEUE_10H)).toBeCloseTo(10, 10)
    expect(AUTO_RENEW_MODEL.lentShare(QUEUE_10H)).toBeCloseTo(SHARE_10H, 10)
    // A ticker that reports no queue: the calibrated typical queue (276.3 M USD) stands in, ~203 h.
    expect(AUTO_RENEW_MODEL.waitHours(0)).toBeCloseTo(FUSD_CALIBRATION.frrQueue.typicalQueue.central / FUSD_CALIBRATION.frrQueue.drainPerHour.central, 10)
    expect(AUTO_RENEW_MODEL.waitHours(0)).toBeCloseTo(202.86, 1)
  })
})

describe('shadow accrual', () => {
  it('a fixed FRR series gives exact USD per day after the 15 % fee', () => {
    const clock = new ManualClock(D1)
    // 0.02 %/day on the first day, 0.04 %/day on the second.
    const state = run(hourly(clock, 48, (t) => (t < D1 + DAY ? 0.0002 : 0.0004)))
    expect(state.startedAt).toBe(D1)
    expect(state.days.map((d) => d.day)).toEqual(['2026-11-24', '2026-11-25'])
    const [a, b] = state.days
    // 10,000 USD × 0.0002 × 1 day × 0.85 = 1.70 USD if always lent; × 17.772/27.772 under the queue model.
    expect(a.allLentNet).toBeCloseTo(1.7, 10)
    expect(a.autoRenewNet).toBeCloseTo(1.7 * SHARE_10H, 10)
    expect(b.allLentNet).toBeCloseTo(3.4, 10)
    expect(b.autoRenewNet).toBeCloseTo(3.4 * SHARE_10H, 10)
    expect(a.coveredMs).toBe(DAY)
    expect(a.waitHoursMs / a.coveredMs).toBeCloseTo(10, 10)
  })

  it('prices each span at what was known when it began, split at midnight', () => {
    // 23:00 at 0.0002, 01:00 at 0.0010: the two hours across midnight are both priced at 0.0002.
    const s = run([
      { at: D1 + 23 * HOUR, frrDaily: 0.0002, queueUsd: QUEUE_10H, capital: 24_000 },
      { at: D1 + 25 * HOUR, frrDaily: 0.001, queueUsd: QUEUE_10H, capital: 24_000 }
    ])
    expect(s.days).toHaveLength(2)
    // 24,000 × 0.0002 × 1/24 day × 0.85 = 0.17 on each side of midnight.
    expect(s.days[0].allLentNet).toBeCloseTo(0.17, 12)
    expect(s.days[1].allLentNet).toBeCloseTo(0.17, 12)
    expect(s.days[1].day).toBe('2026-11-25')
  })

  it('counts nothing over a gap longer than two hours or while FRR is unknown', () => {
    const s = run([
      { at: D1, frrDaily: 0, queueUsd: 0, capital: 10_000 },
      { at: D1 + HOUR, frrDaily: 0.0003, queueUsd: 0, capital: 10_000 },
      { at: D1 + 4 * HOUR, frrDaily: 0.0003, queueUsd: 0, capital: 10_000 }, // 3 h later: the app was closed
      { at: D1 + 5 * HOUR, frrDaily: 0.0003, queueUsd: 0, capital: 10_000 }
    ])
    expect(s.days).toHaveLength(1)
    expect(s.days[0].coveredMs).toBe(HOUR)
    expect(s.days[0].allLentNet).toBeCloseTo((10_000 * 0.0003 * 0.85) / 24, 12)
    // A reading older than the last one changes nothing.
    expect(accrue(s, { at: D1, frrDaily: 1, queueUsd: 0, capital: 1 })).toBe(s)
  })
})

describe('comparison with what the user earned', () => {
  const clock = new ManualClock(D1 + 14 * HOUR)
  // Started at 14:00 on 24 Nov: the 24th is partial; the 25th and 26th are whole.
  const state = run(hourly(clock, 24 + 10 + 24 + 8, () => 0.0002))
  const payment = (mts: number, amount: number) => ({ id: mts, currency: 'USD', mts, amount, description: 'Margin Funding Payment on wallet funding' })
  const ledger = actualNetByDay({ source: 'ledger', payments: [payment(D1 + DAY + 90 * 60_000, 5), payment(D1 + 2 * DAY + 90 * 60_000, 1.25), payment(D1 + 3 * DAY + 90 * 60_000, 1.5)] }, 0)

  it('a payment pays the day before it; partial days are left out', () => {
    expect(ledger.get('2026-11-24')).toBe(5)
    expect(ledger.get('2026-11-25')).toBe(1.25)
    const c = compareShadow(state, ledger, 'ledger', D1 + 3 * DAY + 7 * HOUR)
    expect(c.days).toBe(2)
    expect([c.firstDay, c.lastDay]).toEqual(['2026-11-25', '2026-11-26'])
    expect(c.actual).toBe(2.75)
    expect(c.autoRenewAllLent).toBeCloseTo(2 * 1.7, 10)
    expect(c.autoRenew).toBeCloseTo(2 * 1.7 * SHARE_10H, 10)
    expect(c.waitHours).toBeCloseTo(10, 10)
  })

  it('a day counts from the ledger only once Bitfinex has had the morning to pay it', () => {
    expect(compareShadow(state, ledger, 'ledger', D1 + 2 * DAY + 5 * HOUR).days).toBe(0)
    expect(compareShadow(state, ledger, 'ledger', D1 + 2 * DAY + 6 * HOUR).days).toBe(1)
    // Recorded earnings are known at the day's end.
    expect(compareShadow(state, new Map(), 'recorded', D1 + 2 * DAY).days).toBe(1)
  })

  it('recorded earnings spread over the time each loan was held, open loans included', () => {
    const open: Loan = { id: 9, symbol: 'fUSD', kind: 'loan', amount: 2400, rate: 0.0005, rateType: 'FIXED', period: 30, openedAt: D1 + DAY + 12 * HOUR, lastPayoutAt: null }
    const closed = [{ id: 'loan-1', at: D1 + DAY + 12 * HOUR, currency: 'USD', kind: 'loanClosed' as const, loanId: 1, principal: 1000, rate: 0.0004, period: 2, days: 1, interest: 2 }]
    const byDay = actualNetByDay({ source: 'recorded', closed, open: [open] }, D1 + 2 * DAY + 12 * HOUR)
    // 2.00 over 24 Nov 12:00 → 25 Nov 12:00: 1 on each day.
    expect(byDay.get('2026-11-24')).toBeCloseTo(1, 12)
    // The open loan: 2400 × 0.0005 × 1 day × 0.85 = 1.02, half on the 25th and half on the 26th.
    expect(byDay.get('2026-11-25')).toBeCloseTo(1 + 0.51, 12)
    expect(byDay.get('2026-11-26')).toBeCloseTo(0.51, 12)
  })

  it('sums currencies in the display currency and names the ones without a price', () => {
    const usd = compareShadow(state, ledger, 'ledger', D1 + 3 * DAY + 7 * HOUR)
    const btc = { ...usd, actual: 0.001, autoRenew: 0.0005, autoRenewAllLent: 0.002 }
    const rows = [
      { currency: 'USD' as const, state, comparison: usd },
      { currency: 'BTC' as const, state, comparison: btc },
      { currency: 'ETH' as const, state, comparison: btc }
    ]
    // Shown in BTC at 50,000 USD: one USD is 0.00002 BTC; ETH has no price.
    const price = (c: string) => (c === 'USD' ? 1 / 50_000 : c === 'BTC' ? 1 : null)
    const s = shadowBenchmark({ mode: 'live', displayCurrency: 'BTC', rows, price })
    expect(s.state).toBe('ready')
    expect(s.excluded).toEqual(['ETH'])
    expect(s.actual).toBeCloseTo(2.75 / 50_000 + 0.001, 15)
    expect(s.autoRenew).toBeCloseTo((2 * 1.7 * SHARE_10H) / 50_000 + 0.0005, 15)
    expect(s.startedAt).toBe(D1 + 14 * HOUR)
    expect(shadowBenchmark({ mode: 'paper', displayCurrency: 'USD', rows: [], price }).state).toBe('notStarted')
    const early = shadowBenchmark({ mode: 'live', displayCurrency: 'USD', rows: [{ currency: 'USD', state, comparison: compareShadow(state, ledger, 'ledger', D1 + DAY) }], price })
    expect(early.state).toBe('tooEarly')
  })
})

describe('a cycle\'s reading', () => {
  const market = { ticker: { frr: 0.0003, frrAmountAvailable: 100 } } as MarketSnapshot
  const account = (over: Partial<AccountState> = {}): AccountState => ({
    currency: 'USD',
    available: 1000,
    offers: [{ amount: 500 } as AccountState['offers'][number]],
    loans: [{ amount: 2500 } as Loan],
    usdPrice: 1,
    ...over
  })
  const settings = (over: Partial<Settings['currencies']['USD']> = {}, dryRun = false): Settings => ({
    ...DEFAULT_SETTINGS,
    dryRun,
    currencies: { ...DEFAULT_SETTINGS.currencies, USD: { ...DEFAULT_SETTINGS.currencies.USD, ...over }, BTC: { ...DEFAULT_SETTINGS.currencies.BTC, ...over } }
  })

  it('is the lendable money (wallet less reserve, within the cap) and the FRR queue in USD', () => {
    expect(shadowObservation(market, account(), settings(), 5)).toEqual({ at: 5, frrDaily: 0.0003, queueUsd: 100, capital: 4000 })
    expect(shadowObservation(market, account(), settings({ reserve: 1000 }), 5)?.capital).toBe(3000)
    expect(shadowObservation(market, account(), settings({ maxLent: 2000 }), 5)?.capital).toBe(2000)
    expect(shadowObservation(market, account({ currency: 'BTC', usdPrice: 60_000 }), settings(), 5)?.queueUsd).toBe(6_000_000)
    expect(shadowObservation(market, account(), settings({}, true), 5)).toBeNull()
  })
})

describe('the shadow record on disk', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lendpace-shadow-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('survives a restart, keeps paper apart, and compacts without losing the figures', () => {
    const clock = new ManualClock(D1)
    const open = () => openShadowStore({ dir, logger: createMemoryLogger(), clock })
    const store = open()
    const obs = hourly(clock, 48, () => 0.0002)
    for (const o of obs) store.observe('live', 'USD', o)
    store.observe('paper', 'USD', obs[0])
    store.persist()
    const before = store.state('live', 'USD')
    expect(before?.days).toHaveLength(2)

    const again = open()
    expect(again.state('live', 'USD')).toEqual(before)
    expect(again.state('paper', 'USD')?.days).toEqual([])
    expect(again.state('live', 'BTC')).toBeNull()

    // A day and a half of one-minute cycles: the journal is compacted to one line per record.
    for (let i = 1; i <= 2100; i++) again.observe('live', 'USD', { ...obs[48], at: obs[48].at + i * 60_000 })
    again.persist()
    const lines = readFileSync(join(dir, 'shadow-benchmark.jsonl'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(2)
    const compacted = open().state('live', 'USD')
    expect(compacted).toEqual(again.state('live', 'USD'))
    expect(compacted?.days[0]).toEqual(before?.days[0])
  })

  it('at shutdown the journal is compacted to one line per record: the next start parses a few lines, not a day of cycles', () => {
    const clock = new ManualClock(D1)
    const open = () => openShadowStore({ dir, logger: createMemoryLogger(), clock })
    const store = open()
    const obs = hourly(clock, 2, () => 0.0002)
    for (let i = 0; i < 500; i++) for (const c of ['USD', 'BTC'] as const) store.observe('live', c, { ...obs[0], at: obs[0].at + i * 60_000 })
    store.persist()
    const file = () => readFileSync(join(dir, 'shadow-benchmark.jsonl'), 'utf8').trim().split('\n')
    expect(file()).toHaveLength(1000)
    store.close()
    expect(file()).toHaveLength(2)
    expect(open().state('live', 'USD')).toEqual(store.state('live', 'USD'))
    expect(open().state('live', 'BTC')).toEqual(store.state('live', 'BTC'))
  })
})
