// IBRR's entry point: (market, account, settings, now) → which offers to cancel and which to place.
// Pure and deterministic: no I/O, no clock, no randomness; the same input gives the same plan.
import { fundingSymbol, type AccountState, type MarketSnapshot, type Offer, type Plan, type PlannedCancel, type PlannedOffer } from '../../shared/domain'
import type { Settings } from '../../shared/settings'
import { buildCandidateGrid, candidatePeriods, candidateRates } from './candidates'
import { formatAmount, formatChance, formatMinutes, formatRate, rateWithApr } from './explain'
import { buildLadder, type OwnWaiting, type Rung } from './ladder'
import { budgetCancelReason, describeOffer, resolveLimits, settingsViolation, type Limits } from './limits'
import { buildMarketModel, type MarketModel } from './marketModel'
import { floatSum, fromUnits, rateFloor, rateJustBelow, toUnitsDown, toUnitsUp } from './numbers'
import { IBRR_PARAMS, MAX_ACTIONS_PER_CYCLE } from './params'
import { expectedLoanLifeDays, type ValueContext } from './value'

const MINUTE_MS = 60_000

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
  return Array.from({ length: n }, (_, k) => size + (k < remainder ? 1 : 0))
}

const offerRate = (o: Offer, model: MarketModel): number => (o.type === 'LIMIT' || o.rate > 0 ? o.rate : model.frr)

function offerReason(rung: Rung, limits: Limits, model: MarketModel, horizonMinutes: number, currency: AccountState['currency']): string {
  const within = `within ${formatMinutes(horizonMinutes)}`
  const chance = formatChance(rung.fill.probability)
  const amount = fromUnits(rung.amountUnits)
  if (rung.type === 'FRRDELTAVAR') {
    return `FRR offer (FRR is ${rateWithApr(rung.rate)} now and floats) for ${rung.period} days: ${chance} chance to fill ${within}, a better expected yield than any fixed rate IBRR sees.`
  }
  const head = `${rateWithApr(rung.rate)} for ${rung.period} days`
  if (limits.floorRate > 0 && rung.rate === limits.floorRate && marketBelowFloor(model, limits) && rung.fill.immediateAmount < amount) {
    return `${head}, your floor (the market is lower): ${chance} chance to fill ${within}.`
  }
  if (rung.fallback) {
    const where = rung.rate === limits.floorRate ? 'at your floor' : 'just ahead of the cheapest offer'
    return `${head}: no recent demand reaches any rate IBRR may use, so it offers ${where}; ${chance} chance to fill ${within}.`
  }
  if (rung.fill.immediateAmount >= amount) {
    return `${head}: visible borrower bids take it at once (${chance} chance to fill ${within}).`
  }
  if (rung.fill.immediateAmount > 0) {
    return `${head}: visible bids take ${formatAmount(rung.fill.immediateAmount, currency)} at once and the rest has a ${chance} chance to fill ${within}.`
  }
  return `${head}: ${chance} chance to fill ${within} at this depth.`
}

