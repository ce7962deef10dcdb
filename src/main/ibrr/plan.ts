// IBRR's entry point: (market, account, settings, now) → which offers to cancel and which to place.
// Pure and deterministic: no I/O, no clock, no randomness; the same input gives the same plan.
import { expectedFrrWaitHours } from '../../shared/calibration'
import { fundingSymbol, type AccountState, type Loan, type MarketSnapshot, type Offer, type Plan, type PlannedCancel, type PlannedOffer } from '../../shared/domain'
import type { Settings } from '../../shared/settings'
import { buildCandidateGrid, candidatePeriods, candidateRates, type CandidateGrid } from './candidates'
import { formatAmount } from './explain'
import { explainPlan, offerReason } from './reasons'
import { waitDays } from './fillModel'
import { bestWaitingChance, buildLadder, valuesAtOnce, type FrrCandidates, type LadderInputs, type OwnWaiting } from './ladder'
import { budgetCancelReason, describeOffer, offerCapCancelReason, resolveLimits, settingsViolation } from './limits'
import { buildMarketModel, type MarketModel } from './marketModel'
import { ascending, floatSum, fromUnits, sortAscending, rateCeil, rateFloor, rateJustBelow, toUnitsDown, toUnitsUp } from './numbers'
import { IBRR_PARAMS, MAX_ACTIONS_PER_CYCLE } from './params'
import { openObservations, priorWeightOfWaitScale } from './learning'
import { PRIOR_CALIBRATION, lifeSharing, lockedBySharedLife, periodModels } from './periodModel'
import { renewalYield, rollingValue, type ValueContext } from './value'
import { VALUE_HORIZON_DAYS } from './horizon'

const MINUTE_MS = 60_000
const DAY_MINUTES = 1440

interface CancelDecision {
  offer: Offer
  reason: string
}

/** Split `totalUnits` into equal rungs (remainder to the first ones), each ≥ min and ≤ max. */
export function rungAmounts(totalUnits: number, minUnits: number, maxUnits: number, maxRungs: number): number[] {
  if (!(minUnits > 0) || totalUnits < minUnits || maxRungs <= 0 || maxUnits < minUnits) return []
  const n = Math.min(maxRungs, Math.floor(totalUnits / minUnits))
  const size = Math.floor(totalUnits / n)
  if (size >= maxUnits) return new Array<number>(n).fill(maxUnits)
  const remainder = totalUnits - size * n
  const out = new Array<number>(n)
  for (let k = 0; k < n; k++) out[k] = size + (k < remainder ? 1 : 0)
  return out
}

/** The open loans that are evidence of loan lives: all but those the account says are not (AccountState.notLifeEvidence). */
function lifeEvidence(account: AccountState): readonly Loan[] {
  const excluded = account.notLifeEvidence
  return excluded?.length ? account.loans.filter((l) => !excluded.includes(l.id)) : account.loans
}

const offerRate = (o: Offer, model: MarketModel): number => (o.type === 'LIMIT' || o.rate > 0 ? o.rate : model.frr)

// Furthest below FRR first, so the effective rates ascend like the grid's.
const FRR_FIXED_SHARES = [...IBRR_PARAMS.frrFixedOffsets].sort(ascending)

/** FRR-fixed offsets on the rate grid and their effective rates (FRR + offset), ascending. */
function frrFixedRates(model: MarketModel, inRange: (rate: number) => boolean): { offsets: number[]; rates: number[] } {
  const offsets: number[] = []
  const rates: number[] = []
  if (!(model.frr > 0)) return { offsets, rates }
  for (const share of FRR_FIXED_SHARES) {
    const offset = -rateCeil(-share * model.frr)
    // On the rate grid, so the same rate can also be sent as a LIMIT offer (at most one grid step low).
    const rate = rateFloor(model.frr + offset)
    if (rate > 0 && inRange(rate) && rate <= model.maxDemandRate && !rates.includes(rate)) {
      offsets.push(offset)
      rates.push(rate)
    }
  }
  return { offsets, rates }
}

/** Candidate rates with the FRR-fixed effective rates merged in (they are LIMIT candidates too). */
function mergeRates(rates: number[], extra: number[]): { rates: number[]; index: number[] } {
  if (!extra.length) return { rates, index: [] }
  const sorted = sortAscending([...rates, ...extra])
  const all: number[] = []
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) all.push(sorted[k])
  return { rates: all, index: extra.map((r) => all.indexOf(r)) }
}

