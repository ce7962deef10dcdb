// The ladder: rung by rung, pick the candidate (LIMIT rate, FRR-fixed offset or plain FRR, and a
// period) with the best value over the common horizon for that rung's amount, counting the rungs
// already chosen (they queue ahead or used up visible bids).
import type { CandidateGrid } from './candidates'
import { averageUnitWaitDays, chanceWithin, estimateFill, wholeRestHours, type FillEstimate } from './fillModel'
import { fromUnits } from './numbers'
import { IBRR_PARAMS } from './params'
import { candidateValue, rollingValue, type ValueContext } from './value'

export type RungType = 'LIMIT' | 'FRRDELTAVAR' | 'FRRDELTAFIX'

export interface Rung {
  type: RungType
  /** The rate the loan gets: LIMIT its rate, FRR offers FRR + offset now. */
  rate: number
  /** FRR offers: the offset from FRR sent with the offer (0 for plain FRR). */
  offset: number
  period: number
  amountUnits: number
  fill: FillEstimate
  /** Horizon value (rate·days per unit over T). */
  value: number
  /** What a lock had to beat for this rung: rolling short loans (y·T) or the best shortest-period offer now. */
  shortValue: number
  /**
   * Best horizon values of the fixed-rate (LIMIT) and the FRR candidates for this rung, to say why one won
   * (NaN in a ladder built with `choicesOnly`, which does not track them).
   */
  bestFixedValue: number
  bestFrrValue: number
  /** Mean life of this period's loans the value used (days). */
  lifeDays: number
  /** Immediate capacity (visible bids) available to this rung when it was chosen. */
  immediateCapacity: number
  /** No candidate had any demand: placed at the fallback rate (the floor, or just ahead of the best ask). */
  fallback: boolean
  /** Its chance meets its bar as the user's own fills lowered it (barWeight), not the whole bar: the lowering admitted it. */
  belowFullBar: boolean
}

/** One of our offers that stays on the book: it fills before new rungs at a higher rate. */
export interface OwnWaiting {
  rate: number
  amount: number
}

/** FRR candidates priced from the FRR queue (plain FRR) and from the book (FRR-fixed below FRR). */
export interface FrrCandidates {
  /** FRR now, daily. */
  frr: number
  /** Plain FRR allowed (within floor and cap). */
  plain: boolean
  /** Expected hours until `amount` units queued behind the FRR queue (plus ours) have filled. */
  queueWaitHours: (units: number) => number
  /** FRR queue ahead of a new FRR offer (the ticker's FRR amount available). */
  queue: number
  /** FRR-fixed candidates: indices of their effective rates (FRR + offset) in the ladder's grid, and the offsets. */
  fixedIndex: number[]
  fixedOffsets: number[]
}

export interface LadderInputs {
  grid: CandidateGrid
  shortPeriod: number
  /** Mean loan life per grid period (days). */
  lives: readonly number[]
  /** Long-lock cap factor per grid period: ceiling × credibility of its life estimate (0..1). */
  lifeCredibility: readonly number[]
  valueCtx: ValueContext
  /** valuesAtOnce(grid, lives, valueCtx). */
  valueAtOnce: readonly number[]
  horizonHours: number
  /** bestWaitingChance(grid, horizonHours). */
  bestWaitingChance: number
  /**
   * How much of the quantile bars still applies: the prior's weight in the learned wait scale θ
   * (priorWeightOfWaitScale), 1 before the user's first fill. The bars guard a new user against a fill
   * model calibrated on other lenders; the user's own fills, which θ learns from, answer that, and with
   * them each rung comes nearer the candidate its own value prefers. θ is one scale over every rate, so
   * an error of the model that differs by rate is not what lowers them (docs/ibrr.md §11).
   */
  barWeight: number
  frr: FrrCandidates | null
  kept: OwnWaiting[]
  /** Lendable capital (loans + what may be offered) and what of it is already locked long. */
  capital: number
  lockedLong: number
  /**
   * Per grid period, the long money (loans and kept offers) whose lives rest on some of the same measured
   * loans as that period's (sharesLifeEstimate): each period's cap holds what is exposed to its life
   * estimate (longShareCap), and lockedLong, all long money, stays within the ceiling.
   */
  lockedByPeriod: readonly number[]
  /** lifeSharing(grid periods): which periods' life estimates share measured loans. */
  lifeShared: readonly (readonly boolean[])[]
  /** No distribution to judge spikes by: a long rung is allowed only where visible bids take all of it at once. */
  longOnlyOnBids?: boolean
  /**
   * Used only when no candidate has any demand: the rate (0 = place nothing then) and its wait inputs
   * (`waits()`: a one-rate grid over the ladder's periods, read like the candidate grid, with the wait
   * scale and the overdue offers' evidence), computed only when a rung falls back.
   */
  fallback: { rate: number; waits: () => CandidateGrid }
  /**
   * Only each rung's choice is needed (the ladder that judges stale offers): the best fixed and FRR
   * values the sentences compare with are not tracked, so more candidates are skipped before their wait.
   */
  choicesOnly: boolean
}

