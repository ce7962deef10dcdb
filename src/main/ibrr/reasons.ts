// The sentences of a plan: why each offer, why this period, why FRR or a fixed rate, and what IBRR
// does about offers that waited longer than expected. Every fill chance names its horizon, and every
// yield says it is before Bitfinex's fee.
import type { AccountState, Offer } from '../../shared/domain'
import type { Settings } from '../../shared/settings'
import { formatSentenceApr } from '../../shared/rate'
import { formatAmount, formatBigAmount, formatChance, formatHours, formatMinutes, formatRate, rateWithApr } from './explain'
import { longShareCap, type FrrCandidates, type Rung } from './ladder'
import { describeWaitPace, type LearnedModel } from './learning'
import type { Limits } from './limits'
import type { MarketModel } from './marketModel'
import { fromUnits } from './numbers'
import { lifeSharing } from './periodModel'
import { IBRR_PARAMS, MAX_ACTIONS_PER_CYCLE } from './params'
import type { ValueContext } from './value'

interface ReasonContext {
  limits: Limits
  model: MarketModel
  valueCtx: ValueContext
  horizonMinutes: number
  currency: AccountState['currency']
  /** FRR queue ahead of a new FRR offer (the ticker's, or the calibrated typical one). */
  frrQueue: number
}

const days = (d: number): string => (d >= 10 ? d.toFixed(0) : d >= 1 ? d.toFixed(1) : d.toFixed(2))
const yieldOf = (value: number, ctx: ValueContext): string => formatSentenceApr(value / ctx.horizonDays)
// A shortest-period rung is valued rolled: its money comes back and is lent again at the same rate
// (value.ts, rollingValue), except above the top of the recent market, which is not paid again.
const worth = (r: Rung, ctx: ValueContext, shortPeriod: number): string =>
  `worth about ${yieldOf(r.value, ctx)} before fee over ${ctx.horizonDays} days, with loans that last ~${days(r.lifeDays)} days on average` +
  (r.period > shortPeriod ? '' : r.rate <= ctx.typicalTop ? ', lent again at this rate as they come back' : `, lent again at ${formatRate(ctx.typicalTop)} (the top of the recent market) as they come back`)

function marketBelowFloor(model: MarketModel, limits: Limits): boolean {
  if (!(limits.floorRate > 0)) return false
  const bestAsk = model.asks.length ? model.asks[0].rate : Infinity
  return (model.benchmark > 0 && model.benchmark < limits.floorRate) || bestAsk < limits.floorRate
}

export function offerReason(rung: Rung, c: ReasonContext): string {
  const within = `within ${formatMinutes(c.horizonMinutes)}`
  const chance = formatChance(rung.fill.probability)
  const amount = fromUnits(rung.amountUnits)
  const value = worth(rung, c.valueCtx, c.limits.shortPeriod)
  const versusFixed =
    rung.bestFixedValue === -Infinity
      ? ''
      : `, ${rung.value > rung.bestFixedValue * (1 + 1e-9) ? 'more than' : 'as much as'} the best fixed rate (${yieldOf(rung.bestFixedValue, c.valueCtx)})`
  if (rung.type === 'FRRDELTAVAR') {
    return `FRR offer (FRR is ${rateWithApr(rung.rate)} now and floats) for ${rung.period} days: about ${formatHours(rung.fill.expectedWaitDays * 24)} behind ${formatBigAmount(c.frrQueue, c.currency)} queued at FRR, ${chance} chance to fill ${within}; ${value}${versusFixed}.`
  }
  if (rung.type === 'FRRDELTAFIX') {
    return `FRR-fixed offer at FRR − ${formatRate(-rung.offset)} (${rateWithApr(rung.rate)} now; it follows FRR while it waits and is fixed once taken) for ${rung.period} days: ${chance} chance to fill ${within}; ${value}${versusFixed}.`
  }
  const head = `${rateWithApr(rung.rate)} for ${rung.period} days`
  if (c.limits.floorRate > 0 && rung.rate === c.limits.floorRate && marketBelowFloor(c.model, c.limits) && rung.fill.immediateAmount < amount) {
    return `${head}, your floor (the market is lower): ${chance} chance to fill ${within}.`
  }
  if (rung.fallback) {
    // The fallback rate is min(cap, max(floor, market)): at the cap only when the market (best ask or its
    // recent rate) is at or above it, where demand does reach the rung.
    if (rung.rate === c.limits.capRate && c.limits.capRate > c.limits.floorRate) {
      return `${head}: the market is above your cap, so it offers at your cap; ${chance} chance to fill ${within}.`
    }
    const where = rung.rate === c.limits.floorRate ? 'at your floor' : 'just ahead of the cheapest offer'
    return `${head}: no recent demand reaches any rate IBRR may use, so it offers ${where}; ${chance} chance to fill ${within}.`
  }
  if (rung.fill.immediateAmount >= amount) {
    return `${head}: visible borrower bids take it at once, ${chance} chance to fill ${within}; ${value}.`
  }
  if (rung.fill.immediateAmount > 0) {
    return `${head}: visible bids take ${formatAmount(rung.fill.immediateAmount, c.currency)} at once and the rest has a ${chance} chance to fill ${within}; ${value}.`
  }
  return `${head}: ${chance} chance to fill ${within} at this depth; ${value}.`
}

