// The `lendingbot` backtest strategy: the real bot's policy read from its record and replayed on the
// common fill model. Policy parsing from a small fixture in the record's shape, floors, staged
// repricing, pool shares, and that it lends on a tiny synthetic replay.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLendingbotPolicy, parseLendingbotPolicy, runBacktestOnDataset, type LendingbotPolicy, type Strategy } from '../../src/main/backtest'
import { bidDemandOf, lendingbot, periodDemandShares, periodMarket, primaryShare, stageRate, stagesPassed } from '../../src/main/backtest/strategies/lendingbot'
import { grossDailyFloor, POOLS, type Pool } from '../../src/main/backtest/strategies/lendingbotPolicy'
import type { StrategyContext } from '../../src/main/backtest/strategies/types'
import { createMemoryDataset } from '../../src/main/exchange/simulated'
import type { OfferRequest } from '../../src/main/exchange/port'
import { level, syntheticMarket, TINY_MARKET } from '../support/syntheticMarket'

const T0 = Date.UTC(2026, 7, 16)
const MIN = 60_000
const SHARED = path.resolve(__dirname, '../../../shared/data/bitfinex')

/** The record's `policy` in its own shape (decimals as strings), with the real bot's values. */
const POLICY_FIXTURE = {
  version: 3,
  currency: 'USD',
  enable_limit: true,
  enable_frr: false,
  enable_frr_delta_fixed: false,
  enable_frr_delta_variable: false,
  enable_hidden: false,
  short_periods: [2, 7],
  medium_periods: [14, 30],
  long_periods: [120],
  short_share: '50',
  medium_share: '30',
  long_share: '20',
  quick_share: '30',
  balanced_share: '40',
  high_share: '30',
  short_floor_apr: '0.065',
  medium_floor_apr: '0.0767',
  long_floor_apr: '0.0885',
  normal_fee_rate: '0.147',
  short_reprice_stages_minutes: [5, 10, 20, 30, 60, 75, 90, 120, 150, 180],
  medium_reprice_stages_minutes: [10, 20, 40, 60, 120, 150, 180, 240, 300, 360],
  long_reprice_stages_minutes: [30, 60, 120, 180, 360, 480, 720, 960, 1200, 1440],
  quick_short_reprice_stages_minutes: [5, 10, 15, 20, 30, 40, 50, 60, 75, 90],
  quick_medium_reprice_stages_minutes: [5, 10, 20, 30, 60, 75, 90, 120, 150, 180],
  quick_long_reprice_stages_minutes: [15, 30, 60, 90, 180, 240, 360, 480, 600, 720],
  balanced_start_premium_percent: '5',
  high_start_premium_percent: '12',
  balanced_landing_stage: 5,
  high_landing_stage: 7,
  minimum_rate_change: '0.00001',
  max_reprices_per_hour: 12,
  reprice_cooldown_minutes: 5,
  minimum_offer_minutes: 5,
  max_pool_shift: '10',
  max_lend_percent: '100'
}

/** The record's `recent_market` (90-day public trades per period), rounded from the real one. */
const RECENT_MARKET = [
  { period: 2, n: 215_000, volume: 800e6 },
  { period: 7, n: 37_000, volume: 69e6 },
  { period: 14, n: 1_500, volume: 2e6 },
  { period: 30, n: 8_100, volume: 126e6 },
  { period: 120, n: 80_000, volume: 210e6 }
]

const policyOf = (overrides: Record<string, unknown> = {}): LendingbotPolicy => parseLendingbotPolicy({ policy: { ...POLICY_FIXTURE, ...overrides } }, 'fixture')

interface Placed extends OfferRequest {
  at: number
  id: number
}

/** The strategy with every offer it places and cancels recorded (it still acts on its own simulated exchange). */
function recorded(inner: Strategy) {
  const placed: Placed[] = []
  const cancelled: { id: number; at: number }[] = []
  const wrap = (ctx: StrategyContext): StrategyContext => ({
    ...ctx,
    exchange: new Proxy(ctx.exchange, {
      get(target, prop, recv) {
        if (prop === 'submitOffer')
          return async (req: OfferRequest) => {
            const o = await target.submitOffer(req)
            placed.push({ ...req, at: ctx.now, id: o.id })
            return o
          }
        if (prop === 'cancelOffer')
          return async (id: number) => {
            cancelled.push({ id, at: ctx.now })
            return target.cancelOffer(id)
          }
        return Reflect.get(target, prop, recv)
      }
    })
  })
  const strategy: Strategy = { ...inner, name: 'recorded', step: (ctx) => inner.step(wrap(ctx)) }
  return { strategy, placed, cancelled }
}