/**
 * The long-lock cap for one candidate: at most ceiling × κ × φ of the capital locked where its
 * period's life estimate is exposed (LadderInputs.lockedByPeriod; all long money together stays within the
 * ceiling), where κ = 1 − 1/√n is the credibility of the period's mean life estimated from n
 * loans (its relative standard error is about 1/√n when lives are roughly exponential), and
 * φ = e / (e + π) follows the premium: e is what the lock earns per locked day beyond rolling short
 * loans and beyond the option premium π. A lock that barely clears π gets little; one far above it
 * gets nearly the ceiling.
 */
export function longShareCap(value: number, shortValue: number, lockedDays: number, premium: number, credibility: number): number {
  if (!(value > shortValue)) return 0
  const edge = lockedDays > 0 ? (value - shortValue) / lockedDays : Infinity
  const phi = premium > 0 ? (edge === Infinity ? 1 : edge / (edge + premium)) : 1
  return credibility * phi
}

/** The best candidate of one rung so far, and the values the reasons compare it with. */
interface RungSearch {
  amount: number
  minChance: number
  horizonHours: number
  anyEligible: boolean
  bestValue: number
  bestKind: RungType | null
  bestI: number
  bestJ: number
  shortValue: number
  bestFixedValue: number
  bestFrrValue: number
}

/** Per period, what the value of a candidate needs besides its rate and wait (one snapshot, every rung). */
interface PeriodTerms {
  isLong: boolean
  bidsOnly: boolean
  life: number
  /** W beyond which the horizon cuts the loan short (before it, V = V(W = 0) − y·W). */
  waitLimit: number
  lockedDays: number
  credibility: number
}

/** Offer the candidate (value v, fill chance p) to the rung: eligible candidates beat ineligible ones. */
function consider(st: RungSearch, kind: RungType, i: number, j: number, v: number, p: number): void {
  const eligible = p >= st.minChance
  if (eligible && !st.anyEligible) {
    st.anyEligible = true
    st.bestValue = -Infinity
  }
  if ((eligible || !st.anyEligible) && v > st.bestValue) {
    st.bestValue = v
    st.bestKind = kind
    st.bestI = i
    st.bestJ = j
  }
}

/** A lock must beat rolling short loans and stay within the cap its premium and its lives' certainty allow. */
function admitsLock(st: RungSearch, t: PeriodTerms, v: number, premium: number, lockedInPeriod: number, capital: number): boolean {
  if (!t.isLong) return true
  if (!(v > st.shortValue)) return false
  return lockedInPeriod + st.amount <= longShareCap(v, st.shortValue, t.lockedDays, premium, t.credibility) * capital
}

