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
import { sameRate } from '../../../shared/rate'
import type { BookLevel, FundingTrade, Offer } from '../../../shared/domain'
import { LentCapitalTime, lentByPeriod } from '../lentCapitalTime'
import { BOT_RATE_TICK, ceilTick, grossDailyFloor, LAYERS, POOLS, type Layer, type LendingbotPolicy, type Pool } from './lendingbotPolicy'
import type { Strategy, StrategyContext } from './types'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
/** The bot's USD_ORDER_CHUNK (StrategyV3.py): slices of at least this; also Bitfinex's minimum offer. Not in the record. */
const ORDER_CHUNK = 150
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
    // Relative tolerance (shared/rate.ts): an absolute 1e-12 would count a bid a whole grid step below the
    // target as "at" it for small-unit currencies (fBTC rates ~4e-8/day: 4.0000e-8 vs 4.0001e-8).
    bidDepthAtOrAbove: (rate) => bids.reduce((s, b) => (b.rate >= rate || sameRate(b.rate, rate) ? s + b.amount : s), 0)
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

/** One book snapshot's bids of a period: how many orders (the book's COUNT) and how much (AMOUNT). */
export interface BidDemand {
  count: number
  amount: number
}

/** The bot's longest trade window (1 h, 24 h, 7 d): the bids it weighs are those of the snapshots seen in it. */
const DEMAND_WINDOW_MS = 7 * DAY

/**
 * What one period's demand weighs (the bot's `absoluteDemandShare`): its share of the demand of every
 * configured period, count 60 % and volume 40 % (PERIOD_DEMAND_COMPONENT_WEIGHTS, StrategyV3.py, V3.5).
 * The bot weighed its own recent public trades per period (1 h, 24 h, 7 d); the replay has trades by
 * period only on 2026-05-02, so the borrowers' bids per period in the book snapshots seen over the last
 * 7 days stand in (orders for trades, amount for volume): demand from the replay's own data up to the
 * step, never later. 0 for every period when nothing was seen (the bot's value without trade data).
 */
export function periodDemandShares(periods: readonly number[], seen: readonly Map<number, BidDemand>[]): Map<number, number> {
  const rows = periods.map((p) => ({ p, count: 0, amount: 0 }))
  for (const snapshot of seen)
    for (const r of rows) {
      r.count += snapshot.get(r.p)?.count ?? 0
      r.amount += snapshot.get(r.p)?.amount ?? 0
    }
  const count = rows.reduce((s, r) => s + r.count, 0)
  const amount = rows.reduce((s, r) => s + r.amount, 0)
  return new Map(rows.map((r) => [r.p, (count > 0 ? (0.6 * r.count) / count : 0) + (amount > 0 ? (0.4 * r.amount) / amount : 0)]))
}

/** The bids of each of `periods` in one book. */
export function bidDemandOf(bids: readonly BookLevel[], periods: ReadonlySet<number>): Map<number, BidDemand> {
  const out = new Map<number, BidDemand>()
  for (const b of bids) {
    if (!periods.has(b.period)) continue
    const d = out.get(b.period) ?? { count: 0, amount: 0 }
    d.count += b.count
    d.amount += Math.abs(b.amount)
    out.set(b.period, d)
  }
  return out
}

/**
 * The primary period's share of its pool (`_winner_target_shares`, StrategyV3.py V3.5; the author's V3.3
 * notes: "池内第二名的需求比例决定目标曲线：低于 5% 为 100/0，5% 至 20% 为 90/10，20% 至 35% 为 75/25，35% 及以上为
 * 60/40"): set by the runner-up's share of the pool's demand.
 */
export function primaryShare(runnerUpDemandShare: number): number {
  if (runnerUpDemandShare < 0.05) return 1
  if (runnerUpDemandShare < 0.2) return 0.9
  if (runnerUpDemandShare < 0.35) return 0.75
  return 0.6
}