interface PlanFacts {
  currency: AccountState['currency']
  cs: Settings['currencies'][AccountState['currency']]
  limits: Limits
  model: MarketModel
  capUnits: number
  placeableUnits: number
  walletCap: number
  lentCap: number
  rungs: Rung[]
  kept: Offer[]
  /** Kept offers older than the horizon of their fill chance (still on target). */
  stillWaiting: Offer[]
  ageMinutes: (o: Offer) => number
  horizonMinutes: number
  deferred: number
  actionsLeft: number
  openSlots: number
  allowLong: boolean
  longOnlyOnBids: boolean
  blind: boolean
  valueCtx: ValueContext
  learned: LearnedModel
  /** The share of the ladder's quantile bars that applied (LadderInputs.barWeight). */
  barWeight: number
  /** Per period of `learned`: ceiling × credibility of its mean life (the long cap before the premium). */
  lifeCredibility: readonly number[]
  frr: FrrCandidates | null
  /** Horizon yield (daily) of a plain FRR offer now, when FRR is allowed and in range. */
  frrYield: number | null
  totalCapital: number
  spikeSensitivity: number
}

/** "120-day", or "60-, 90- and 120-day": the candidate periods whose loans count toward `period`'s cap (sharesLifeEstimate). */
function sharedLifePeriods(period: number, f: PlanFacts): string {
  const periods = f.learned.periods.map((p) => p.period)
  const j = periods.indexOf(period)
  const shared = j >= 0 ? periods.filter((p, k) => p > f.limits.shortPeriod && lifeSharing(periods)[j][k]) : [period]
  const names = shared.map((p, k) => (k === shared.length - 1 ? `${p}-day` : `${p}-`))
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]
}