function marketBelowFloor(model: MarketModel, limits: Limits): boolean {
  if (!(limits.floorRate > 0)) return false
  const bestAsk = model.asks.length ? model.asks[0].rate : Infinity
  return (model.benchmark > 0 && model.benchmark < limits.floorRate) || bestAsk < limits.floorRate
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
  // Over budget: drop the offers least likely to fill (highest rate) first.
  const byRateDesc = [...valid].sort((a, b) => offerRate(b, model) - offerRate(a, model) || a.id - b.id)
  let keptUnits = sumUnits(valid)
  for (const o of byRateDesc) {
    if (keptUnits <= capUnits || cancels.length >= MAX_ACTIONS_PER_CYCLE) break
    cancels.push({ offer: o, reason: budgetCancelReason(o, lentCap <= walletCap ? 'maxLent' : 'reserve', cs, account) })
    keptUnits -= units(o)
    valid = valid.filter((v) => v !== o)
  }

  // 3. The model: benchmark ĉ, option premium π, candidates.
  const s = settings.spikeSensitivity
  // A spike can only be judged against a recent distribution; a visible long borrower bid needs no
  // such judgement (it is a price on offer now, compared with what short money earns now). So without
  // a distribution IBRR still lends long, but only where visible bids take the money at once.
  const hasDistribution = model.distributionSource === 'candles' || model.distributionSource === 'trades'
  const allowLong = s > 0 && model.benchmark > 0 && limits.maxPeriod > limits.shortPeriod
  const longOnlyOnBids = !hasDistribution
  const valueCtx: ValueContext = {
    benchmark: model.benchmark,
    optionPremium: allowLong ? (1 - s) * IBRR_PARAMS.optionPremiumSigmas * model.spread : Infinity,
    shortLifeDays: expectedLoanLifeDays(limits.shortPeriod)
  }
  const periods = candidatePeriods(model, limits.shortPeriod, limits.maxPeriod, allowLong)
  const rates = candidateRates(model, limits.floorRate, limits.capRate, limits.maxPeriod, limits.shortPeriod, fromUnits(capUnits))
  const grid = buildCandidateGrid(model, rates, periods)
  const frrUsable =
    cs.allowFrr && model.frr > 0 && model.frr >= cs.minDailyRate && (cs.maxDailyRate === 0 || model.frr <= cs.maxDailyRate)
  const frrGrid = frrUsable ? buildCandidateGrid(model, [model.frr], periods) : null
  const marketRate = model.asks.length ? rateJustBelow(model.asks[0].rate) : model.benchmark > 0 ? rateFloor(model.benchmark) : 0
  // Knowing nothing of the market (no book, no recent trades or candles, no ticker price), IBRR does
  // not lend blind at the floor: a loan cannot be recalled, so a blind price can cost days of yield,
  // while waiting for data costs one cycle.
  const blind = model.distributionSource === 'none' && !model.bids.length && !model.trades.length && !model.demandCandles.length
  const fallbackRate = blind ? 0 : Math.min(limits.capRate, Math.max(limits.floorRate, marketRate))
  const isLong = (period: number): boolean => period > limits.shortPeriod
  const totalCapital = loansUnits + capUnits
  const lockedInLoans = account.loans.filter((l) => isLong(l.period)).reduce((s2, l) => s2 + toUnitsUp(l.amount), 0)
  const longBudgetFor = (kept: readonly Offer[]): number =>
    Math.max(0, fromUnits(Math.floor(IBRR_PARAMS.maxLongShare * totalCapital) - lockedInLoans - sumUnits(kept.filter((o) => isLong(o.period)))))
  const ladderBase = {
    model,
    grid,
    shortPeriod: limits.shortPeriod,
    valueCtx,
    horizonHours: horizonMinutes / 60,
    frrRate: frrUsable ? model.frr : 0,
    frrGrid,
    longOnlyOnBids,
    fallbackRate: fallbackRate > 0 && Number.isFinite(fallbackRate) ? fallbackRate : 0
  }

  // 4. Reprice: a stale offer goes when no rung of today's ideal ladder is within the threshold of it.
  // (Only needed when there are offers to judge: the common backtest cycle skips it.)
  const targets = valid.length
    ? buildLadder(
        { ...ladderBase, kept: [], longBudget: longBudgetFor([]) },
        rungAmounts(capUnits, limits.minSizeUnits, limits.maxSizeUnits, IBRR_PARAMS.maxLadderRungs)
      )
    : []
  const onTarget = (o: Offer): boolean =>
    targets.some(
      (t) =>
        t.period === o.period &&
        (o.type === 'LIMIT'
          ? t.type === 'LIMIT' && Math.abs(o.rate - t.rate) <= IBRR_PARAMS.repriceRelativeThreshold * t.rate
          : o.type === 'FRRDELTAVAR' && t.type === 'FRRDELTAVAR')
    )
  const ageMinutes = (o: Offer): number => (now - Math.max(o.createdAt, o.updatedAt || 0)) / MINUTE_MS
  const repriceable = valid
    .filter((o) => ageMinutes(o) >= settings.staleOfferMinutes && !onTarget(o))
    .sort((a, b) => ageMinutes(b) - ageMinutes(a) || a.id - b.id)
  const repriceRoom = Math.max(0, Math.min(IBRR_PARAMS.maxRepriceCancelsPerCycle, MAX_ACTIONS_PER_CYCLE - cancels.length))
  const reprices = repriceable.slice(0, repriceRoom)
  for (const o of reprices) {
    const t = targets.find((x) => x.period === o.period) ?? targets[0]
    const target = t ? (t.type === 'LIMIT' ? `${formatRate(t.rate)} for ${t.period} days` : `an FRR offer for ${t.period} days`) : 'nothing'
    cancels.push({
      offer: o,
      reason: `Reprice offer ${o.id} (${describeOffer(o)}): unfilled for ${Math.floor(ageMinutes(o))} min and IBRR's target moved to ${target}.`
    })
  }
  const kept = valid.filter((o) => !reprices.includes(o))

  // 5. Place the rest as a ladder, behind the offers we keep.
  const placeableUnits = Math.max(0, capUnits - sumUnits(kept))
  const actionsLeft = MAX_ACTIONS_PER_CYCLE - cancels.length
  const keptWaiting: OwnWaiting[] = kept.map((o) => ({ rate: offerRate(o, model), amount: o.amount }))
  let rungs = buildLadder(
    { ...ladderBase, kept: keptWaiting, longBudget: longBudgetFor(kept) },
    rungAmounts(placeableUnits, limits.minSizeUnits, limits.maxSizeUnits, Math.min(IBRR_PARAMS.maxLadderRungs, actionsLeft))
  )

  // Never cancel and re-place the very same offer.
  let finalCancels = cancels
  for (const o of reprices) {
    const twin = rungs.find(
      (r) => r.type === o.type && r.period === o.period && r.amountUnits === units(o) && (r.type !== 'LIMIT' || r.rate === o.rate)
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
  while (amounts.length && floatSum(amounts.map(fromUnits)) > Math.min(walletBound, lentBound)) {
    const k = amounts.indexOf(Math.max(...amounts))
    amounts[k] -= 1
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
    rate: r.type === 'FRRDELTAVAR' ? 0 : r.rate,
    period: r.period,
    fillProbability: r.fill.probability,
    reason: offerReason(r, limits, model, horizonMinutes, currency)
  }))
  const cancel: PlannedCancel[] = finalCancels.map((c) => ({ offerId: c.offer.id, reason: c.reason }))

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
    deferred: deferred.length + (repriceable.length - reprices.length),
    actionsLeft,
    allowLong,
    longOnlyOnBids,
    blind,
    valueCtx,
    spikeSensitivity: s
  })
  return { symbol, cancel, place, reasons }
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
  deferred: number
  actionsLeft: number
  allowLong: boolean
  longOnlyOnBids: boolean
  blind: boolean
  valueCtx: ValueContext
  spikeSensitivity: number
}