/**
 * y: what money earns rolling the shortest period once it comes back from a lock, per day. The best
 * stationary yield r·ℓ/(ℓ + W(r) + g) over the shortest-period candidate rates (a rate above the top of
 * the recent distribution counts at that top: it is not paid again, see rollingValue), each waiting as one
 * minimum-size offer behind today's queue (visible bids are not counted: they will not be there when
 * the money comes back). This is the rate a shortest-period rung is valued at (rollingValue), so a
 * lock is judged against what IBRR itself would do with the money. At least the other reading of the
 * same yield, `prior`: ĉ rolled with the short wait the user's own fills show (the learned wait, §6),
 * so a lock never wins only because the model's demand is thin; it is the only reading without demand.
 */
function bestRollingYield(grid: CandidateGrid, lifeDays: number, reentryDays: number, top: number, unit: number, prior: number): number {
  const P = grid.periods.length
  let best = -Infinity
  for (let i = 0; i < grid.rates.length; i++) {
    const w = waitDays(unit, grid.queue[i * P], 0, grid.demand[i * P], grid.gapHours[i])
    if (w < Infinity) best = Math.max(best, renewalYield(Math.min(grid.rates[i], top), lifeDays, w + reentryDays))
  }
  return Math.max(best, prior)
}

/**
 * An offer older than the horizon of its fill chance has waited longer than the model expected: demand
 * at its rate comes slower than the model says. With an exponential prior on the rate at which demand
 * reaches it (the maximum-entropy law for a positive rate of known mean 1/M), an offer that has waited
 * a without filling leaves a posterior mean time of M + a (Gamma–exponential update with one
 * pseudo-observation). So every candidate rate at or above it, and within the reprice threshold below
 * it (rates IBRR treats as the same offer), waits its age longer: the targets move toward rates that
 * fill, and the stale offer is repriced there (§9). The gap is per rate, the same for every period: a
 * shorter offer is served by less demand, a longer one also by longer bids, which visible bids price
 * apart (they fill at once). Plain FRR offers wait in the FRR queue, which has its own model (§5).
 */
function addWaitEvidence(grid: CandidateGrid, offers: readonly Offer[], model: MarketModel, ageMinutes: (o: Offer) => number, horizonMinutes: number): void {
  const keep = 1 - IBRR_PARAMS.repriceRelativeThreshold
  let extra: number[] | null = null
  for (const o of offers) {
    const age = ageMinutes(o)
    if (o.type === 'FRRDELTAVAR' || age < horizonMinutes) continue
    const from = offerRate(o, model) * keep
    extra ??= new Array<number>(grid.rates.length).fill(0)
    // Several stale offers: the longest wait at or below a rate is the evidence for it.
    for (let i = 0; i < grid.rates.length; i++) if (grid.rates[i] >= from) extra[i] = Math.max(extra[i], age / 60)
  }
  if (extra) for (let i = 0; i < grid.rates.length; i++) grid.gapHours[i] += extra[i]
}

/**
 * The user's wait scales (learning.ts) applied to the market model's waits, in one place: demand reaching
 * each candidate of period p comes θ_p times slower (the period's own scale, shrunk toward the currency's
 * θ), and the gap G before demand reaches r (the wait for the next borrower plus the candle gap,
 * hoursBeforeDemand), one per rate for every period, lasts θ times longer. G is one reading for every
 * period (period-free minute and hourly candles), so every period's fills are evidence on it and the
 * pooled θ estimates it; what a period's own fills add, θ_p, is what differs between periods, which the
 * model reads only in D (trades carry their period). θ_p on G would let a period's few fills rescale a
 * reading all periods share. So a wait W = (Q + R/2)/D + G of the grid (the
 * ladder's scan, estimateFill, the rolling yield y) becomes θ_p·(Q + R/2)/D + θ·G, and θ·W for every
 * period until a period's own fills set it apart.
 * It is the book's wait law, so it scales FRR-fixed candidates (which wait on the book like LIMIT offers)
 * as well; plain FRR waits in its own calibrated queue. Within a period the scales apply to every rate
 * alike, so value still never rises with the wait. Returns the inverse: the model's own wait of a LIMIT
 * offer from its scaled one (θ taken out of each part), which is what the recorder learns θ against.
 */