export function explainPlan(reasons: string[], f: PlanFacts): void {
  const money = (u: number): string => formatAmount(fromUnits(u), f.currency)
  const ctx = f.valueCtx
  if (f.capUnits <= 0) {
    if (f.lentCap <= f.walletCap && f.cs.maxLent > 0) {
      reasons.push(`Nothing to lend: your loans already reach your maximum lent of ${formatAmount(f.cs.maxLent, f.currency)}.`)
    } else {
      reasons.push(`Nothing to lend: no free ${f.currency} beyond your reserve of ${formatAmount(f.cs.reserve, f.currency)}.`)
    }
  } else if (f.placeableUnits > 0 && f.placeableUnits < f.limits.minSizeUnits && !f.rungs.length) {
    reasons.push(
      `${money(f.placeableUnits)} is free but below the minimum offer of ${money(f.limits.minSizeUnits)}; it waits until more money is free.`
    )
  } else if (f.limits.maxSizeUnits < f.limits.minSizeUnits) {
    reasons.push(`Your largest offer size is below Bitfinex's minimum of ${money(f.limits.minSizeUnits)}, so IBRR cannot place offers.`)
  }
  if (f.openSlots <= 0 && !f.rungs.length && f.placeableUnits >= f.limits.minSizeUnits) {
    reasons.push(
      `All ${f.limits.maxOpenOffers} offer slots you allow are in use, so ${money(f.placeableUnits)} waits for one to fill: merging it into an offer would cost that offer more queue place than the money earns meanwhile.`
    )
  }
  if (f.blind && f.capUnits > 0 && !f.rungs.length) {
    reasons.push(
      `IBRR sees no market data for ${f.currency} (no book, recent trades or candles), so it places nothing this cycle rather than lend blind at your floor.`
    )
  }
  if (f.rungs.length) {
    const total = f.rungs.reduce((s, r) => s + r.amountUnits, 0)
    const lo = Math.min(...f.rungs.map((r) => r.rate))
    const hi = Math.max(...f.rungs.map((r) => r.rate))
    const span = lo === hi ? formatRate(lo) : `${formatRate(lo)} to ${formatRate(hi)}`
    reasons.push(`Lending ${money(total)} in ${f.rungs.length} offer${f.rungs.length > 1 ? 's' : ''} at ${span}.`)
    // Each period's waits are scaled by its own θ_p (plan.ts scaleWaits), so the sentence names the
    // periods that differ rather than claim one pace for every wait.
    const pace = describeWaitPace(f.learned)
    if (pace) reasons.push(`From your own fills, ${pace}, so IBRR scales the waits and fill chances it expects for each period by what your offers showed (a period with few fills of its own leans on all of them).`)
    // The bars are the ladder's guard against the model's error (ladder.ts barWeight): say when it was lowered.
    if (f.rungs.some((r) => r.belowFullBar))
      reasons.push(
        `With ${Math.round(f.learned.waitScaleFills)} recent fills of your own behind the fill model, IBRR leans on it more: its first offers need to be only ${Math.round(f.barWeight * 100)} % as sure to fill soon as it asks with the model alone, so each offer sits nearer the rate worth most.`
      )
  }
  const shortP = f.limits.shortPeriod
  const rolling = `rolling ${shortP}-day loans (they come back after ~${days(ctx.shortLifeDays)} days and wait again)`
  for (const r of f.rungs) {
    if (r.period <= shortP) continue
    const j = f.learned.periods.findIndex((p) => p.period === r.period)
    const ownLoans = j >= 0 ? f.learned.periods[j].ownLives : 0
    const source = ownLoans >= 0.5 ? `prior + ${Math.round(ownLoans)} of your loans` : 'calibrated prior'
    const cap = j >= 0 ? longShareCap(r.value, r.shortValue, r.lifeDays - ctx.shortLifeDays, ctx.optionPremium, f.lifeCredibility[j]) : 0
    const lives = `Loans of that period last ~${days(r.lifeDays)} days on average (${source}), so lending there is worth ${yieldOf(r.value, ctx)} before fee over ${ctx.horizonDays} days against ${yieldOf(r.shortValue, ctx)} for ${rolling}, after ${formatRate(ctx.optionPremium)} per locked day for the spikes a lock cannot catch.`
    const share = `at most ${Math.round(cap * 100)} % of it in ${sharedLifePeriods(r.period, f)} loans now, from this premium and how sure their lives are (all long loans together at most ${Math.round(IBRR_PARAMS.maxLongShareCeiling * 100)} %)`
    if (r.type !== 'LIMIT') {
      reasons.push(`IBRR lends ${r.period} days at ${r.type === 'FRRDELTAVAR' ? 'FRR' : 'FRR-fixed'}, ${formatRate(r.rate)} now. ${lives} It locks part of your money there: ${share}.`)
    } else if (r.fill.immediateAmount > 0) {
      reasons.push(`Borrowers bid ${formatRate(r.rate)} for ${r.period} days. ${lives} IBRR lends part of your money there: ${share}.`)
    } else {
      const z = f.model.spread > 0 ? (r.rate - ctx.benchmark) / f.model.spread : 0
      reasons.push(
        `Spike detected: ${formatRate(r.rate)} is ${z.toFixed(1)} σ above the recent median of ${formatRate(ctx.benchmark)}, so IBRR locks ${r.period} days while it lasts. ${lives}`
      )
    }
    break
  }
  if (f.frr && f.frrYield !== null && f.rungs.length && !f.rungs.some((r) => r.type === 'FRRDELTAVAR')) {
    const best = Math.max(...f.rungs.map((r) => r.value))
    reasons.push(
      `FRR (${rateWithApr(f.frr.frr)}) is not used: a new FRR offer would wait about ${formatHours(f.frr.queueWaitHours(f.frr.queue))} behind ${formatBigAmount(f.frr.queue, f.currency)} queued at FRR, worth ~${formatSentenceApr(f.frrYield)} before fee over ${ctx.horizonDays} days, less than the offers IBRR places (${yieldOf(best, ctx)}).`
    )
  }
  if (f.rungs.some((r) => r.rate === f.limits.floorRate) && marketBelowFloor(f.model, f.limits)) {
    reasons.push(
      `The market (${formatRate(f.model.benchmark)} typical) is below your floor of ${formatRate(f.limits.floorRate)}, so IBRR offers at your floor; these offers may take longer to fill.`
    )
  }
  if (f.spikeSensitivity === 0) reasons.push(`Spike sensitivity is 0, so IBRR never locks longer than ${shortP} days.`)
  else if (f.limits.maxPeriod > shortP && (!f.allowLong || f.longOnlyOnBids)) {
    reasons.push(
      f.allowLong
        ? `Too few recent candles or trades to judge spikes, so IBRR lends longer than ${shortP} days only where visible borrower bids take the money at once.`
        : `Too few recent candles or trades to judge spikes, so IBRR keeps to ${shortP}-day loans.`
    )
  }
  if (f.stillWaiting.length) {
    const ids = f.stillWaiting.map((o) => `${o.id} (${Math.floor(f.ageMinutes(o))} min)`).join(', ')
    reasons.push(
      `Waited longer than expected: offer${f.stillWaiting.length > 1 ? 's' : ''} ${ids} ${f.stillWaiting.length > 1 ? 'have' : 'has'} been open longer than the ${formatMinutes(f.horizonMinutes)} ${f.stillWaiting.length > 1 ? 'their' : 'its'} fill chance was for. ${f.stillWaiting.length > 1 ? 'Their rates are' : 'Its rate is'} still within ${Math.round(IBRR_PARAMS.repriceRelativeThreshold * 100)} % of IBRR's target, which counts that wait against rates at or above ${f.stillWaiting.length > 1 ? 'them' : 'it'}, so IBRR keeps ${f.stillWaiting.length > 1 ? 'them' : 'it'} and ${f.stillWaiting.length > 1 ? 'their places' : 'its place'} in the queue, and judges again next cycle.`
    )
  }
  const fresh = f.kept.length - f.stillWaiting.length
  if (fresh > 0) {
    reasons.push(`Kept ${fresh} offer${fresh > 1 ? 's' : ''}: placed less than ${formatMinutes(f.horizonMinutes)} ago or within ${Math.round(IBRR_PARAMS.repriceRelativeThreshold * 100)} % of IBRR's target.`)
  }
  if (f.deferred > 0 || (f.actionsLeft <= 0 && f.placeableUnits >= f.limits.minSizeUnits)) {
    reasons.push(
      `Churn limit: at most ${MAX_ACTIONS_PER_CYCLE} cancels and placements per cycle keep IBRR within Bitfinex's rate limit; the remaining changes wait for the next cycle.`
    )
  }
  if (!reasons.length) reasons.push('Nothing to change: your offers match what IBRR would place now.')
}