/**
 * Each pool's target of money on offer (`_pool_targets_v33`, StrategyV3.py V3.5): the budget is the money
 * on offer (open offers + available). A qualified pool targets its share of it; a pool that does not
 * qualify keeps one minimum order (the author's V3.3 notes: "某池需求低于 5%或市场暂不支持其收益底线时，目标降为
 * 一张 150 USD 最低单，并直接挂在该池净 APR 底线对应的日利率"); what is left goes to the qualified pools by their
 * scores, with no cap (max_pool_shift is kept in the record but no longer bounds this release in V3.5).
 * The long pool qualifies beyond its minimum order only in a rising or spike regime, read from 5-minute
 * trade medians the replay does not have; the bot's own formula gives neither without them, so `qualified`
 * says false for it (the caller decides, and says so in the notes).
 */
export function poolTargets(policy: LendingbotPolicy, budget: number, qualified: Record<Pool, boolean>, score: Record<Pool, number>): Record<Pool, number> {
  const configured = POOLS.filter((p) => policy.poolShare[p] > 0)
  const active = configured.slice(0, Math.min(configured.length, Math.floor(budget / ORDER_CHUNK + 1e-9)))
  const targets = Object.fromEntries(POOLS.map((p) => [p, 0])) as Record<Pool, number>
  for (const p of active) targets[p] = qualified[p] ? Math.max(ORDER_CHUNK, budget * policy.poolShare[p]) : ORDER_CHUNK
  const total = () => POOLS.reduce((s, p) => s + targets[p], 0)
  const excess = total() - budget
  if (excess > 1e-9) {
    const reducible = Object.fromEntries(POOLS.map((p) => [p, Math.max(0, targets[p] - ORDER_CHUNK)])) as Record<Pool, number>
    const room = POOLS.reduce((s, p) => s + reducible[p], 0)
    if (room > 0) for (const p of active) targets[p] -= Math.min(reducible[p], (excess * reducible[p]) / room)
  }
  const receivers = active.filter((p) => qualified[p])
  const remaining = Math.max(0, budget - total())
  if (remaining > 0 && receivers.length) {
    const weights = receivers.map((p) => Math.max(0, score[p]))
    const sum = weights.reduce((s, w) => s + w, 0)
    receivers.forEach((p, i) => (targets[p] += (remaining * (sum > 0 ? weights[i] : policy.poolShare[p])) / (sum > 0 ? sum : receivers.reduce((s, q) => s + policy.poolShare[q], 0))))
  }
  return targets
}

/** One period's standing in the bot's period choice: demand share, fill score and their total. */
interface PeriodScore {
  period: number
  demand: number
  fill: number
  total: number
}

/** A pool's score, by which released money is shared (_build_period_selection: demand 50 %, demand-weighted fill 50 %). */
function poolScoreOf(rows: PeriodScore[]): number {
  const demand = rows.reduce((s, r) => s + r.demand, 0)
  const fill = demand > 0 ? rows.reduce((s, r) => s + r.fill * r.demand, 0) / demand : Math.max(0, ...rows.map((r) => r.fill))
  return 0.5 * demand + 0.5 * fill
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
  lent: LentCapitalTime
}

