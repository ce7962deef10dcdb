// Golden check: plan() on fixed inputs must give exactly the plans recorded in ibrr-golden.json, every
// number and every sentence. It pins decisions against speed work (precomputation, caches, reordered
// loops), which must change nothing a user sees. The file was written by this test from the code before
// the speed work of Dec 2026; a deliberate change of IBRR's behaviour regenerates it
// (`npx vitest run tests/unit/ibrr-golden.test.ts -u`) and says why in its commit.
import { describe, expect, it } from 'vitest'
import { plan } from '../../src/main/ibrr'
import type { AccountState, FillObservation, LifeObservation, MarketSnapshot, OwnHistory } from '../../src/shared/domain'
import { syntheticAccount, syntheticMarket } from '../../bench/ibrrSpeedInput'
import { DEFAULT_SETTINGS } from '../../src/shared/settings'
import { account, candles, loan, market, offer, ordinaryMarket, settings, trades, HOUR, MIN, NOW } from './ibrr-fixtures'
import { seededRandom } from '../../src/shared/random'

const DAY = 24 * HOUR
const PERIODS = [2, 3, 7, 14, 30, 60, 120]

/** A deterministic record of the user's own fills and loan lives over the last `days`. */
function ownHistory(seed: number, n: number, days: number, now: number): OwnHistory {
  const rnd = seededRandom(seed)
  const fills: FillObservation[] = Array.from({ length: n }, (_, k) => ({
    currency: 'USD',
    period: PERIODS[Math.floor(rnd() * PERIODS.length)],
    waitMinutes: rnd() * 600,
    outcome: rnd() < 0.8 ? 'filled' : 'censored',
    at: now - days * DAY + (k * days * DAY) / n
  }))
  const lives: LifeObservation[] = Array.from({ length: Math.floor(n / 2) }, (_, k) => {
    const period = PERIODS[Math.floor(rnd() * PERIODS.length)]
    return { currency: 'USD', period, lifeDays: rnd() * period, outcome: rnd() < 0.9 ? 'closed' : 'open', at: now - days * DAY + (k * 2 * days * DAY) / n }
  })
  return { fills, lives }
}

interface Case {
  name: string
  market: MarketSnapshot
  account: AccountState
  settings: typeof DEFAULT_SETTINGS
  now: number
}

const benchNow = Date.UTC(2026, 8, 1)
const cases: Case[] = [
  { name: 'the speed bench input', market: syntheticMarket(benchNow), account: syntheticAccount(benchNow), settings: DEFAULT_SETTINGS, now: benchNow },
  ...[1, 2, 3].map((seed) => ({
    name: `bench book seed ${seed}, empty account`,
    market: syntheticMarket(benchNow, seed),
    account: { ...syntheticAccount(benchNow), offers: [], loans: [] },
    settings: DEFAULT_SETTINGS,
    now: benchNow + seed * MIN
  })),
  {
    name: 'bench book, full own history (2,000 + 1,000 observations)',
    market: syntheticMarket(benchNow, 7),
    account: { ...syntheticAccount(benchNow), own: ownHistory(11, 2_000, 60, benchNow) },
    settings: DEFAULT_SETTINGS,
    now: benchNow
  },
  {
    name: 'bench book, short own history, no FRR, sensitive to spikes',
    market: syntheticMarket(benchNow, 8),
    account: { ...syntheticAccount(benchNow), own: ownHistory(12, 60, 5, benchNow) },
    settings: { ...settings({ allowFrr: false }), spikeSensitivity: 0.9 },
    now: benchNow
  },
  {
    name: 'bench book, 2-day only, floor, reserve and max lent',
    market: syntheticMarket(benchNow, 9),
    account: syntheticAccount(benchNow),
    settings: settings({ maxPeriod: 2, minDailyRate: 0.0002, reserve: 1_000, maxLent: 20_000 }),
    now: benchNow
  },
  {
    name: 'bench book, capped rate, 5 offer slots, long stale offers',
    market: syntheticMarket(benchNow, 10),
    account: {
      ...syntheticAccount(benchNow),
      offers: [0, 1, 2, 3].map((i) => ({ ...syntheticAccount(benchNow).offers[0], id: 300 + i, period: [2, 30, 120, 7][i], rate: 0.00022 + i * 0.00002, createdAt: benchNow - (i + 1) * HOUR, updatedAt: benchNow - (i + 1) * HOUR }))
    },
    settings: settings({ allowFrr: true, maxDailyRate: 0.00026, maxOpenOffers: 5 }),
    now: benchNow
  },
  { name: 'ordinary market, fresh account', market: ordinaryMarket(), account: account({ available: 10_000 }), settings: settings(), now: NOW },
  {
    name: 'ordinary market with FRR and a stale FRR-fixed offer',
    market: ordinaryMarket({ frr: 0.0003, frrAmountAvailable: 2_000_000 }),
    account: account({
      available: 4_000,
      offers: [offer({ id: 1, amount: 2_000, rate: -0.00003, type: 'FRRDELTAFIX', createdAt: NOW - 2 * HOUR, updatedAt: NOW - 2 * HOUR })],
      loans: [loan({ id: 5, amount: 3_000, period: 30, openedAt: NOW - 3 * DAY })]
    }),
    settings: settings({ allowFrr: true }),
    now: NOW
  },
  {
    name: 'trades only (no book, no candles)',
    market: market({ trades: [...trades(30, 3_000, 0.00018, 2, 3, 1), ...trades(10, 20_000, 0.00024, 30, 3, 50)] }),
    account: account({ available: 8_000 }),
    settings: settings(),
    now: NOW
  },
  {
    name: 'candles only (no book, no trades)',
    market: market({ candles: candles(72, { open: 0.0002, close: 0.0002, high: 0.00026, low: 0.00015, volume: 500_000 }, (k) => 0.00018 + (k % 5) * 0.00001) }),
    account: account({ available: 8_000 }),
    settings: settings(),
    now: NOW
  },
  {
    name: 'trades all above the cap, no floor, an overdue offer at the cap (fallback rung)',
    market: market({ trades: trades(30, 3_000, 0.0003, 2, 3) }),
    account: account({ available: 3_000, offers: [offer({ id: 7, amount: 1_000, rate: 0.0002, createdAt: NOW - 2 * HOUR, updatedAt: NOW - 2 * HOUR })] }),
    settings: settings({ minDailyRate: 0, maxDailyRate: 0.0002 }),
    now: NOW
  },
  { name: 'ticker only', market: market({ lastPrice: 0.00021, frr: 0.00025 }), account: account({ available: 8_000 }), settings: settings({ allowFrr: true }), now: NOW }
]

describe('IBRR golden plans (speed work must not change a decision)', () => {
  it('gives exactly the recorded plans on fixed inputs', async () => {
    const plans = Object.fromEntries(cases.map((c) => [c.name, plan(c.market, c.account, c.settings, c.now)]))
    // Sanity: the cases exercise what the speed work touches (ladders placed, reprices, long periods).
    const all = Object.values(plans)
    expect(all.filter((p) => p.place.length > 0).length).toBeGreaterThanOrEqual(10)
    expect(all.some((p) => p.cancel.length > 0)).toBe(true)
    expect(all.some((p) => p.place.some((o) => o.period > 2))).toBe(true)
    await expect(JSON.stringify(plans, null, 1) + '\n').toMatchFileSnapshot('./ibrr-golden.json')
  })
})