/**
 * A market where nothing fills: no traded volume, bids of 1 USD at exactly the floors (they make the pools
 * eligible), and a 120-day ask 2 % above the long floor (the long landing rate, between start and floor).
 */
function quietDataset(policy: LendingbotPolicy, hours = 30) {
  const floor = (p: Pool) => grossDailyFloor(policy, p)
  const market = syntheticMarket({
    ...TINY_MARKET(T0),
    hours,
    amplitude: 0,
    highFactor: 1,
    candleVolume: 0,
    bids: () => [level(floor('short'), 2, 1), level(floor('short'), 7, 1), level(floor('medium'), 14, 1), level(floor('medium'), 30, 1), level(floor('long'), 120, 1)]
  })
  for (const b of market.books) b.book.asks.push(level(floor('long') * 1.02, 120, 1000))
  return createMemoryDataset('USD', market)
}

const poolOf = (policy: LendingbotPolicy, period: number) => POOLS.find((p) => policy.periods[p].includes(period))!

describe('the real bot\'s policy record', () => {
  it('is read from the record: shares, floors as net APR, stages per layer and pool', () => {
    const p = policyOf()
    expect(p.poolShare).toEqual({ short: 0.5, medium: 0.3, long: 0.2 })
    expect(p.layerShare).toEqual({ quick: 0.3, balanced: 0.4, high: 0.3 })
    expect(p.floorNetApr.short).toBeCloseTo(0.065, 12)
    expect(p.periods).toEqual({ short: [2, 7], medium: [14, 30], long: [120] })
    expect(p.stages.quick.short).toEqual(POLICY_FIXTURE.quick_short_reprice_stages_minutes)
    expect(p.stages.high.long).toEqual(POLICY_FIXTURE.long_reprice_stages_minutes)
    expect(p.landingStage).toEqual({ quick: 5, balanced: 5, high: 7 })
    expect(p.startPremium.high).toBeCloseTo(0.12, 12)
    // Net 6.5 % at the configured 14.7 % fee, on the bot's 1e-7 tick: the rate 23 of its 2-day fills sit at.
    expect(grossDailyFloor(p, 'short')).toBeCloseTo(0.0002088, 12)
    expect(grossDailyFloor(p, 'long')).toBeCloseTo(0.0002843, 12)
  })

  it('refuses a record that does not add up or misses a field, with a sentence that names it', () => {
    expect(() => policyOf({ long_share: '25' })).toThrow(/short, medium and long shares must add up to 100/)
    const { short_floor_apr: _, ...noFloor } = POLICY_FIXTURE
    expect(() => parseLendingbotPolicy({ policy: noFloor }, 'x.json policy')).toThrow(/x\.json policy: .*short_floor_apr/)
    expect(() => policyOf({ medium_reprice_stages_minutes: [10, 5] })).toThrow(/increasing/)
    expect(() => policyOf({ high_landing_stage: 11 })).toThrow(/landing stage 11/)
  })

  it('loads the first lendingbot/*.json holding a policy, and none from a folder without one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lp-lb-'))
    try {
      expect(await loadLendingbotPolicy(dir)).toBeNull()
      mkdirSync(path.join(dir, 'lendingbot'))
      writeFileSync(path.join(dir, 'lendingbot', 'a-other.json'), JSON.stringify({ windows: {} }))
      writeFileSync(path.join(dir, 'lendingbot', 'b-analysis.json'), JSON.stringify({ policy: POLICY_FIXTURE, recent_market: RECENT_MARKET }))
      const p = await loadLendingbotPolicy(dir)
      expect(p?.source).toBe('lendingbot/b-analysis.json policy')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.skipIf(!existsSync(path.join(SHARED, 'lendingbot')))('reads the real bot\'s record in ../shared (skipped without the shared data)', async () => {
    const p = await loadLendingbotPolicy(SHARED)
    expect(p).not.toBeNull()
    expect(p!.floorNetApr).toEqual({ short: 0.065, medium: 0.0767, long: 0.0885 })
    expect(p!.feeRate).toBe(0.147)
    expect(p!.otherOfferKinds).toEqual([])
  })
})

