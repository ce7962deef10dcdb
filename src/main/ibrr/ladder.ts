// The ladder: rung by rung, pick the (rate, period) with the best excess value for that rung's
// amount, counting the rungs already chosen (they queue ahead or used up visible bids).
import type { CandidateGrid } from './candidates'
import { estimateFill, type FillEstimate } from './fillModel'
import { demandPerHour, immediateCapacity, queueAhead, type MarketModel } from './marketModel'
import { fromUnits } from './numbers'
import { IBRR_PARAMS } from './params'
import { excessValue, expectedLoanLifeDays, type ValueContext } from './value'

export type RungType = 'LIMIT' | 'FRRDELTAVAR'

export interface Rung {
  type: RungType
  /** LIMIT: the offer's rate. FRRDELTAVAR: the FRR now (the offer itself is sent with rate 0). */
  rate: number
  period: number
  amountUnits: number
  fill: FillEstimate
  value: number
  /** Immediate capacity (visible bids) available to this rung when it was chosen. */
  immediateCapacity: number
  /** No candidate had any demand: placed at the fallback rate (the floor, or just ahead of the best ask). */
  fallback: boolean
}

/** One of our offers that stays on the book: it fills before new rungs at a higher rate. */
export interface OwnWaiting {
  rate: number
  amount: number
}

export interface LadderInputs {
  model: MarketModel
  grid: CandidateGrid
  shortPeriod: number
  valueCtx: ValueContext
  horizonHours: number
  /** FRR rate usable for FRR offers (0 = FRR offers not allowed or outside floor/cap). */
  frrRate: number
  kept: OwnWaiting[]
  /** How much more may be locked beyond the shortest period. */
  longBudget: number
  /** No distribution to judge spikes by: a long rung is allowed only where visible bids take all of it at once. */
  longOnlyOnBids?: boolean
  /** Used only when no candidate has any demand (0 = place nothing then). */
  fallbackRate: number
  /** The FRR rate on the same grid (same periods), when frrRate > 0. */
  frrGrid: CandidateGrid | null
}

interface FrrStatic {
  demand: number
  queue: number
  immediate: number
}

function waitDays(amount: number, queue: number, immediate: number, demand: number): number {
  const rest = amount - Math.min(amount, immediate)
  if (rest <= 0) return 0
  if (!(demand > 0)) return Infinity
  return ((rest / amount) * (queue + rest / 2)) / demand / 24
}

