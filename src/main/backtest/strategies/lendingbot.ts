// The real bot's own policy replayed on the common fill model: litianyu529-stack/Bitfinex-lendingbot,
// whose ledger realized 8.68 % net over the 30 days to 2026-09-06. Every parameter is read from its
// record (lendingbotPolicy.ts); where the record is silent the constant below says so. Our own
// implementation, written from its record, its StrategyV3.py and its author's analysis
// (docs/lending-analysis-2026-09-06.md §2); the readings the data cannot decide are in docs/backtest.md.
//
// What it does each step:
//  - every offer belongs to a chain (pool, layer, period) started when the money was first offered; its
//    start, landing and floor rates are fixed at the chain's start ("landing fixed at creation");
//  - an unfilled offer moves one stage down when the chain's age passes the next stage minute of its
//    layer and pool: linearly from the start rate to the landing (market) rate at the landing stage,
//    then linearly to the pool's floor at the last stage; never below the floor, never up;
//  - a reprice smaller than minimum_rate_change is skipped, at most max_reprices_per_hour reprices an
//    hour (the last stage is exempt, as in the bot), none within the cooldown, a remnant under 150 USD
//    is left as it is (it could not be re-posted);
//  - idle money is cut into equal slices of at least 150 USD, spread over the pools by their shares of
//    the money on offer (open offers + idle), each pool over its best period (at most 70 %) and the
//    runner-up, the slices over the layers by their shares of the open offers.
import { roundDownAmount } from '../../../shared/amount'
import type { BookLevel, FundingTrade, Offer } from '../../../shared/domain'
import { BOT_RATE_TICK, ceilTick, grossDailyFloor, LAYERS, POOLS, type Layer, type LendingbotPolicy, type Pool } from './lendingbotPolicy'
import type { Strategy, StrategyContext } from './types'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
/** The bot's USD_ORDER_CHUNK (StrategyV3.py): slices of at least this; also Bitfinex's minimum offer. Not in the record. */
const ORDER_CHUNK = 150
/** The bot's PRIMARY_TERM_MAX_SHARE (StrategyV3.py): a pool's best period gets at most 70 % of its slices. Not in the record. */
const PRIMARY_TERM_MAX_SHARE = 0.7
/** competitive_rate_for_period (StrategyV3.py): the quick layer lands one rate tick under the best bid of its period. */
const QUICK_UNDER_BID_TICKS = 1
/** The high layer's landing adds a quarter of the 24 h interquartile range to the anchor, its start half of it (StrategyV3.py). Not in the record. */
const HIGH_LANDING_IQR = 0.25
const HIGH_START_IQR = 0.5
/** Balanced and high slices are laddered by (slice index mod 5) rate ticks (StrategyV3.py). Not in the record. */
const SLICE_LADDER = 5
/** The hourly candles (a30:p2:p30) aggregate periods 2 to 30: they stand in for the trades of those periods only. */
const CANDLE_MAX_PERIOD = 30

/** What the bot reads of one exact period at a step: the book of that period and its recent rate distribution. */
export interface PeriodMarket {
  bestBid: number
  bestAsk: number
  median1h: number
  median24h: number
  q25_24h: number
  q75_24h: number
  q75_7d: number
  /** Highest recent rate (7 days) or best bid: the bot's "supported ceiling" of the period. */
  supported: number
  /** Amount bid for this period at or above a rate. */
  bidDepthAtOrAbove(rate: number): number
}

interface RateRow {
  mts: number
  rate: number
  weight: number
}

/** Amount-weighted quantile (the bot's weighted_quantile); 0 without rows. */
export function weightedQuantile(rows: RateRow[], q: number): number {
  const valid = rows.filter((r) => r.rate > 0 && r.weight > 0).sort((a, b) => a.rate - b.rate)
  if (!valid.length) return 0
  const target = valid.reduce((s, r) => s + r.weight, 0) * q
  let seen = 0
  for (const r of valid) {
    seen += r.weight
    if (seen >= target) return r.rate
  }
  return valid[valid.length - 1].rate
}

/**
 * One period's market at `now`. The bot priced from that period's own public trades; the replay holds
 * trades only on 2026-05-02, so for periods up to 30 days the hourly candles (a30:p2:p30, every period
 * 2–30 together; their close weighted by their volume) stand in for them, and 120 days has only its book.
 */