function scaleWaits(grid: CandidateGrid, theta: number, periodScales: readonly number[]): (rate: number, period: number, waitDays: number) => number {
  const P = grid.periods.length
  if (theta !== 1 || periodScales.some((t) => t !== 1)) {
    for (let k = 0; k < grid.demand.length; k++) grid.demand[k] /= periodScales[k % P]
    if (theta !== 1) for (let i = 0; i < grid.gapHours.length; i++) grid.gapHours[i] *= theta
  }
  // The gap as scaled here: a waiting offer's age, added to the gap later (addWaitEvidence), is an observed
  // wait that was never multiplied by θ, so the inverse leaves it as it is (dividing it by θ recorded a
  // 3-hour age as 1.5 hours at θ = 2, and the fill then read twice as slow as the model expected).
  const scaledGapHours = grid.gapHours.slice()
  return (rate, period, waitDays) => {
    const i = grid.rates.indexOf(rate)
    const j = grid.periods.indexOf(period)
    if (i < 0 || j < 0) return waitDays
    const gapDays = grid.gapHours[i] / 24
    const evidenceDays = gapDays - scaledGapHours[i] / 24
    return (waitDays - gapDays) / periodScales[j] + scaledGapHours[i] / 24 / theta + evidenceDays
  }
}

export function plan(market: MarketSnapshot, account: AccountState, settings: Settings, now: number): Plan {
  const currency = account.currency
  const symbol = market.symbol || fundingSymbol(currency)
  const cs = settings.currencies[currency]
  const nothing = (reason: string): Plan => ({ symbol, cancel: [], place: [], reasons: [reason] })
  // The loop only plans enabled currencies. A disabled one gets no plan at all: the user may have
  // turned IBRR off to manage offers by hand, so cancelling them would undo exactly what they asked.
  if (!cs || !cs.enabled) return nothing(`${currency} is turned off in your settings, so IBRR plans nothing for it and leaves its offers as they are.`)
  if (!(account.usdPrice > 0) || !Number.isFinite(account.usdPrice)) {
    return nothing(`IBRR does not know the USD price of ${currency}, so it cannot check Bitfinex's 150 USD minimum and places nothing this cycle.`)
  }

  const limits = resolveLimits(cs, account)
  const horizonMinutes = settings.staleOfferMinutes
  const reasons: string[] = []
  const ownOffers = account.offers.filter((o) => o.amount > 0 && (!o.symbol || o.symbol === symbol)).sort((a, b) => a.id - b.id)
  const model = buildMarketModel(market, now, ownOffers)

  // 1. Offers that break the settings go at once (within the churn limit).
  const violations: CancelDecision[] = []
  let valid: Offer[] = []
  for (const o of ownOffers) {
    const why = settingsViolation(o, cs, limits)
    if (why) violations.push({ offer: o, reason: why })
    else valid.push(o)
  }
  const cancels: CancelDecision[] = violations.slice(0, MAX_ACTIONS_PER_CYCLE)
  const deferred = violations.slice(MAX_ACTIONS_PER_CYCLE).map((v) => v.offer)

  // 2. Budget in whole 1e-8 units: wallet money (minus reserve) and the maximum lent.
  const units = (o: Offer): number => toUnitsDown(o.amount)
  const sumUnits = (os: readonly Offer[]): number => os.reduce((s, o) => s + units(o), 0)
  const availableUnits = toUnitsDown(account.available)
  const reserveUnits = toUnitsUp(cs.reserve)
  const loansUnits = account.loans.reduce((s, l) => s + toUnitsUp(l.amount), 0)
  const walletCap = availableUnits + sumUnits(valid) + sumUnits(cancels.map((c) => c.offer)) - reserveUnits
  const lentCap = cs.maxLent > 0 ? toUnitsDown(cs.maxLent) - loansUnits - sumUnits(deferred) : Infinity
  const capUnits = Math.max(0, Math.min(walletCap, lentCap))
  // Over budget, or over the offer cap: drop the offers least likely to fill (highest rate) first.
  const byRateDesc = [...valid].sort((a, b) => offerRate(b, model) - offerRate(a, model) || a.id - b.id)
  let keptUnits = sumUnits(valid)
  for (const o of byRateDesc) {
    const overBudget = keptUnits > capUnits
    const overCap = valid.length + deferred.length > limits.maxOpenOffers
    if ((!overBudget && !overCap) || cancels.length >= MAX_ACTIONS_PER_CYCLE) break
    const reason = overBudget ? budgetCancelReason(o, lentCap <= walletCap ? 'maxLent' : 'reserve', cs, account) : offerCapCancelReason(o, limits, currency)
    cancels.push({ offer: o, reason })
    keptUnits -= units(o)
    valid = valid.filter((v) => v !== o)
  }

  // 3. The model: periods and their measured loan lives, benchmark ĉ, rolling yield y, premium π.
  const s = settings.spikeSensitivity
  // A spike can only be judged against a recent distribution; a visible long borrower bid needs no
  // such judgement (it is a price on offer now, compared with what short money earns now). So without
  // a distribution IBRR still lends long, but only where visible bids take the money at once.
  const hasDistribution = model.distributionSource === 'candles' || model.distributionSource === 'trades'
  const allowLong = s > 0 && model.benchmark > 0 && limits.maxPeriod > limits.shortPeriod
  const longOnlyOnBids = !hasDistribution
  const periods = candidatePeriods(limits.shortPeriod, limits.maxPeriod, allowLong)
  const learned = periodModels(periods, account.own, now, openObservations(currency, ownOffers, lifeEvidence(account), now))
  const lives = learned.periods.map((p) => p.lifeDays)
  const short = learned.periods[0]
  // Money that comes back is seen at the next cycle: on average half a loop interval later.
  const reentryDays = settings.loopIntervalSec / 2 / 86_400
  const lifeCredibility = learned.periods.map(
    (p) => IBRR_PARAMS.maxLongShareCeiling * Math.max(0, 1 - 1 / Math.sqrt(Math.max(1, p.lifeObservations)))
  )
  const inRange = (r: number): boolean => r >= cs.minDailyRate && (cs.maxDailyRate === 0 || r <= cs.maxDailyRate)
  // FRR offers move with FRR while they wait (plain FRR maybe after matching too), so they are used only
  // with room to move: the reprice threshold on either side stays within the floor and the cap.
  const frrMargin = IBRR_PARAMS.repriceRelativeThreshold
  const inRangeMoving = (r: number): boolean => inRange(r * (1 - frrMargin)) && inRange(r * (1 + frrMargin))
  const fixedFrr = cs.allowFrr ? frrFixedRates(model, inRangeMoving) : { offsets: [], rates: [] }
  const merged = mergeRates(candidateRates(model, limits.floorRate, limits.capRate, limits.maxPeriod, limits.shortPeriod, fromUnits(capUnits)), fixedFrr.rates)
  const grid = buildCandidateGrid(model, merged.rates, periods)
  const theta = learned.waitScale
  const periodScales = learned.periods.map((p) => p.waitScale)
  const modelWaitDays = scaleWaits(grid, theta, periodScales)
  const valueCtx: ValueContext = {
    benchmark: model.benchmark,
    rollYield: bestRollingYield(
      grid,
      short.lifeDays,
      reentryDays,
      model.typicalTop,
      fromUnits(limits.minSizeUnits),
      renewalYield(model.benchmark, short.lifeDays, short.waitMinutes / DAY_MINUTES + reentryDays)
    ),
    optionPremium: allowLong ? (1 - s) * IBRR_PARAMS.optionPremiumSigmas * model.spread : Infinity,
    shortLifeDays: short.lifeDays,
    reentryDays,
    typicalTop: model.typicalTop,
    horizonDays: VALUE_HORIZON_DAYS
  }
  // After y: an offer's long wait says demand at its rate is slow now, and prices this cycle's offers at
  // and above it. Money that comes back from a lock weeks later rolls in the market as the model reads
  // it (a lull, like a spike, is not valued as lasting), so y is read before the evidence.
  const ageMinutes = (o: Offer): number => (now - Math.max(o.createdAt, o.updatedAt || 0)) / MINUTE_MS
  addWaitEvidence(grid, valid, model, ageMinutes, horizonMinutes)
  const usdPrice = account.usdPrice
  const frrPlain = cs.allowFrr && model.frr > 0 && inRangeMoving(model.frr)
  const frr: FrrCandidates | null =
    frrPlain || merged.index.length
      ? {
          frr: model.frr,
          plain: frrPlain,
          // The calibrated FRR queue is measured in USD; other currencies are converted at their USD price.
          queueWaitHours: (u) => expectedFrrWaitHours(PRIOR_CALIBRATION, u * usdPrice, 'central'),
          // A ticker without FRR_AMOUNT_AVAILABLE (0) does not mean an empty queue: take the calibrated typical one.
          queue: model.frrAmountAvailable > 0 ? model.frrAmountAvailable : PRIOR_CALIBRATION.frrQueue.typicalQueue.central / usdPrice,
          fixedIndex: merged.index,
          fixedOffsets: fixedFrr.offsets
        }
      : null
  const marketRate = model.asks.length ? rateJustBelow(model.asks[0].rate) : model.benchmark > 0 ? rateFloor(model.benchmark) : 0
  // Knowing nothing of the market (no book, no recent trades or candles, no ticker price), IBRR does
  // not lend blind at the floor: a loan cannot be recalled, so a blind price can cost days of yield,
  // while waiting for data costs one cycle.
  const blind = model.distributionSource === 'none' && !model.bids.length && !model.trades.length && !model.demandCandles.length
  const fallbackRate = blind ? 0 : Math.min(limits.capRate, Math.max(limits.floorRate, marketRate))
  const isLong = (period: number): boolean => period > limits.shortPeriod
  const totalCapital = fromUnits(loansUnits + capUnits)
  const lockedInLoans = account.loans.filter((l) => isLong(l.period)).reduce((s2, l) => s2 + l.amount, 0)
  const lockedLong = (kept: readonly Offer[]): number => lockedInLoans + kept.filter((o) => isLong(o.period)).reduce((s2, o) => s2 + o.amount, 0)
  const valueAtOnce = valuesAtOnce(grid, lives, valueCtx)
  const barWeight = priorWeightOfWaitScale(learned)
  const waitingChance = bestWaitingChance(grid, horizonMinutes / 60)
  const safeFallbackRate = fallbackRate > 0 && Number.isFinite(fallbackRate) ? fallbackRate : 0
  // The fallback rate is off the candidate grid: its waits come from a one-rate grid read the same way
  // as every candidate's (θ, then the overdue offers' evidence), built only when a rung falls back.
  let fallbackGrid: CandidateGrid | null = null
  // Its own inverse too: a fallback offer records the model's wait with the scales taken out, like any other.
  let fallbackModelWaitDays: ReturnType<typeof scaleWaits> = (_rate, _period, waitDays) => waitDays
  const fallbackWaits = (): CandidateGrid => {
    if (!fallbackGrid) {
      fallbackGrid = buildCandidateGrid(model, [safeFallbackRate], periods)
      fallbackModelWaitDays = scaleWaits(fallbackGrid, theta, periodScales)
      addWaitEvidence(fallbackGrid, valid, model, ageMinutes, horizonMinutes)
    }
    return fallbackGrid
  }
  // One literal per ladder (not a spread of shared fields: that clone showed in the profile).
  const ladderInputs = (kept: OwnWaiting[], keptOffers: readonly Offer[], choicesOnly: boolean): LadderInputs => ({
    grid,
    shortPeriod: limits.shortPeriod,
    lives,
    lifeCredibility,
    valueCtx,
    valueAtOnce,
    horizonHours: horizonMinutes / 60,
    bestWaitingChance: waitingChance,
    barWeight,
    frr,
    kept,
    capital: totalCapital,
    lockedLong: lockedLong(keptOffers),
    lockedByPeriod: lockedBySharedLife(periods, limits.shortPeriod, [account.loans, keptOffers]),
    lifeShared: lifeSharing(periods),
    longOnlyOnBids,
    fallback: { rate: safeFallbackRate, waits: fallbackWaits },
    choicesOnly
  })

  // 4. Reprice: a stale offer goes when no rung of today's ideal ladder is within the threshold of it.
  // (Only needed when an offer is old enough to judge: most cycles skip it.) An FRR-fixed offer is judged
  // on its effective rate (FRR + offset now) like a LIMIT one: matching on its type alone kept offers at
  // a stale offset forever. Plain FRR has no rate of its own to compare.
  const stale = valid.filter((o) => ageMinutes(o) >= horizonMinutes)
  const targets = stale.length
    ? buildLadder(
        ladderInputs([], [], true),
        rungAmounts(capUnits, limits.minSizeUnits, limits.maxSizeUnits, Math.min(IBRR_PARAMS.maxLadderRungs, limits.maxOpenOffers))
      )
    : []
  const onTarget = (o: Offer): boolean =>
    targets.some(
      (t) =>
        t.period === o.period &&
        t.type === o.type &&
        (o.type === 'FRRDELTAVAR' || Math.abs(offerRate(o, model) - t.rate) <= IBRR_PARAMS.repriceRelativeThreshold * t.rate)
    )
  const repriceable = stale.filter((o) => !onTarget(o)).sort((a, b) => ageMinutes(b) - ageMinutes(a) || a.id - b.id)
  const repriceRoom = Math.max(0, Math.min(IBRR_PARAMS.maxRepriceCancelsPerCycle, MAX_ACTIONS_PER_CYCLE - cancels.length))
  const reprices = repriceable.slice(0, repriceRoom)
  for (const o of reprices) {
    const t = targets.find((x) => x.period === o.period) ?? targets[0]
    const target = t ? (t.type === 'LIMIT' ? `${describeOffer(t)}` : `an ${t.type === 'FRRDELTAVAR' ? 'FRR' : 'FRR-fixed'} offer for ${t.period} days`) : 'nothing'
    cancels.push({
      offer: o,
      reason: `Reprice offer ${o.id} (${describeOffer(o)}): it has waited ${Math.floor(ageMinutes(o))} min, longer than the ${horizonMinutes} min its fill chance was for, and IBRR's target, which counts that wait against rates at or above it, moved to ${target}.`
    })
  }
  let kept = valid.filter((o) => !reprices.includes(o))

  // 5. Place the rest as a ladder behind the offers we keep, within the offer cap. When no slot is free
  // (or the free money is below the minimum offer), returned money joins the newest kept offer if the
  // queue place that offer loses is worth less than the money's idle time.
  let placeableUnits = Math.max(0, capUnits - sumUnits(kept))
  let actionsLeft = MAX_ACTIONS_PER_CYCLE - cancels.length
  let slots = limits.maxOpenOffers - kept.length - deferred.length
  let consolidated: { offer: Offer; freeUnits: number; why: string } | null = null
  if (kept.length && placeableUnits > 0 && (slots <= 0 || placeableUnits < limits.minSizeUnits) && actionsLeft >= 2) {
    const newest = [...kept].sort((a, b) => ageMinutes(a) - ageMinutes(b) || b.id - a.id)[0]
    // The merged offer goes to the back of its queue: it loses about the time it has waited already
    // (capped at a typical wait), against the free money idling about one typical wait for a slot.
    const typicalWait = short.waitMinutes
    const idleGain = fromUnits(placeableUnits) * typicalWait
    const queueLoss = newest.amount * Math.min(ageMinutes(newest), typicalWait)
    // The merged offer must itself respect the size limits (two small offers may still be below the minimum).
    const mergedUnits = units(newest) + placeableUnits
    if (idleGain > queueLoss && mergedUnits >= limits.minSizeUnits && mergedUnits <= limits.maxSizeUnits) {
      const why = slots <= 0 ? `all ${limits.maxOpenOffers} offer slots are in use` : 'the free money is below the minimum offer'
      consolidated = { offer: newest, freeUnits: placeableUnits, why }
      kept = kept.filter((o) => o !== newest)
      placeableUnits += units(newest)
      slots = 1
      actionsLeft -= 1
    }
  }
  const keptWaiting: OwnWaiting[] = kept.map((o) => ({ rate: offerRate(o, model), amount: o.amount }))
  const rungCount = consolidated ? 1 : Math.min(IBRR_PARAMS.maxLadderRungs, actionsLeft, Math.max(0, slots))
  let rungs = buildLadder(
    ladderInputs(keptWaiting, kept, false),
    consolidated ? [placeableUnits] : rungAmounts(placeableUnits, limits.minSizeUnits, limits.maxSizeUnits, rungCount)
  )
  if (consolidated && rungs.length) {
    const c = consolidated
    cancels.push({
      offer: c.offer,
      reason: `Consolidate offer ${c.offer.id} (${describeOffer(c.offer)}): ${c.why}, so the returned ${formatAmount(fromUnits(c.freeUnits), currency)} joins this newest offer (it has the least queue place to lose) instead of sitting idle.`
    })
  } else if (consolidated) {
    kept = [...kept, consolidated.offer]
  }

  // Never cancel and re-place the very same offer.
  let finalCancels = cancels
  for (const o of reprices) {
    const twin = rungs.find(
      (r) => r.type === o.type && r.period === o.period && r.amountUnits === units(o) && (r.type === 'FRRDELTAVAR' || r.rate === offerRate(o, model))
    )
    if (twin) {
      rungs = rungs.filter((r) => r !== twin)
      finalCancels = finalCancels.filter((x) => x.offer !== o)
    }
  }

  // Float guard: the sum the loop and the exchange see must not exceed what is free.
  const freed = finalCancels.map((c) => c.offer.amount)
  const walletBound = account.available + floatSum(freed) - cs.reserve
  const lentBound =
    cs.maxLent > 0
      ? cs.maxLent - floatSum(account.loans.map((l) => l.amount)) - floatSum([...kept, ...deferred].map((o) => o.amount))
      : Infinity
  const amounts = rungs.map((r) => r.amountUnits)
  const bound = Math.min(walletBound, lentBound)
  while (amounts.length) {
    const excess = floatSum(amounts.map(fromUnits)) - bound
    if (!(excess > 0)) break
    const k = amounts.indexOf(Math.max(...amounts))
    // The excess at once, in whole units (at least one). Above 2^53 units (~90 M of a currency) one unit
    // is below the float's resolution, so x − 1 === x: the cut doubles until the amount really changes,
    // else this loop would never end.
    let cut = Math.max(1, toUnitsUp(excess))
    while (amounts[k] - cut === amounts[k]) cut *= 2
    amounts[k] -= cut
    if (amounts[k] < limits.minSizeUnits) {
      amounts.splice(k, 1)
      rungs = rungs.filter((_, idx) => idx !== k)
    }
  }
  rungs = rungs.map((r, k) => ({ ...r, amountUnits: amounts[k] }))

  const place: PlannedOffer[] = rungs.map((r) => ({
    symbol,
    type: r.type,
    amount: fromUnits(r.amountUnits),
    rate: r.type === 'LIMIT' ? r.rate : r.offset,
    period: r.period,
    fillProbability: r.fill.probability,
    // The model's own wait (the scales taken out again, by the inverse of the grid the rung's wait came from), so the recorder learns θ
    // against the model and not against itself. Not when visible bids take part at once: the first loan is then theirs and says nothing of the wait.
    ...(r.type === 'LIMIT' && r.fill.immediateAmount === 0 && Number.isFinite(r.fill.expectedWaitDays) ? { expectedWaitMinutes: (r.fallback ? fallbackModelWaitDays : modelWaitDays)(r.rate, r.period, r.fill.expectedWaitDays) * DAY_MINUTES } : {}),
    reason: offerReason(r, { limits, model, valueCtx, horizonMinutes, currency, frrQueue: frr?.queue ?? 0 })
  }))
  const cancel: PlannedCancel[] = finalCancels.map((c) => ({ offerId: c.offer.id, reason: c.reason }))

  // What plain FRR would earn for the first rung, so the sentences can say why it lost or won.
  const frrYield = frr?.plain
    ? rollingValue(frr.frr, lives[0], frr.queueWaitHours(frr.queue + (rungs[0] ? fromUnits(rungs[0].amountUnits) / 2 : 0)) / 24, valueCtx) /
      valueCtx.horizonDays
    : null

  explainPlan(reasons, {
    currency,
    cs,
    limits,
    model,
    capUnits,
    placeableUnits,
    walletCap,
    lentCap,
    rungs,
    kept,
    stillWaiting: stale.filter((o) => kept.includes(o) && onTarget(o)),
    ageMinutes,
    horizonMinutes,
    deferred: deferred.length + (repriceable.length - reprices.length),
    actionsLeft,
    openSlots: slots,
    allowLong,
    longOnlyOnBids,
    blind,
    valueCtx,
    learned,
    barWeight,
    lifeCredibility,
    frr,
    frrYield,
    totalCapital,
    spikeSensitivity: s
  })
  return { symbol, cancel, place, reasons }
}