export function buildLadder(inp: LadderInputs, amountsUnits: readonly number[]): Rung[] {
  const { grid, model, valueCtx } = inp
  const { rates, periods } = grid
  const P = periods.length
  const lives = periods.map((p) => expectedLoanLifeDays(p))
  // The FRR candidate is one more rate on the same grid; other FRR offers wait at it and came first.
  const frrGrid = inp.frrRate > 0 ? inp.frrGrid : null
  const frr: FrrStatic[] | null = frrGrid
    ? periods.map((_, j) => ({
        demand: frrGrid.demand[j],
        queue: frrGrid.queue[j] + model.frrAmountAvailable,
        immediate: frrGrid.immediate[j]
      }))
    : null

  const waiting: OwnWaiting[] = inp.kept.filter((k) => k.amount > 0)
  const ownAt = new Float64Array(rates.length)
  const lastRate = new Array<number>(P).fill(0)
  let usedImmediate = 0
  let longBudget = inp.longBudget
  const rungs: Rung[] = []

  for (const [k, units] of amountsUnits.entries()) {
    const amount = fromUnits(units)
    // Quantile ladder: rung k of n must fill within the horizon with chance ≥ 1 − (k + ½)/n, so the
    // first rungs deploy money quickly and the last ones catch the highs.
    const minChance = Math.max(0, 1 - (k + 0.5) / amountsUnits.length)
    // Same law as estimateFill, inlined: this runs for thousands of candidates per plan.
    const chance = (queue: number, imm: number, demand: number): number => {
      const rest = amount - Math.min(amount, imm)
      if (rest <= 0) return IBRR_PARAMS.immediateFillProbability
      return demand > 0 ? 1 - Math.exp((-inp.horizonHours * demand) / (queue + rest)) : 0
    }
    let anyEligible = false
    for (let i = 0; i < rates.length; i++) {
      let s = 0
      for (const w of waiting) if (w.rate <= rates[i]) s += w.amount
      ownAt[i] = s
    }
    let bestValue = -Infinity
    let bestI = -1
    let bestJ = -1
    let bestFrr = false
    for (let j = 0; j < P; j++) {
      const isLong = periods[j] > inp.shortPeriod
      if (isLong && amount > longBudget) continue
      const bidsOnly = isLong && inp.longOnlyOnBids === true
      for (let i = 0; i < rates.length; i++) {
        const idx = i * P + j
        const imm = Math.max(0, grid.immediate[idx] - usedImmediate)
        if (bidsOnly && imm < amount) continue
        // Never undercut our own earlier waiting rung of the same period: the ladder climbs
        // (a rung that visible bids take at once competes with nobody and may sit lower).
        if (rates[i] < lastRate[j] && imm < amount) continue
        const w = waitDays(amount, grid.queue[idx] + ownAt[i], imm, grid.demand[idx])
        if (w === Infinity) continue
        const v = excessValue(rates[i], lives[j], w, valueCtx)
        // Without a distribution, short offers that wait have no demand estimate to compare with, so a
        // lock has to pay on its own: beat rolling short loans (V > 0), the rule of docs/ibrr.md §3.
        if (bidsOnly && v <= 0) continue
        if (anyEligible && v <= bestValue) continue
        const eligible = chance(grid.queue[idx] + ownAt[i], imm, grid.demand[idx]) >= minChance
        if (eligible && !anyEligible) {
          anyEligible = true
          bestValue = -Infinity
        }
        if ((eligible || !anyEligible) && v > bestValue) {
          bestValue = v
          bestI = i
          bestJ = j
          bestFrr = false
        }
      }
      if (frr && !bidsOnly) {
        const f = frr[j]
        let own = 0
        for (const w of waiting) if (w.rate <= inp.frrRate) own += w.amount
        const imm = Math.max(0, f.immediate - usedImmediate)
        const w = waitDays(amount, f.queue + own, imm, f.demand)
        const v = w === Infinity ? -Infinity : excessValue(inp.frrRate, lives[j], w, valueCtx)
        const eligible = w !== Infinity && chance(f.queue + own, imm, f.demand) >= minChance
        if (eligible && !anyEligible) {
          anyEligible = true
          bestValue = -Infinity
        }
        if (w !== Infinity && (eligible || !anyEligible)) {
          if (v > bestValue) {
            bestValue = v
            bestI = -1
            bestJ = j
            bestFrr = true
          }
        }
      }
    }

    let rung: Rung
    if (bestJ < 0) {
      if (!(inp.fallbackRate > 0)) break
      const p = inp.shortPeriod
      const rate = inp.fallbackRate
      let own = 0
      for (const w of waiting) if (w.rate <= rate) own += w.amount
      const immediate = Math.max(0, immediateCapacity(model, rate, p) - usedImmediate)
      const fill = estimateFill({
        amount,
        queueAhead: queueAhead(model, rate, p) + own,
        immediate,
        demandPerHour: demandPerHour(model, rate, p),
        horizonHours: inp.horizonHours
      })
      const value = excessValue(rate, expectedLoanLifeDays(p), 0, valueCtx)
      rung = { type: 'LIMIT', rate, period: p, amountUnits: units, fill, value, immediateCapacity: immediate, fallback: true }
    } else {
      const period = periods[bestJ]
      const rate = bestFrr ? inp.frrRate : rates[bestI]
      const s = bestFrr ? frr![bestJ] : null
      const idx = bestI * P + bestJ
      const immediate = Math.max(0, (s ? s.immediate : grid.immediate[idx]) - usedImmediate)
      let own = 0
      for (const w of waiting) if (w.rate <= rate) own += w.amount
      const fill = estimateFill({
        amount,
        queueAhead: (s ? s.queue : grid.queue[idx]) + own,
        immediate,
        demandPerHour: s ? s.demand : grid.demand[idx],
        horizonHours: inp.horizonHours
      })
      rung = {
        type: bestFrr ? 'FRRDELTAVAR' : 'LIMIT',
        rate,
        period,
        amountUnits: units,
        fill,
        value: bestValue,
        immediateCapacity: immediate,
        fallback: false
      }
      if (!bestFrr && fill.immediateAmount < amount) lastRate[bestJ] = Math.max(lastRate[bestJ], rate)
    }
    rungs.push(rung)
    usedImmediate += rung.fill.immediateAmount
    const stillWaiting = amount - rung.fill.immediateAmount
    if (stillWaiting > 0) waiting.push({ rate: rung.rate, amount: stillWaiting })
    if (rung.period > inp.shortPeriod) longBudget -= amount
  }
  return rungs
}