export function periodMarket(period: number, book: { asks: BookLevel[]; bids: BookLevel[] }, trades: FundingTrade[], candles: { mts: number; close: number; volume: number }[], now: number): PeriodMarket {
  const bids = book.bids.filter((b) => b.period === period)
  const asks = book.asks.filter((a) => a.period === period)
  const rows: RateRow[] = [
    ...trades.filter((t) => t.period === period).map((t) => ({ mts: t.mts, rate: t.rate, weight: Math.abs(t.amount) })),
    ...(period <= CANDLE_MAX_PERIOD ? candles.map((c) => ({ mts: c.mts, rate: c.close, weight: c.volume })) : [])
    // Like the bot's filter_supported_trades: only rows with a rate and an amount count.
  ].filter((r) => r.rate > 0 && r.weight > 0)
  const since = (ms: number) => rows.filter((r) => r.mts >= now - ms)
  const h1 = since(HOUR)
  const h24 = since(DAY)
  const d7 = since(7 * DAY)
  const bestBid = bids.reduce((m, b) => Math.max(m, b.rate), 0)
  return {
    bestBid,
    bestAsk: asks.reduce((m, a) => (m === 0 ? a.rate : Math.min(m, a.rate)), 0),
    median1h: weightedQuantile(h1, 0.5),
    median24h: weightedQuantile(h24, 0.5),
    q25_24h: weightedQuantile(h24, 0.25),
    q75_24h: weightedQuantile(h24, 0.75),
    q75_7d: weightedQuantile(d7, 0.75),
    supported: d7.reduce((m, r) => Math.max(m, r.rate), bestBid),
    bidDepthAtOrAbove: (rate) => bids.reduce((s, b) => (b.rate >= rate - 1e-12 ? s + b.amount : s), 0)
  }
}

/** The bot's anchor: the middle of the prices it sees of the period (best ask, best bid, 1 h and 24 h medians). FRR is left out: it averages every term. */
export function anchorRate(m: PeriodMarket): number {
  const xs = [m.bestAsk, m.bestBid, m.median1h, m.median24h].filter((x) => x > 0).sort((a, b) => a - b)
  return xs.length ? xs[Math.floor(xs.length / 2)] : 0
}

/** The landing (market) rate of a layer: competitive_rate_for_period. */
export function landingRate(layer: Layer, m: PeriodMarket, floor: number): number {
  const anchor = anchorRate(m)
  const iqr = Math.max(0, m.q75_24h - m.q25_24h)
  const target =
    layer === 'quick'
      ? m.bestBid > 0
        ? m.bestBid - QUICK_UNDER_BID_TICKS * BOT_RATE_TICK
        : floor
      : layer === 'balanced'
        ? Math.max(anchor, m.median1h)
        : Math.max(m.q75_24h, anchor + iqr * HIGH_LANDING_IQR)
  return ceilTick(Math.max(floor, target))
}

/**
 * The start rate of a new chain. The author's description of the curve the record's policy ran
 * (EXACT_TERM_EXPLORATION_V4): quick and balanced start at max(landing, floor × (1 + 5 %), 24 h Q75);
 * high at max(landing, floor × (1 + 12 %), 24 h Q75, 7 d Q75, anchor + IQR / 2).
 */
export function startRate(layer: Layer, m: PeriodMarket, floor: number, landing: number, premium: number, sliceIndex: number): number {
  const base = Math.max(landing, floor * (1 + premium), m.q75_24h)
  const start = layer === 'high' ? Math.max(base, m.q75_7d, anchorRate(m) + Math.max(0, m.q75_24h - m.q25_24h) * HIGH_START_IQR) : base
  const ladder = layer === 'quick' ? 0 : (sliceIndex % SLICE_LADDER) * BOT_RATE_TICK
  return ceilTick(Math.max(floor, start + ladder))
}

/** How many stages a chain of this age has passed (a stage is passed once its minute is reached). */
export function stagesPassed(stageMinutes: number[], ageMs: number): number {
  return stageMinutes.filter((m) => ageMs >= m * MIN).length
}

export interface ChainRates {
  start: number
  landing: number
  floor: number
}

/** The rate of stage k: start → landing by the landing stage, landing → floor by the last stage, never below the floor. */
export function stageRate(c: ChainRates, stage: number, landingStage: number, lastStage: number): number {
  const k = Math.max(0, Math.min(stage, lastStage))
  const r =
    k <= landingStage
      ? c.start + ((c.landing - c.start) * k) / landingStage
      : lastStage === landingStage
        ? c.floor
        : c.landing + ((c.floor - c.landing) * (k - landingStage)) / (lastStage - landingStage)
  return k >= lastStage ? c.floor : Math.max(c.floor, ceilTick(r))
}