describe('staged repricing', () => {
  it('passes a stage once its minute is reached, and walks start → landing → floor without going up', () => {
    expect(stagesPassed([5, 10, 20], 4.9 * MIN)).toBe(0)
    expect(stagesPassed([5, 10, 20], 5 * MIN)).toBe(1)
    expect(stagesPassed([5, 10, 20], 25 * MIN)).toBe(3)
    const c = { start: 0.0003, landing: 0.00025, floor: 0.0002 }
    const rates = Array.from({ length: 11 }, (_, k) => stageRate(c, k, 5, 10))
    expect(rates[0]).toBeCloseTo(0.0003, 12)
    expect(rates[5]).toBeCloseTo(0.00025, 12)
    expect(rates[10]).toBeCloseTo(0.0002, 12)
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeLessThanOrEqual(rates[k - 1])
    for (const r of rates) expect(r).toBeGreaterThanOrEqual(c.floor)
  })

  it('reprices an unfilled offer when its stage minute has passed, not before, to the stage\'s rate', async () => {
    // One pool and one layer, so every offer is one kind of chain; no minimum change, no hourly cap.
    const policy = policyOf({ short_share: '0', medium_share: '0', long_share: '100', quick_share: '0', balanced_share: '100', high_share: '0', minimum_rate_change: '0', max_reprices_per_hour: 90, long_reprice_stages_minutes: [30, 60, 120, 180, 240], balanced_landing_stage: 2, high_landing_stage: 2 })
    const rec = recorded(lendingbot(policy))
    const ds = quietDataset(policy)
    // 200 USD: one slice, one chain.
    await runBacktestOnDataset(ds, { capital: 200, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 10 * 60 * MIN, bands: ['central'] })
    const first = rec.placed[0]
    expect(first.period).toBe(120)
    const chainStart = first.at
    const floor = grossDailyFloor(policy, 'long')
    expect(first.rate).toBeGreaterThan(floor)
    // The first reprice comes at the first step at least 30 min after the chain began, the later ones at 60, 120, 180 and 240.
    const repriceTimes = [...new Set(rec.cancelled.map((c) => c.at - chainStart))]
    expect(repriceTimes).toEqual([30, 60, 120, 180, 240].map((m) => m * MIN))
    const firstCancel = rec.cancelled[0]
    expect(firstCancel.id).toBe(first.id)
    // Each re-post is one stage lower, the last at the floor, and never again after the last stage.
    expect(rec.placed.length).toBe(6)
    const rates = rec.placed.map((p) => p.rate)
    for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeLessThan(rates[k - 1])
    expect(rates[rates.length - 1]).toBeCloseTo(floor, 12)
    expect(Math.max(...rec.cancelled.map((c) => c.at))).toBe(chainStart + 240 * MIN)
  })

  it('holds a reprice smaller than minimum_rate_change', async () => {
    const policy = policyOf({ short_share: '0', medium_share: '0', long_share: '100', minimum_rate_change: '0.01' })
    const rec = recorded(lendingbot(policy))
    await runBacktestOnDataset(quietDataset(policy), { capital: 1000, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 8 * 60 * MIN, bands: ['central'] })
    expect(rec.placed.length).toBeGreaterThan(0)
    expect(rec.cancelled).toEqual([])
  })
})