/** Scan the grid's rates at period j: every rate as LIMIT, or only `indices` (FRR-fixed effective rates). */
function scanGrid(
  st: RungSearch,
  kind: 'LIMIT' | 'FRRDELTAFIX',
  g: CandidateGrid,
  indices: readonly number[] | null,
  own: readonly number[],
  j: number,
  t: PeriodTerms,
  usedImmediate: number,
  lastRate: number,
  ctx: { valueCtx: ValueContext; lockedInPeriod: readonly number[]; capital: number; immediateP: number; valueAtOnce: readonly number[] }
): void {
  const P = g.periods.length
  const amount = st.amount
  const valueCtx = ctx.valueCtx
  const y = valueCtx.rollYield
  const premium = valueCtx.optionPremium
  const { rates, immediate, queue, demand, gapHours } = g
  const valueAtOnce = ctx.valueAtOnce
  const limit = kind === 'LIMIT'
  const { isLong, bidsOnly, waitLimit, life, lockedDays, credibility } = t
  const lockedAfter = ctx.lockedInPeriod[j] + amount
  const horizonHours = st.horizonHours
  // The running maxima stay in locals for the scan (consider() reads and writes only the choice).
  let shortValue = st.shortValue
  let familyBest = limit ? st.bestFixedValue : st.bestFrrValue
  const n = indices ? indices.length : rates.length
  for (let m = 0; m < n; m++) {
    const i = indices ? indices[m] : m
    const idx = i * P + j
    // Branch and bound: the value if filled at once bounds the candidate's value (a wait never adds
    // value), so a candidate whose bound can raise neither the short value, nor its family's best, nor
    // the choice is skipped before its wait is computed. (Only V(W) ≤ V(0) is assumed here.)
    const vMax = valueAtOnce[idx]
    if (vMax <= shortValue || isLong) {
      if (isLong && vMax <= shortValue) continue // a lock must beat short loans (admitsLock)
      // A lock's V(W) ≤ V(0) holds at rates ≥ π (value.ts): below it, a wait that cuts the life short can
      // add value, so such a lock is not skipped on its bound alone.
      if (st.anyEligible && vMax <= st.bestValue && vMax <= familyBest && (!isLong || rates[i] >= premium)) continue
    }
    const immRaw = immediate[idx] - usedImmediate
    const imm = immRaw > 0 ? immRaw : 0
    const rest = amount - Math.min(amount, imm)
    // Never undercut our own earlier waiting rung of the same period: the ladder climbs
    // (a rung that visible bids take at once competes with nobody and may sit lower).
    if (rest > 0 && (bidsOnly || rates[i] < lastRate)) continue
    const q = queue[idx] + own[i]
    const d = demand[idx]
    const gap = gapHours[i]
    let w = 0
    if (rest > 0) {
      if (!(d > 0)) continue
      w = averageUnitWaitDays(amount, rest, q, d, gap)
      if (w === Infinity) continue
    }
    // The shortest period rolls at its own rate (rollingValue). A lock: while the wait leaves the whole
    // mean life inside the horizon, V falls by y per day of wait (horizonValue's own form, so locks only).
    const v = !isLong ? rollingValue(rates[i], life, w, valueCtx) : w <= waitLimit ? vMax - y * w : candidateValue(rates[i], life, w, valueCtx, true)
    if (!isLong && v > shortValue) shortValue = v
    if (v <= familyBest && st.anyEligible && v <= st.bestValue) continue
    // A lock must beat rolling short loans and stay within the cap its premium and its lives' certainty allow (admitsLock).
    if (isLong && !(v > shortValue && lockedAfter <= longShareCap(v, shortValue, lockedDays, premium, credibility) * ctx.capital)) continue
    if (v > familyBest) familyBest = v
    // Once an eligible candidate is known, one worth no more cannot change the choice: its chance is not needed.
    if (st.anyEligible && v <= st.bestValue) continue
    const p = rest <= 0 ? ctx.immediateP : chanceWithin(horizonHours, wholeRestHours(rest, q, d, gap))
    consider(st, kind, indices ? m : i, j, v, p)
  }
  st.shortValue = shortValue
  if (limit) st.bestFixedValue = familyBest
  else st.bestFrrValue = familyBest
}