/** Largest-remainder split of `count` by weights (the bot's _largest_remainder_counts). */
export function largestRemainder<K extends string>(count: number, weights: Record<K, number>): Record<K, number> {
  const keys = Object.keys(weights) as K[]
  const total = keys.reduce((s, k) => s + Math.max(0, weights[k]), 0)
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  if (count <= 0 || total <= 0) return out
  const raw = keys.map((k) => ({ k, x: (count * Math.max(0, weights[k])) / total }))
  for (const r of raw) out[r.k] = Math.floor(r.x)
  let left = count - keys.reduce((s, k) => s + out[k], 0)
  for (const r of [...raw].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))) if (left-- > 0) out[r.k]++
  return out
}

/**
 * How much of `available` each pool gets (allocate_slices_v3): the pools' shares of the money on offer
 * (open offers + available); a pool whose market does not support its floor gets nothing and its share
 * goes to the others, each up to its share + max_pool_shift.
 */
export function poolAdditions(policy: LendingbotPolicy, available: number, openByPool: Record<Pool, number>, eligible: Record<Pool, boolean>): Record<Pool, number> {
  const budget = POOLS.reduce((s, p) => s + openByPool[p], available)
  const target = (p: Pool) => budget * policy.poolShare[p]
  const cap = (p: Pool) => budget * Math.min(1, policy.poolShare[p] + policy.maxPoolShift)
  const ok = POOLS.filter((p) => eligible[p] && policy.poolShare[p] > 0)
  const desired = Object.fromEntries(POOLS.map((p) => [p, ok.includes(p) ? Math.max(openByPool[p], target(p)) : openByPool[p]])) as Record<Pool, number>
  let released = POOLS.filter((p) => !ok.includes(p)).reduce((s, p) => s + Math.max(0, target(p) - openByPool[p]), 0)
  // Released share, spread evenly over the eligible pools' room under their caps (the bot weights by period score).
  for (let round = 0; released > 1e-9 && round < POOLS.length; round++) {
    const room = ok.filter((p) => cap(p) - desired[p] > 1e-9)
    if (!room.length) break
    const each = released / room.length
    for (const p of room) {
      const add = Math.min(each, cap(p) - desired[p])
      desired[p] += add
      released -= add
    }
  }
  const capacity = Object.fromEntries(POOLS.map((p) => [p, ok.includes(p) ? Math.max(0, desired[p] - openByPool[p]) : 0])) as Record<Pool, number>
  const totalCap = POOLS.reduce((s, p) => s + capacity[p], 0)
  const deploy = Math.min(available, totalCap)
  return Object.fromEntries(POOLS.map((p) => [p, totalCap > 0 ? (deploy * capacity[p]) / totalCap : 0])) as Record<Pool, number>
}

interface Chain extends ChainRates {
  pool: Pool
  layer: Layer
  period: number
  startedAt: number
  stage: number
  lastChangeAt: number
}

interface Counters {
  steps: number
  noEligibleSteps: number
  reprices: number
  skippedSmall: number
  skippedHourlyCap: number
  remnants: number
  lentMsByPeriod: Map<number, number>
}