describe('the lendingbot strategy', () => {
  it('never offers below its pool\'s floor, and spreads the money over the pools by their shares (V3.5 targets)', async () => {
    const policy = policyOf()
    const rec = recorded(lendingbot(policy))
    await runBacktestOnDataset(quietDataset(policy), { capital: 10_000, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 28 * 60 * MIN, bands: ['central'] })
    expect(rec.placed.length).toBeGreaterThan(20)
    for (const o of rec.placed) expect(o.rate).toBeGreaterThanOrEqual(grossDailyFloor(policy, poolOf(policy, o.period)) - 1e-15)
    // Nothing fills here, so the first step's offers are all there is. Short and medium get at least their
    // 50 / 30 % (within one slice); the long pool keeps one minimum order (it grows only in a rising or spike
    // regime, which the replay cannot read), and its released share goes to the other two.
    const firstStep = rec.placed.filter((o) => o.at === rec.placed[0].at)
    const total = firstStep.reduce((s, o) => s + o.amount, 0)
    expect(total).toBeGreaterThan(10_000 - 150)
    const inPool = (pool: Pool) => firstStep.filter((o) => poolOf(policy, o.period) === pool).reduce((s, o) => s + o.amount, 0)
    expect(firstStep.filter((o) => poolOf(policy, o.period) === 'long')).toHaveLength(1)
    for (const pool of ['short', 'medium'] as const) expect(inPool(pool)).toBeGreaterThan(policy.poolShare[pool] * total - 160)
    expect(inPool('short') + inPool('medium') + inPool('long')).toBeCloseTo(total, 6)
    // Every offer is one slice of at least 150 USD, and the periods come only from the record.
    for (const o of rec.placed) {
      expect(o.amount).toBeGreaterThanOrEqual(150)
      expect([2, 7, 14, 30, 120]).toContain(o.period)
    }
  })

  it('splits a pool between its periods by the runner-up\'s share of the demand (V3.5: 5–20 % → 90 / 10), not 70 / 30', async () => {
    const policy = policyOf()
    expect(primaryShare(0.04)).toBe(1)
    expect(primaryShare(0.13)).toBe(0.9)
    expect(primaryShare(0.3)).toBe(0.75)
    expect(primaryShare(0.5)).toBe(0.6)
    // Borrowers' bids in the shape of the record's 90-day trades (7 d ≈ 13 % of the short pool's demand),
    // one order per trade and one USD per 1 000 traded: the demand the strategy sees in the books.
    const floor = (p: Pool) => grossDailyFloor(policy, p)
    const bid = (pool: Pool, period: number) => {
      const r = RECENT_MARKET.find((x) => x.period === period)!
      return level(floor(pool), period, r.volume / 1000, r.n)
    }
    const bids = () => [bid('short', 2), bid('short', 7), bid('medium', 14), bid('medium', 30), bid('long', 120)]
    const demand = periodDemandShares([2, 7, 14, 30, 120], [bidDemandOf(bids(), new Set([2, 7, 14, 30, 120]))])
    expect(demand.get(7)! / (demand.get(2)! + demand.get(7)!)).toBeGreaterThan(0.05)
    expect(demand.get(7)! / (demand.get(2)! + demand.get(7)!)).toBeLessThan(0.2)
    const market = syntheticMarket({ ...TINY_MARKET(T0), hours: 30, amplitude: 0, highFactor: 1, candleVolume: 0, bids })
    const rec = recorded(lendingbot(policy))
    await runBacktestOnDataset(createMemoryDataset('USD', market), { capital: 10_000, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 3 * 60 * MIN, bands: ['central'] })
    const firstStep = rec.placed.filter((o) => o.at === rec.placed[0].at)
    const amountAt = (p: number) => firstStep.filter((o) => o.period === p).reduce((s, o) => s + o.amount, 0)
    const short = amountAt(2) + amountAt(7)
    expect(Math.abs(amountAt(7) - 0.1 * short)).toBeLessThanOrEqual(160)
    expect(amountAt(2)).toBeGreaterThan(amountAt(7))
  })

  it('never reads the record\'s 90-day trades per period (recent_market runs to its 09-06 snapshot: after a replayed step)', async () => {
    // The same market under two records whose recent_market differ (2 d and 7 d swapped): the same offers.
    const swapped = RECENT_MARKET.map((r) => ({ ...r, period: r.period === 2 ? 7 : r.period === 7 ? 2 : r.period }))
    const placedWith = async (recentMarket: typeof RECENT_MARKET) => {
      const policy = parseLendingbotPolicy({ policy: POLICY_FIXTURE, recent_market: recentMarket }, 'fixture')
      const rec = recorded(lendingbot(policy))
      await runBacktestOnDataset(quietDataset(policy), { capital: 10_000, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 3 * 60 * MIN, bands: ['central'] })
      return rec.placed.map((o) => [o.period, o.amount, o.rate, o.at])
    }
    const a = await placedWith(RECENT_MARKET)
    expect(a.length).toBeGreaterThan(0)
    expect(await placedWith(swapped)).toEqual(a)
  })

  it('weighs the demand of the bids seen up to the step only, over the last 7 days (no later trades)', () => {
    const periods = [2, 7]
    const seen = (a2: number, a7: number) => bidDemandOf([level(0.0002, 2, a2, 1), level(0.0002, 7, a7, 1), level(0.0002, 60, 1e9, 99)], new Set(periods))
    // Equal orders, amounts 3 : 1 → 2 d: 0.6 × 1/2 + 0.4 × 3/4.
    expect(periodDemandShares(periods, [seen(300, 100)]).get(2)).toBeCloseTo(0.6, 12)
    expect(periodDemandShares(periods, [seen(300, 100), seen(100, 300)]).get(2)).toBeCloseTo(0.5, 12)
    // Nothing seen: no demand (the bot's value without trade data).
    expect(periodDemandShares(periods, []).get(2)).toBe(0)
  })

  it('gives a pool\'s released share to the pools that qualify without the max_pool_shift cap, leaving one minimum order in the others', async () => {
    const policy = policyOf()
    const floor = (p: Pool) => grossDailyFloor(policy, p)
    // Only the short pool's market reaches its floor; the medium and long bids sit 10 % under theirs.
    const market = syntheticMarket({
      ...TINY_MARKET(T0),
      hours: 6,
      amplitude: 0,
      highFactor: 1,
      candleVolume: 0,
      bids: () => [level(floor('short'), 2, 1), level(floor('medium') * 0.9, 30, 1), level(floor('long') * 0.9, 120, 1)]
    })
    const rec = recorded(lendingbot(policy))
    await runBacktestOnDataset(createMemoryDataset('USD', market), { capital: 10_000, strategies: [], extraStrategies: [() => rec.strategy], stepMinutes: 10, from: T0 + 2 * 60 * MIN, to: T0 + 3 * 60 * MIN, bands: ['central'] })
    const firstStep = rec.placed.filter((o) => o.at === rec.placed[0].at)
    const inPool = (pool: Pool) => firstStep.filter((o) => poolOf(policy, o.period) === pool)
    expect(inPool('medium')).toHaveLength(1)
    expect(inPool('long')).toHaveLength(1)
    // Capped at 50 + 10 points the short pool would hold 6 000 USD and 3 700 USD would idle.
    expect(inPool('short').reduce((s, o) => s + o.amount, 0)).toBeGreaterThan(10_000 - 2 * 160)
  })

  it('counts a bid at the target rate by a relative tolerance, so a smaller rate grid is not blurred', () => {
    const book = { asks: [], bids: [level(4e-8, 2, 100)] }
    const m = periodMarket(2, book, [], [], T0)
    // fBTC-sized rates: 4.00005e-8 is above the bid (an absolute 1e-12 slack called it equal) …
    expect(m.bidDepthAtOrAbove(4.00005e-8)).toBe(0)
    // … while float noise on the same rate still counts.
    expect(m.bidDepthAtOrAbove(4e-8 * (1 + 1e-13))).toBe(100)
  })

  it('lends and earns on a tiny synthetic replay, with its period mix in the notes', async () => {
    const ds = createMemoryDataset('USD', syntheticMarket({ ...TINY_MARKET(T0), bids: (base) => [level(0.0003, 120, 5e6, 9), level(base * 0.9, 2, 50_000)] }))
    const r = await runBacktestOnDataset(ds, { capital: 10_000, strategies: ['lendingbot'], botPolicy: policyOf(), stepMinutes: 10, bands: ['central'] })
    const s = r.strategies.lendingbot
    expect(s.placed).toBeGreaterThan(0)
    expect(s.earnings).toBeGreaterThan(0)
    expect(s.utilization).toBeGreaterThan(0.2)
    expect(r.notes.join('\n')).toMatch(/lendingbot: lent capital-time by loan period: .*120 d \d/)
  })

  it('is not run, and the notes say why, when the folder holds no record of the bot', async () => {
    const ds = createMemoryDataset('USD', syntheticMarket(TINY_MARKET(T0)))
    const r = await runBacktestOnDataset(ds, { capital: 10_000, strategies: ['ladder', 'lendingbot'], stepMinutes: 60, bands: ['central'] })
    expect(Object.keys(r.strategies)).toEqual(['ladder'])
    expect(r.notes.join('\n')).toMatch(/lendingbot: not run — the folder holds no real bot's record/)
  })
})