function explainPlan(reasons: string[], f: PlanFacts): void {
  const money = (u: number): string => formatAmount(fromUnits(u), f.currency)
  if (f.capUnits <= 0) {
    if (f.lentCap <= f.walletCap && f.cs.maxLent > 0) {
      reasons.push(`Nothing to lend: your loans already reach your maximum lent of ${formatAmount(f.cs.maxLent, f.currency)}.`)
    } else {
      reasons.push(`Nothing to lend: no free ${f.currency} beyond your reserve of ${formatAmount(f.cs.reserve, f.currency)}.`)
    }
  } else if (f.placeableUnits > 0 && f.placeableUnits < f.limits.minSizeUnits) {
    reasons.push(
      `${money(f.placeableUnits)} is free but below the minimum offer of ${money(f.limits.minSizeUnits)}; it waits until more money is free.`
    )
  } else if (f.limits.maxSizeUnits < f.limits.minSizeUnits) {
    reasons.push(`Your largest offer size is below Bitfinex's minimum of ${money(f.limits.minSizeUnits)}, so IBRR cannot place offers.`)
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
  }
  const { benchmark, optionPremium } = f.valueCtx
  for (const r of f.rungs) {
    if (r.period <= f.limits.shortPeriod || r.type !== 'LIMIT') continue
    if (r.fill.immediateAmount > 0) {
      reasons.push(
        `Borrowers bid ${formatRate(r.rate)} for ${r.period} days, more than rolling ${f.limits.shortPeriod}-day loans are worth now (${formatRate(benchmark)} plus ${formatRate(optionPremium)} for the chance to catch a spike), so IBRR lends part of your money there.`
      )
    } else {
      const z = f.model.spread > 0 ? (r.rate - benchmark) / f.model.spread : 0
      reasons.push(
        `Spike detected: ${formatRate(r.rate)} is ${z.toFixed(1)} σ above the recent median of ${formatRate(benchmark)}, so IBRR locks ${r.period} days while it lasts.`
      )
    }
    break
  }
  if (f.rungs.some((r) => r.rate === f.limits.floorRate) && marketBelowFloor(f.model, f.limits)) {
    reasons.push(
      `The market (${formatRate(f.model.benchmark)} typical) is below your floor of ${formatRate(f.limits.floorRate)}, so IBRR offers at your floor; these offers may take longer to fill.`
    )
  }
  if (f.spikeSensitivity === 0) reasons.push(`Spike sensitivity is 0, so IBRR never locks longer than ${f.limits.shortPeriod} days.`)
  else if (f.limits.maxPeriod > f.limits.shortPeriod && (!f.allowLong || f.longOnlyOnBids)) {
    reasons.push(
      f.allowLong
        ? `Too few recent candles or trades to judge spikes, so IBRR lends longer than ${f.limits.shortPeriod} days only where visible borrower bids take the money at once.`
        : `Too few recent candles or trades to judge spikes, so IBRR keeps to ${f.limits.shortPeriod}-day loans.`
    )
  }
  if (f.kept.length) {
    reasons.push(
      `Kept ${f.kept.length} offer${f.kept.length > 1 ? 's' : ''}: still fresh or within ${Math.round(IBRR_PARAMS.repriceRelativeThreshold * 100)} % of IBRR's target.`
    )
  }
  if (f.deferred > 0 || (f.actionsLeft <= 0 && f.placeableUnits >= f.limits.minSizeUnits)) {
    reasons.push(
      `Churn limit: at most ${MAX_ACTIONS_PER_CYCLE} cancels and placements per cycle keep IBRR within Bitfinex's rate limit; the remaining changes wait for the next cycle.`
    )
  }
  if (!reasons.length) reasons.push('Nothing to change: your offers match what IBRR would place now.')
}