function ownBelow(waiting: readonly OwnWaiting[], rate: number): number {
  let s = 0
  for (const w of waiting) if (w.rate <= rate) s += w.amount
  return s
}

/**
 * Per (rate, period) of the grid: the value if the offer filled at once (candidateValue with W = 0). It
 * bounds every candidate's value, so both ladders of a plan and every rung share one table.
 */
export function valuesAtOnce(grid: CandidateGrid, lives: readonly number[], valueCtx: ValueContext): number[] {
  const { rates, periods } = grid
  const P = periods.length
  const out = new Array<number>(rates.length * P)
  // periods[0] is the shortest allowed period (candidatePeriods): it rolls, every other one is a lock.
  for (let i = 0; i < rates.length; i++) for (let j = 0; j < P; j++) out[i * P + j] = candidateValue(rates[i], lives[j], 0, valueCtx, j > 0)
  return out
}

/**
 * The best chance any waiting offer of the grid has to fill within `horizonHours`; the ladder's quantile
 * bars are shares of it. None fills before demand comes (the wait for the next borrower and the candle
 * gap, the grid's gapHours, which no queue place shortens), so an offer can at best fill with chance
 * 1 − exp(−H / min gap). Read as absolute chances, the first rungs' bars (90 %, 70 %) lay above every
 * waiting candidate's chance once that wait neared the horizon (B = 11 min against a 30-min horizon, more
 * with a learned θ > 1): those rungs then took the best value like the last one, and the ladder no longer
 * put money to work quickly. Only rates some demand reaches count: above every candle high the candle gap
 * reads 0 (candleGapHours: no demand, the wait is infinite anyway), so such a rate, which no offer can
 * fill at, would set the ceiling to the next borrower's wait alone and leave the bars as unattainable as
 * absolute ones. Both ladders of a plan read the same grid and horizon, so plan() computes it once.
 */
export function bestWaitingChance(grid: CandidateGrid, horizonHours: number): number {
  const P = grid.periods.length
  let minGap = Infinity
  for (let i = 0; i < grid.rates.length; i++) {
    let served = false
    for (let j = 0; j < P; j++) if (grid.demand[i * P + j] > 0) served = true
    if (served && grid.gapHours[i] < minGap) minGap = grid.gapHours[i]
  }
  return minGap > 0 && minGap < Infinity ? chanceWithin(horizonHours, minGap) : 1
}