export function lendingbot(policy: LendingbotPolicy): Strategy & { chainStartedAt(offerId: number): number | undefined } {
  const chains = new Map<number, Chain>()
  const repricedAt: number[] = []
  const c: Counters = { steps: 0, noEligibleSteps: 0, reprices: 0, skippedSmall: 0, skippedHourlyCap: 0, remnants: 0, lent: new LentCapitalTime() }
  const floors = Object.fromEntries(POOLS.map((p) => [p, grossDailyFloor(policy, p)])) as Record<Pool, number>
  const configured = [...new Set(POOLS.flatMap((p) => policy.periods[p]))]
  const configuredSet = new Set(configured)
  /** The bids per period of every book snapshot seen in the last 7 days, by snapshot time. */
  const seenBids: { mts: number; bids: Map<number, BidDemand> }[] = []
  let sliceIndex = 0

  /** Keep the bids of the book visible now (once per snapshot) and forget those older than the demand window. */
  async function watchBids(ctx: StrategyContext) {
    const seen = await ctx.feed.bookAt(ctx.now)
    if (seen && seen.mts !== seenBids[seenBids.length - 1]?.mts) seenBids.push({ mts: seen.mts, bids: bidDemandOf(seen.book.bids, configuredSet) })
    while (seenBids.length && seenBids[0].mts < ctx.now - DEMAND_WINDOW_MS) seenBids.shift()
  }

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
      const change = o.rate - rate
      if (change < policy.minimumRateChange && !sameRate(change, policy.minimumRateChange)) {
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
    const scores = periodScores(market)
    // A pool's market qualifies when one of its periods supports the pool's floor (its best bid or a recent rate reaches it).
    const marketQualified = Object.fromEntries(POOLS.map((pool) => [pool, policy.periods[pool].some((p) => market.get(p)!.supported >= floors[pool])])) as Record<Pool, boolean>
    if (!POOLS.some((p) => marketQualified[p])) c.noEligibleSteps++
    // The long pool grows beyond its minimum order only in a rising or spike regime, which the replay cannot read (poolTargets).
    const qualified = { ...marketQualified, long: false }
    const open = (key: (ch: Chain) => boolean) => offers.reduce((s, o) => (chains.has(o.id) && key(chains.get(o.id)!) ? s + o.amount : s), 0)
    const openByPool = Object.fromEntries(POOLS.map((p) => [p, open((ch) => ch.pool === p)])) as Record<Pool, number>
    const poolScore = Object.fromEntries(POOLS.map((pool) => [pool, poolScoreOf(policy.periods[pool].map((p) => scores.get(p)!))])) as Record<Pool, number>
    const targets = poolTargets(policy, idle + POOLS.reduce((s, p) => s + openByPool[p], 0), qualified, poolScore)
    const additions = Object.fromEntries(POOLS.map((p) => [p, Math.max(0, targets[p] - openByPool[p])])) as Record<Pool, number>
    const deployable = Math.min(idle, POOLS.reduce((s, p) => s + additions[p], 0))
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
      const floor = floors[pool]
      for (const period of periodSequence(pool, n, unit, targets[pool], scores, offers)) {
        const layer = layerSeq[li++]
        const m = market.get(period)!
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

  /**
   * Every configured period's score (_build_period_selection, StrategyV3.py V3.5): its demand share and its
   * fill score (bid depth at the balanced landing rate over the deepest of every period 70 %, rate
   * competitiveness 30 %), total = 50 % each (PERIOD_FINAL_COMPONENT_WEIGHTS in the code; the author's V3.3
   * notes say 70 / 30, the code that ran says 50 / 50).
   */
  function periodScores(market: Map<number, PeriodMarket>): Map<number, PeriodScore> {
    const demand = periodDemandShares(configured, seenBids.map((x) => x.bids))
    const rows = POOLS.flatMap((pool) =>
      policy.periods[pool].map((p) => {
        const m = market.get(p)!
        const target = landingRate('balanced', m, floors[pool])
        const competitiveness = m.bestBid <= 0 ? 0 : target <= m.bestBid ? 1 : Math.max(0, 1 - (target - m.bestBid) / m.bestBid)
        return { p, depth: m.bidDepthAtOrAbove(target), competitiveness }
      })
    )
    const maxDepth = Math.max(0, ...rows.map((r) => r.depth))
    return new Map(
      rows.map((r) => {
        const fill = 0.7 * (maxDepth > 0 ? r.depth / maxDepth : 0) + 0.3 * r.competitiveness
        const d = demand.get(r.p) ?? 0
        return [r.p, { period: r.p, demand: d, fill, total: 0.5 * d + 0.5 * fill }]
      })
    )
  }

  /**
   * The periods of a pool's `n` new slices (allocate_slices_v3, V3.5): the primary period (highest total
   * score) targets primaryShare of the pool's target of money on offer, the runner-up the rest (merged into
   * the primary when under one minimum order); each slice goes to the period furthest below its target.
   */
  function periodSequence(pool: Pool, n: number, unit: number, poolTarget: number, scores: Map<number, PeriodScore>, offers: Offer[]): number[] {
    const ranked = policy.periods[pool].map((p) => scores.get(p)!).sort((a, b) => b.total - a.total || b.fill - a.fill || b.demand - a.demand || a.period - b.period)
    const [primary, runnerUp] = ranked
    const poolDemand = ranked.reduce((s, r) => s + r.demand, 0)
    const share = runnerUp ? primaryShare(poolDemand > 0 ? runnerUp.demand / poolDemand : 0) : 1
    const target = new Map<number, number>([[primary.period, poolTarget * share]])
    if (runnerUp && share < 1) {
      const rest = poolTarget * (1 - share)
      if (rest < ORDER_CHUNK) target.set(primary.period, poolTarget)
      else target.set(runnerUp.period, rest)
    }
    const have = new Map([...target.keys()].map((p) => [p, offers.reduce((s, o) => (chains.get(o.id)?.period === p ? s + o.amount : s), 0)]))
    const out: number[] = []
    for (let i = 0; i < n; i++) {
      const next = [...target.keys()].reduce((best, p) => {
        const gap = (q: number) => target.get(q)! - have.get(q)!
        return gap(p) > gap(best) + 1e-9 || (Math.abs(gap(p) - gap(best)) <= 1e-9 && p === primary.period) ? p : best
      })
      have.set(next, have.get(next)! + unit)
      out.push(next)
    }
    return out
  }

  return {
    name: 'lendingbot',
    /** When the reprice chain of a resting offer began (the bot's wait_minutes counts from there). */
    chainStartedAt: (offerId) => chains.get(offerId)?.startedAt,
    description: `lendingbot: the real bot's policy (staged repricing per pool), every parameter read from ${policy.source}: pools ${POOLS.map((p) => `${p} ${policy.periods[p].join('/')} d ${(policy.poolShare[p] * 100).toFixed(0)} % floor ${(policy.floorNetApr[p] * 100).toFixed(2)} % net (${(floors[p] * 365 * 100).toFixed(2)} % gross at its ${(policy.feeRate * 100).toFixed(1)} % fee)`).join(', ')}; layers ${LAYERS.map((l) => `${l} ${(policy.layerShare[l] * 100).toFixed(0)} %`).join(', ')}; each unfilled offer steps down from its start rate to its landing (market) rate by stage ${policy.landingStage.balanced} (high ${policy.landingStage.high}) and to the floor by the last stage; periods and pools chosen as its V3.5 code does (demand from the borrowers' bids per period in the book snapshots of the last 7 days, standing in for the bot's per-period trades, which the replay does not have; the long pool kept at one minimum order: its rising/spike gate needs 5-minute trades). Readings where the bot's semantics is unknown (EXACT_TERM_EXPLORATION curve: linear between stages, candles stand in for per-period trades): docs/backtest.md.`,
    notes() {
      const mix = c.lent.periods().map((p) => `${p} d ${(c.lent.share(p) * 100).toFixed(1)} %`)
      return [
        `lendingbot: lent capital-time by loan period: ${c.lent.total() > 0 ? mix.join(', ') : 'none'}.`,
        `lendingbot: ${c.reprices} reprices; held back (offer-steps) ${c.skippedSmall} by minimum_rate_change, ${c.skippedHourlyCap} by max_reprices_per_hour, ${c.remnants} as remnants under ${ORDER_CHUNK} USD; ${c.noEligibleSteps} of ${c.steps} steps found no pool whose market reached its floor (each pool then keeps one minimum order, the rest idles).`,
        ...(policy.otherOfferKinds.length ? [`lendingbot: the record switches on ${policy.otherOfferKinds.join(', ')}; the replay places visible LIMIT offers only.`] : [])
      ]
    },
    async step(ctx) {
      c.steps++
      await watchBids(ctx)
      const loans = await ctx.exchange.activeLoans(ctx.currency)
      c.lent.add(lentByPeriod(loans), ctx.stepMs)
      await reprice(ctx, await ctx.exchange.activeOffers(ctx.currency))
      await lendIdle(
        ctx,
        await ctx.exchange.activeOffers(ctx.currency),
        loans.reduce((s, l) => s + l.amount, 0)
      )
    }
  }
}