export function lendingbot(policy: LendingbotPolicy): Strategy {
  const chains = new Map<number, Chain>()
  const repricedAt: number[] = []
  const c: Counters = { steps: 0, noEligibleSteps: 0, reprices: 0, skippedSmall: 0, skippedHourlyCap: 0, remnants: 0, lentMsByPeriod: new Map() }
  const floors = Object.fromEntries(POOLS.map((p) => [p, grossDailyFloor(policy, p)])) as Record<Pool, number>
  let sliceIndex = 0

  async function reprice(ctx: StrategyContext, offers: Offer[]) {
    const live = new Set(offers.map((o) => o.id))
    for (const id of [...chains.keys()]) if (!live.has(id)) chains.delete(id) // filled in full (or gone)
    while (repricedAt.length && repricedAt[0] <= ctx.now - HOUR) repricedAt.shift()
    for (const o of offers) {
      const ch = chains.get(o.id)
      if (!ch) continue
      const stages = policy.stages[ch.layer][ch.pool]
      const due = stagesPassed(stages, ctx.now - ch.startedAt)
      if (due <= ch.stage) continue
      const rate = stageRate(ch, due, policy.landingStage[ch.layer], stages.length)
      const last = due >= stages.length
      if (o.rate - rate < policy.minimumRateChange - 1e-12) {
        c.skippedSmall++
        continue
      }
      if (o.amount < ORDER_CHUNK) {
        c.remnants++
        continue
      }
      if (ctx.now - ch.lastChangeAt < Math.max(policy.repriceCooldownMinutes, policy.minimumOfferMinutes) * MIN) continue
      if (!last && repricedAt.length >= policy.maxRepricesPerHour) {
        c.skippedHourlyCap++
        continue
      }
      await ctx.exchange.cancelOffer(o.id)
      chains.delete(o.id)
      const placed = await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount: o.amount, rate, period: ch.period })
      chains.set(placed.id, { ...ch, stage: due, lastChangeAt: ctx.now })
      repricedAt.push(ctx.now)
      c.reprices++
    }
  }

  async function lendIdle(ctx: StrategyContext, offers: Offer[], lentTotal: number) {
    const bal = await ctx.exchange.lendableBalance(ctx.currency)
    const equity = (bal.readable ? bal.amount : 0) + lentTotal + offers.reduce((s, o) => s + o.amount, 0)
    const idle = Math.min(bal.readable ? bal.amount : 0, Math.max(0, equity * policy.maxLendShare - lentTotal - offers.reduce((s, o) => s + o.amount, 0)))
    if (idle < ORDER_CHUNK) return
    const snap = await ctx.exchange.marketSnapshot(ctx.currency)
    const candles = await ctx.feed.candles(ctx.now, { start: ctx.now - 7 * DAY })
    const trades = await ctx.feed.trades(ctx.now, { start: ctx.now - 7 * DAY })
    const market = new Map<number, PeriodMarket>()
    for (const pool of POOLS) for (const p of policy.periods[pool]) market.set(p, periodMarket(p, snap.book, trades, candles, ctx.now))
    // A period is eligible when its market supports the pool's floor (its best bid or a recent rate reaches it).
    const eligiblePeriods = Object.fromEntries(POOLS.map((pool) => [pool, policy.periods[pool].filter((p) => market.get(p)!.supported >= floors[pool])])) as Record<Pool, number[]>
    const eligible = Object.fromEntries(POOLS.map((p) => [p, eligiblePeriods[p].length > 0])) as Record<Pool, boolean>
    if (!POOLS.some((p) => eligible[p])) {
      c.noEligibleSteps++
      return
    }
    const open = (key: (ch: Chain) => boolean) => offers.reduce((s, o) => (chains.has(o.id) && key(chains.get(o.id)!) ? s + o.amount : s), 0)
    const openByPool = Object.fromEntries(POOLS.map((p) => [p, open((ch) => ch.pool === p)])) as Record<Pool, number>
    const additions = poolAdditions(policy, idle, openByPool, eligible)
    const deployable = POOLS.reduce((s, p) => s + additions[p], 0)
    const count = Math.floor(deployable / ORDER_CHUNK + 1e-9)
    if (count < 1) return
    const unit = roundDownAmount(deployable / count)
    const poolCounts = largestRemainder(count, additions)
    // Layers by their shares of the open offers (the bot's MANAGED_OPEN_OFFERS basis): the deficits first.
    const openOffers = POOLS.reduce((s, p) => s + openByPool[p], 0) + count * unit
    const deficit = Object.fromEntries(LAYERS.map((l) => [l, Math.max(0, openOffers * policy.layerShare[l] - open((ch) => ch.layer === l))])) as Record<Layer, number>
    const layerCounts = largestRemainder(count, LAYERS.some((l) => deficit[l] > 0) ? deficit : policy.layerShare)
    const layerSeq: Layer[] = []
    while (layerSeq.length < count) for (const l of LAYERS) if (layerCounts[l]-- > 0) layerSeq.push(l)
    let li = 0
    for (const pool of POOLS) {
      const n = poolCounts[pool]
      if (n <= 0) continue
      for (const [period, k] of periodSplit(pool, n, unit, eligiblePeriods[pool], market, offers)) {
        for (let i = 0; i < k; i++) {
          const layer = layerSeq[li++]
          const m = market.get(period)!
          const floor = floors[pool]
          const landing = landingRate(layer, m, floor)
          const start = startRate(layer, m, floor, landing, policy.startPremium[layer], sliceIndex++)
          const left = await ctx.exchange.lendableBalance(ctx.currency)
          const amount = Math.min(unit, left.readable ? left.amount : 0)
          if (amount < ORDER_CHUNK) return
          const placed = await ctx.exchange.submitOffer({ symbol: ctx.symbol, type: 'LIMIT', amount, rate: start, period })
          chains.set(placed.id, { pool, layer, period, start, landing, floor, startedAt: ctx.now, stage: 0, lastChangeAt: ctx.now })
        }
      }
    }
  }

  /** A pool's slices over its best period (fill score: bid depth at the balanced landing 70 %, competitiveness 30 %) and the runner-up. */
  function periodSplit(pool: Pool, n: number, unit: number, periods: number[], market: Map<number, PeriodMarket>, offers: Offer[]): [number, number][] {
    const floor = floors[pool]
    const scored = periods.map((p) => {
      const m = market.get(p)!
      const target = landingRate('balanced', m, floor)
      const depth = m.bidDepthAtOrAbove(target)
      const competitiveness = m.bestBid <= 0 ? 0 : target <= m.bestBid ? 1 : Math.max(0, 1 - (target - m.bestBid) / m.bestBid)
      return { p, depth, competitiveness }
    })
    const maxDepth = Math.max(0, ...scored.map((s) => s.depth))
    const ranked = scored
      .map((s) => ({ p: s.p, score: 0.7 * (maxDepth > 0 ? s.depth / maxDepth : 0) + 0.3 * s.competitiveness }))
      .sort((a, b) => b.score - a.score || a.p - b.p)
    const [primary, runnerUp] = ranked
    // A single candidate (the long pool's 120 days), or no eligible runner-up: the best period takes all.
    if (!runnerUp) return [[primary.p, n]]
    const openPrimary = offers.reduce((s, o) => (chains.get(o.id)?.period === primary.p ? s + o.amount : s), 0)
    const poolAfter = offers.reduce((s, o) => (chains.get(o.id)?.pool === pool ? s + o.amount : s), 0) + n * unit
    const room = Math.max(0, poolAfter * PRIMARY_TERM_MAX_SHARE - openPrimary)
    const k = Math.min(Math.floor(room / unit), Math.floor(n * PRIMARY_TERM_MAX_SHARE))
    return [
      [primary.p, k],
      [runnerUp.p, n - k]
    ]
  }

  return {
    name: 'lendingbot',
    description: `lendingbot: the real bot's policy (staged repricing per pool), every parameter read from ${policy.source}: pools ${POOLS.map((p) => `${p} ${policy.periods[p].join('/')} d ${(policy.poolShare[p] * 100).toFixed(0)} % floor ${(policy.floorNetApr[p] * 100).toFixed(2)} % net (${(floors[p] * 365 * 100).toFixed(2)} % gross at its ${(policy.feeRate * 100).toFixed(1)} % fee)`).join(', ')}; layers ${LAYERS.map((l) => `${l} ${(policy.layerShare[l] * 100).toFixed(0)} %`).join(', ')}; each unfilled offer steps down from its start rate to its landing (market) rate by stage ${policy.landingStage.balanced} (high ${policy.landingStage.high}) and to the floor by the last stage. Readings where the bot's semantics is unknown (EXACT_TERM_EXPLORATION curve: linear between stages, candles stand in for per-period trades): docs/backtest.md.`,
    notes() {
      const total = [...c.lentMsByPeriod.values()].reduce((s, x) => s + x, 0)
      const mix = [...c.lentMsByPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([p, ms]) => `${p} d ${((ms / total) * 100).toFixed(1)} %`)
      return [
        `lendingbot: lent capital-time by loan period: ${total > 0 ? mix.join(', ') : 'none'}.`,
        `lendingbot: ${c.reprices} reprices; held back (offer-steps) ${c.skippedSmall} by minimum_rate_change, ${c.skippedHourlyCap} by max_reprices_per_hour, ${c.remnants} as remnants under ${ORDER_CHUNK} USD; ${c.noEligibleSteps} of ${c.steps} steps found no pool whose market reached its floor and offered nothing new.`,
        ...(policy.otherOfferKinds.length ? [`lendingbot: the record switches on ${policy.otherOfferKinds.join(', ')}; the replay places visible LIMIT offers only.`] : [])
      ]
    },
    async step(ctx) {
      c.steps++
      const loans = await ctx.exchange.activeLoans(ctx.currency)
      for (const l of loans) c.lentMsByPeriod.set(l.period, (c.lentMsByPeriod.get(l.period) ?? 0) + l.amount * ctx.stepMs)
      await reprice(ctx, await ctx.exchange.activeOffers(ctx.currency))
      await lendIdle(
        ctx,
        await ctx.exchange.activeOffers(ctx.currency),
        loans.reduce((s, l) => s + l.amount, 0)
      )
    }
  }
}