export function buildLadder(inp: LadderInputs, amountsUnits: readonly number[]): Rung[] {
  const { grid, valueCtx, lives } = inp
  const { rates, periods } = grid
  const P = periods.length
  const R = rates.length
  const frr = inp.frr
  const fixedIndex = frr && frr.fixedIndex.length ? frr.fixedIndex : null
  const immediateP = IBRR_PARAMS.immediateFillProbability
  const H = inp.horizonHours
  const T = valueCtx.horizonDays
  const terms: PeriodTerms[] = periods.map((p, j) => {
    const life = lives[j]
    const isLong = p > inp.shortPeriod
    const lockedDays = life - valueCtx.shortLifeDays
    return {
      isLong,
      bidsOnly: isLong && inp.longOnlyOnBids === true,
      life,
      waitLimit: T - life,
      lockedDays,
      credibility: inp.lifeCredibility[j]
    }
  })

  const valueAtOnce = inp.valueAtOnce
  // Per period, the largest value-at-once of its LIMIT and of its FRR-fixed candidates (Math.max keeps a
  // NaN, which prunes nothing). A lock's scan skips every candidate whose bound does not beat the short
  // value (scanGrid), and a lock's scan never moves the short value, so a period whose largest bound does
  // not beat it is skipped whole: the same choice, without a pass over its rates for every rung.
  const limitBound = new Array<number>(P).fill(-Infinity)
  const fixedBound = new Array<number>(P).fill(-Infinity)
  for (let i = 0, idx = 0; i < R; i++) for (let j = 0; j < P; j++, idx++) limitBound[j] = Math.max(limitBound[j], valueAtOnce[idx])
  if (fixedIndex) for (const i of fixedIndex) for (let j = 0; j < P; j++) fixedBound[j] = Math.max(fixedBound[j], valueAtOnce[i * P + j])

  const waiting: OwnWaiting[] = inp.kept.filter((k) => k.amount > 0)
  // Our money queued at or below each grid rate and FRR (ownBelow), kept up to date as each rung joins
  // the queue instead of summed afresh per rung: the same additions in the same order.
  const ownAt = new Array<number>(R)
  for (let i = 0; i < R; i++) ownAt[i] = ownBelow(waiting, rates[i])
  let ownFrr = frr?.plain ? ownBelow(waiting, frr.frr) : 0
  const lastRate = new Array<number>(P).fill(0)
  let usedImmediate = 0
  let lockedLong = inp.lockedLong
  const lockedInPeriod = [...inp.lockedByPeriod]
  const ceiling = IBRR_PARAMS.maxLongShareCeiling * inp.capital
  const rungs: Rung[] = []
  const untracked = inp.choicesOnly ? Infinity : -Infinity
  const reported = (familyBest: number): number => (inp.choicesOnly ? NaN : familyBest)

  for (const [k, units] of amountsUnits.entries()) {
    const amount = fromUnits(units)
    // Quantile ladder: rung k of n must fill within the horizon with chance ≥ 1 − (k + ½)/n of the best
    // chance a waiting offer can have, so the first rungs deploy money quickly and the last ones catch the
    // highs; the bars weigh as much as the fill model is still the prior's (barWeight).
    const st: RungSearch = {
      amount,
      minChance: Math.max(0, 1 - (k + 0.5) / amountsUnits.length) * inp.bestWaitingChance * inp.barWeight,
      horizonHours: H,
      anyEligible: false,
      bestValue: -Infinity,
      bestKind: null,
      bestI: -1,
      bestJ: -1,
      // A lock is judged against the better of rolling short loans over the horizon (y·T) and the best
      // shortest-period offer available now, so it never wins only because nothing short can be placed.
      shortValue: valueCtx.rollYield * T,
      // Untracked family bests start at +∞: no candidate raises them, and every bound that reads them
      // then reduces to "cannot change the choice".
      bestFixedValue: untracked,
      bestFrrValue: untracked
    }
    const ctx = { valueCtx, lockedInPeriod, capital: inp.capital, immediateP, valueAtOnce }
    // Plain FRR waits behind the whole FRR queue (the ticker's FRR amount available), drained at the
    // calibrated rate; visible bids go to the offers queued before ours. Its wait is the same at every period.
    const frrWait = frr?.plain ? frr.queueWaitHours(frr.queue + ownFrr + amount / 2) / 24 : Infinity
    const frrFull = frr?.plain ? frr.queueWaitHours(frr.queue + ownFrr + amount) : Infinity
    const frrChance = frrFull > 0 ? chanceWithin(H, frrFull) : immediateP

    // Periods ascend, so the shortest (j = 0) sets shortValue before any lock is judged against it.
    for (let j = 0; j < P; j++) {
      const t = terms[j]
      // A lock the cap could not admit even at its largest share (φ = 1 in longShareCap) is skipped whole:
      // admitsLock would refuse every candidate of this period, and they change nothing else.
      // So is every lock once all long money together would pass the ceiling.
      if (t.isLong && !(lockedInPeriod[j] + amount <= t.credibility * inp.capital && lockedLong + amount <= ceiling)) continue
      // FRR-fixed first: at the same effective rate it is worth the same as a LIMIT offer, and it wins
      // the tie because it follows FRR while it waits, so the market moving needs no reprice.
      if (fixedIndex && !t.bidsOnly && !(t.isLong && fixedBound[j] <= st.shortValue)) scanGrid(st, 'FRRDELTAFIX', grid, fixedIndex, ownAt, j, t, usedImmediate, 0, ctx)
      if (!(t.isLong && limitBound[j] <= st.shortValue)) scanGrid(st, 'LIMIT', grid, null, ownAt, j, t, usedImmediate, lastRate[j], ctx)
      if (t.bidsOnly) continue
      if (frr?.plain && frrWait < Infinity) {
        const v = candidateValue(frr.frr, t.life, frrWait, valueCtx, t.isLong)
        if (!t.isLong && v > st.shortValue) st.shortValue = v
        if (admitsLock(st, t, v, valueCtx.optionPremium, lockedInPeriod[j], inp.capital)) {
          if (v > st.bestFrrValue) st.bestFrrValue = v
          consider(st, 'FRRDELTAVAR', -1, j, v, frrChance)
        }
      }
    }

    let rung: Rung
    if (!st.bestKind) {
      if (!(inp.fallback.rate > 0)) break
      const p = inp.shortPeriod
      const rate = inp.fallback.rate
      // Slot 0 of the one-rate grid: its rate at the shortest period (periods[0], candidatePeriods).
      const w = inp.fallback.waits()
      const immediate = Math.max(0, w.immediate[0] - usedImmediate)
      const fill = estimateFill({ amount, queueAhead: w.queue[0] + ownBelow(waiting, rate), immediate, demandPerHour: w.demand[0], gapHours: w.gapHours[0], horizonHours: H })
      const value = rollingValue(rate, lives[0], 0, valueCtx)
      rung = { type: 'LIMIT', rate, offset: 0, period: p, amountUnits: units, fill, value, shortValue: value, bestFixedValue: reported(value), bestFrrValue: reported(st.bestFrrValue), lifeDays: lives[0], immediateCapacity: immediate, fallback: true, belowFullBar: false }
    } else {
      const { bestKind: kind, bestI: i, bestJ: j } = st
      let fill: FillEstimate
      let rate: number
      let immediate = 0
      if (kind === 'FRRDELTAVAR') {
        rate = frr!.frr
        fill = { probability: frrChance, expectedWaitDays: frrWait, immediateAmount: 0 }
      } else {
        const r = kind === 'LIMIT' ? i : fixedIndex![i]
        const idx = r * P + j
        rate = grid.rates[r]
        immediate = Math.max(0, grid.immediate[idx] - usedImmediate)
        fill = estimateFill({ amount, queueAhead: grid.queue[idx] + ownAt[r], immediate, demandPerHour: grid.demand[idx], gapHours: grid.gapHours[r], horizonHours: H })
      }
      const offset = kind === 'FRRDELTAFIX' ? frr!.fixedOffsets[i] : 0
      rung = {
        type: kind,
        rate,
        offset,
        period: periods[j],
        amountUnits: units,
        fill,
        value: st.bestValue,
        shortValue: st.shortValue,
        bestFixedValue: reported(st.bestFixedValue),
        bestFrrValue: reported(st.bestFrrValue),
        lifeDays: lives[j],
        immediateCapacity: immediate,
        fallback: false,
        belowFullBar: inp.barWeight < 1 && fill.probability >= st.minChance && fill.probability < st.minChance / inp.barWeight
      }
      if (kind === 'LIMIT' && fill.immediateAmount < amount) lastRate[j] = Math.max(lastRate[j], rate)
    }
    rungs.push(rung)
    usedImmediate += rung.fill.immediateAmount
    const stillWaiting = amount - rung.fill.immediateAmount
    if (stillWaiting > 0) {
      waiting.push({ rate: rung.rate, amount: stillWaiting })
      for (let i = 0; i < R; i++) if (rung.rate <= rates[i]) ownAt[i] += stillWaiting
      if (frr?.plain && rung.rate <= frr.frr) ownFrr += stillWaiting
    }
    if (rung.period > inp.shortPeriod) {
      lockedLong += amount
      // A long rung is never the fallback (that one is the shortest period): it is the search's period j.
      const shared = inp.lifeShared[st.bestJ]
      for (let j = 0; j < P; j++) if (shared[j]) lockedInPeriod[j] += amount
    }
  }
  return rungs
}
