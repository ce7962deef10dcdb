// The (rate, period) pairs IBRR considers, and a table of their fill inputs computed in one sweep,
// so a plan on a 250-level book stays well under a millisecond.
import { candleDemandPerHour, quantile, type MarketModel } from './marketModel'
import { rateFloor, rateJustBelow } from './numbers'
import { IBRR_PARAMS } from './params'

/**
 * Rates worth testing: just ahead of each ask level (the price that jumps that level's queue), each
 * bid's rate (matches it at once), the typical and high end of the recent candle highs and of the
 * recent trade rates per period (to catch a spike above the visible book), and the floor. Below-floor
 * rates become the floor; above-cap rates go; rates no recent demand or bid has reached are pruned
 * (nothing could fill them).
 */
export function candidateRates(
  model: MarketModel,
  floorRate: number,
  capRate: number,
  maxPeriod: number,
  shortPeriod: number = 2,
  needAmount: number = Infinity
): number[] {
  const raw: number[] = []
  for (const a of model.asks) {
    if (a.rate > model.maxDemandRate * 1.0001) break
    raw.push(rateJustBelow(a.rate))
  }
  // Lower bids only matter while the higher ones cannot take all we lend: stop once the bids any
  // offer can match (period ≤ the shortest) cover the amount.
  let shortCapacity = 0
  for (const b of model.bids) {
    if (b.period > maxPeriod) continue
    raw.push(rateFloor(b.rate))
    if (b.period <= shortPeriod) shortCapacity += b.amount
    if (shortCapacity >= needAmount) break
  }
  const highs = model.demandCandles.map((c) => c.high).filter((h) => h > 0).sort((a, b) => a - b)
  if (highs.length) raw.push(rateFloor(quantile(highs, 0.5)), rateFloor(quantile(highs, 0.9)))
  // Recent trades are prices borrowers paid: the same typical and high end, per trade period (a
  // 120-day trade is other demand than a 2-day one), so a market without a book or candles still
  // has candidates besides the floor.
  if (model.tradeWeight > 0) {
    const byPeriod = new Map<number, number[]>()
    for (const t of model.trades) {
      if (t.period > maxPeriod) continue
      const list = byPeriod.get(t.period)
      if (list) list.push(t.rate)
      else byPeriod.set(t.period, [t.rate])
    }
    for (const list of byPeriod.values()) {
      list.reverse() // model.trades is highest rate first
      raw.push(rateFloor(quantile(list, 0.5)), rateFloor(quantile(list, 0.9)))
    }
  }
  const set = new Set<number>()
  if (floorRate > 0 && floorRate <= capRate) set.add(floorRate)
  for (const r0 of raw) {
    if (!(r0 > 0)) continue
    const r = r0 < floorRate ? floorRate : r0
    if (r > capRate || r > model.maxDemandRate) continue
    set.add(r)
  }
  return [...set].sort((a, b) => a - b)
}

/**
 * Periods worth testing: the shortest allowed; when locking longer is allowed, also each visible bid's
 * period (the shortest offer that matches that bid), the common periods and the user's longest.
 */
export function candidatePeriods(model: MarketModel, shortPeriod: number, maxPeriod: number, allowLong: boolean): number[] {
  const set = new Set<number>([shortPeriod])
  if (allowLong && maxPeriod > shortPeriod) {
    for (const b of model.bids) if (b.period > shortPeriod && b.period <= maxPeriod) set.add(b.period)
    for (const p of IBRR_PARAMS.standardPeriods) if (p > shortPeriod && p <= maxPeriod) set.add(p)
    set.add(maxPeriod)
  }
  return [...set].sort((a, b) => a - b)
}

export interface CandidateGrid {
  rates: number[]
  periods: number[]
  /** Flat tables indexed [rateIndex * periods.length + periodIndex]. */
  demand: Float64Array
  queue: Float64Array
  immediate: Float64Array
}

/** Same numbers as demandPerHour / queueAhead / immediateCapacity, for every pair, in one sweep. */
export function buildCandidateGrid(model: MarketModel, rates: number[], periods: number[]): CandidateGrid {
  const R = rates.length
  const P = periods.length
  const useTrades = model.tradeWeight > 0 && model.tradeWindowHours > 0
  // Demand only changes at trade periods, so a grid of our periods plus the trade periods is exact.
  const gridSet = new Set<number>([...periods, 2])
  if (useTrades) for (const t of model.trades) gridSet.add(t.period)
  const G = [...gridSet].sort((a, b) => a - b)
  const K = G.length
  const periodSlot = periods.map((p) => G.indexOf(p))

  const demandG = new Float64Array(R * K)
  const trades = useTrades ? model.trades : []
  const acc = new Float64Array(K)
  let tp = 0
  for (let i = R - 1; i >= 0; i--) {
    while (tp < trades.length && trades[tp].rate >= rates[i]) {
      const t = trades[tp++]
      for (let g = 0; g < K; g++) if (G[g] >= t.period) acc[g] += Math.abs(t.amount)
    }
    const fromCandles = model.tradeWeight < 1 ? (1 - model.tradeWeight) * candleDemandPerHour(model, rates[i]) : 0
    for (let g = 0; g < K; g++) {
      demandG[i * K + g] = (useTrades ? (model.tradeWeight * acc[g]) / model.tradeWindowHours : 0) + fromCandles
    }
  }

  const demand = new Float64Array(R * P)
  for (let i = 0; i < R; i++) for (let j = 0; j < P; j++) demand[i * P + j] = demandG[i * K + periodSlot[j]]

  // An ask's class is the largest grid period ≤ its own: it serves the same demand as that period.
  const askClass = model.asks.map((a) => {
    let k = 0
    for (let g = 0; g < K; g++) if (G[g] <= a.period) k = g
    return k
  })
  const queue = new Float64Array(R * P)
  const askAcc = new Float64Array(K)
  let ap = 0
  for (let i = 0; i < R; i++) {
    while (ap < model.asks.length && model.asks[ap].rate <= rates[i]) {
      askAcc[askClass[ap]] += model.asks[ap].amount
      ap++
    }
    for (let j = 0; j < P; j++) {
      const ours = demandG[i * K + periodSlot[j]]
      let q = 0
      for (let g = 0; g < K; g++) {
        if (askAcc[g] === 0) continue
        q += G[g] >= periods[j] || ours <= 0 ? askAcc[g] : (askAcc[g] * demandG[i * K + g]) / ours
      }
      queue[i * P + j] = q
    }
  }

  const immediate = new Float64Array(R * P)
  const bidAcc = new Float64Array(P)
  let bp = 0
  for (let i = R - 1; i >= 0; i--) {
    while (bp < model.bids.length && model.bids[bp].rate >= rates[i]) {
      const b = model.bids[bp++]
      for (let j = 0; j < P; j++) if (periods[j] >= b.period) bidAcc[j] += b.amount
    }
    for (let j = 0; j < P; j++) immediate[i * P + j] = bidAcc[j]
  }
  return { rates, periods, demand, queue, immediate }
}
