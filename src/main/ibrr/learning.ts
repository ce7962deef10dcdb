// Learning from the user's own fills: per period, the mean wait of an offer and the mean life of a loan,
// shrunk toward the calibrated prior, with old observations fading back to it. Pure: the same
// observations and `now` always give the same estimate.
import { MAX_PERIOD_DAYS, type Currency, type FillObservation, type LifeObservation, type Loan, type Offer, type OwnHistory, type OwnHistorySums } from '../../shared/domain'
import { NEXT_BORROWER_HOURS } from './fillModel'
import { IBRR_PARAMS } from './params'

const DAY_MS = 86_400_000

/** The prior for one period: what IBRR assumes before (and far from) the user's own data. */
export interface PeriodPrior {
  period: number
  lifeDays: number
  /** Loans the calibrated life rests on (for the long-lock cap's uncertainty). */
  lifeObservations: number
  waitMinutes: number
}

export interface LearnedPeriod {
  period: number
  /** Posterior mean life of a loan, days (≤ period). */
  lifeDays: number
  /** Posterior mean wait of an offer until it fills, minutes. */
  waitMinutes: number
  /** Decay-weighted number of the user's own closed loans behind lifeDays. */
  ownLives: number
  /** Decay-weighted number of the user's own fills behind waitMinutes. */
  ownFills: number
  /** Observations the life estimate rests on: the calibration's plus the user's own (weighted). */
  lifeObservations: number
  /** θ_p: the wait scale of this period's offers, shrunk toward the currency's θ (periodScale). */
  waitScale: number
  /** Decay-weighted number of the user's own fills with an expected wait behind waitScale. */
  ownScaleFills: number
}

export interface LearnedModel {
  periods: LearnedPeriod[]
  /** The user's own recorded fills and returned loans, over every period (each weighs by its age above). */
  ownFills: number
  ownLoans: number
  /** θ: how much longer the user's offers wait than the market model expected (1: as expected, or no data). */
  waitScale: number
  /** The recorded offers (filled or not) θ rests on, unweighted. */
  waitScaleOffers: number
  /** Decay-weighted number of the user's own fills θ rests on (its events: Σ w·[filled] in waitScaleOf). */
  waitScaleFills: number
}

/** Weight of an observation `ageDays` old: it halves every half-life, so old data fades back to the prior. */
export const decayWeight = (ageDays: number): number => Math.pow(0.5, Math.max(0, ageDays) / IBRR_PARAMS.learningHalfLifeDays)

/** The candidate period an observation of `period` days informs: the nearest one (ties go to the shorter). */
function nearestIndex(periods: readonly number[], period: number): number {
  let best = 0
  for (let k = 1; k < periods.length; k++) if (Math.abs(periods[k] - period) < Math.abs(periods[best] - period)) best = k
  return best
}

/**
 * Conjugate Gamma–exponential estimate of a mean duration with censoring and decay.
 * The durations are modelled as exponential with rate λ and a Gamma(k₀, k₀·m₀) prior on λ: the prior
 * counts as k₀ pseudo-observations of mean m₀. A completed duration adds its weight w to the events and
 * w·d to the exposure; a censored one (an offer cancelled unfilled, a loan still open) adds only w·d to
 * the exposure, since it is known to last at least d. The posterior mean duration is
 *     m = (k₀·m₀ + Σ w·d) / (k₀ + Σ w·[completed])
 * which is Bühlmann credibility: m = Z·m̂ + (1 − Z)·m₀ with Z = n/(n + k₀).
 */
function shrunkMean(priorMean: number, events: number, exposure: number, k0: number = IBRR_PARAMS.learningPriorWeight): number {
  return (k0 * priorMean + exposure) / (k0 + events)
}

/**
 * k₁: the pseudo-fills a period's own wait scale θ_p is shrunk with toward the currency's θ (periodScale).
 * Half of k₀, for two reasons that owe nothing to the replay: θ_p is pulled toward the user's own pooled
 * θ, not toward an outside prior, and most of the model's error is shared by every period (the same
 * queue model, the same calibration), so less pull is needed to keep a period from chasing noise; and at
 * 10 fills the mean of exponential waits has a standard error of 1/√10 ≈ 32 %, so a period is set apart
 * from the others only by a difference of about that size, which is the size that moves a decision
 * (a fill chance of 0.5 becomes 0.4 or 0.6). Bühlmann's reading: k₁ = σ²/τ² with σ² = θ² ≈ 1 the variance
 * of one d/e and τ ≈ 0.32 the spread of the periods' factors around the currency's it allows for.
 */
export const PERIOD_SCALE_WEIGHT = 10

/**
 * θ_p for one period from its own (decayed) sums, shrunk toward the currency's θ:
 *     θ_p = (k₁·θ + Σ_p w·d/e) / (k₁ + Σ_p w·[filled])
 * the same conjugate estimate as θ's, with θ as the prior mean. Exactly θ without data of its own.
 */
const periodScale = (theta: number, events: number, exposure: number): number =>
  events === 0 && exposure === 0 ? theta : shrunkMean(theta, events, exposure, PERIOD_SCALE_WEIGHT)

/**
 * The shortest expected wait that is the current fill model's own. No wait of the model is below the
 * wait for the next borrower (fillModel.ts NEXT_BORROWER_HOURS: demand comes in discrete loans), and
 * plan() records an expected wait only for offers no visible bid takes part of, whose every unit waits
 * at least that long. A shorter one was recorded by the model before it had that minimum (until Dec
 * 2026: at rates the demand flow reached at once it expected seconds, and a 5-minute fill of a 4-second
 * expectation read d/e = 75, which θ would have applied to every wait, hours-long ones too). It is not
 * the model's own wait, so it does not count for θ (it still counts for the mean waits per period). The
 * margin keeps the model's own minimum, rounded through the scales' inverse (plan.ts), above the line.
 */
export const MIN_SCALE_EVIDENCE_MINUTES = NEXT_BORROWER_HOURS * 60 * (1 - 1e-9)

/** The slot of an observed period in OwnHistorySums (whole days, 0..MAX_PERIOD_DAYS). */
const slotOf = (period: number): number => Math.min(MAX_PERIOD_DAYS, Math.max(0, Math.round(period)))

/** Empty sums whose weights are relative to `ref`. */
export function emptySums(ref: number): OwnHistorySums {
  const slots = () => new Float64Array(MAX_PERIOD_DAYS + 1)
  return {
    ref,
    fillEvents: slots(),
    fillExposure: slots(),
    lifeEvents: slots(),
    lifeExposure: slots(),
    filledCount: 0,
    closedCount: 0,
    scaleEvents: 0,
    scaleExposure: 0,
    scaleCount: 0,
    scaleEventsByPeriod: slots(),
    scaleExposureByPeriod: slots()
  }
}

/**
 * Add (sign +1) or take out (sign −1) observations. Weights are relative to sums.ref: one observation
 * `ageDays` before ref weighs decayWeight(ageDays), a newer one more than 1, so that at any later time
 * the whole sum decays by one factor (the half-life law is exponential: 2^(−a−b) = 2^(−a)·2^(−b)).
 */
export function addToSums(sums: OwnHistorySums, fills: readonly FillObservation[], lives: readonly LifeObservation[], sign: 1 | -1 = 1): void {
  const h = IBRR_PARAMS.learningHalfLifeDays
  for (const f of fills) {
    const k = slotOf(f.period)
    const w = sign * Math.pow(0.5, (sums.ref - f.at) / DAY_MS / h)
    sums.fillExposure[k] += w * f.waitMinutes
    if (f.outcome === 'filled') {
      sums.fillEvents[k] += w
      sums.filledCount += sign
    }
    if (f.expectedWaitMinutes !== undefined && f.expectedWaitMinutes >= MIN_SCALE_EVIDENCE_MINUTES) {
      const x = (w * f.waitMinutes) / f.expectedWaitMinutes
      sums.scaleExposure += x
      sums.scaleExposureByPeriod[k] += x
      if (f.outcome === 'filled') {
        sums.scaleEvents += w
        sums.scaleEventsByPeriod[k] += w
      }
      sums.scaleCount += sign
    }
  }
  for (const l of lives) {
    const k = slotOf(l.period)
    const w = sign * Math.pow(0.5, (sums.ref - l.at) / DAY_MS / h)
    sums.lifeExposure[k] += w * Math.min(l.lifeDays, l.period)
    if (l.outcome === 'closed') {
      sums.lifeEvents[k] += w
      sums.closedCount += sign
    }
  }
}

/** The sums of a record as of `now` (observations after `now` are not known yet and are left out). */
function sumsOf(fills: readonly FillObservation[], lives: readonly LifeObservation[], now: number): OwnHistorySums {
  const sums = emptySums(now)
  const known = <T extends { at: number }>(xs: readonly T[]): readonly T[] => (xs.every((x) => x.at <= now) ? xs : xs.filter((x) => x.at <= now))
  addToSums(sums, known(fills), known(lives))
  return sums
}

/**
 * θ, the user's wait scale as of `now`: how many times the market model's expected wait e their LIMIT
 * offers take. Each wait d is modelled as exponential with mean θ·e, so d/e is exponential with mean θ,
 * and the same conjugate Gamma–exponential estimate as shrunkMean's applies, over every period, with a
 * prior of k₀ pseudo-observations of θ = 1 (the model is right until the user's fills say otherwise):
 *     θ = (k₀·1 + Σ w·d/e) / (k₀ + Σ w·[filled])
 * An offer cancelled unfilled adds only w·d/e. Observations without an expected wait (recorded before
 * placements carried one), or with one under MIN_SCALE_EVIDENCE_MINUTES (an older model's), do not count; with none, θ is
 * exactly 1. Each period then has its own θ_p,
 * shrunk toward this θ (periodScale): the currency's θ is what a period's offers are assumed to wait
 * like until their own fills say otherwise.
 */
export function waitScaleOf(sums: OwnHistorySums | null, now: number): number {
  if (!sums) return 1
  const decay = decayWeight((now - sums.ref) / DAY_MS)
  return shrunkMean(1, decay * sums.scaleEvents, decay * sums.scaleExposure)
}

/**
 * The estimate per candidate period from the sums: each observed period informs the nearest candidate,
 * and every weight decays from sums.ref to `now` by one factor. `open` adds the censored observations
 * the account shows now (weight 1: they end now), which are never stored.
 */
export function learnFromSums(priors: readonly PeriodPrior[], sums: OwnHistorySums | null, now: number, open: OwnHistory = { fills: [], lives: [] }): LearnedModel {
  const periods = priors.map((p) => p.period)
  const n = priors.length
  const fillEvents = new Float64Array(n)
  const fillExposure = new Float64Array(n)
  const lifeEvents = new Float64Array(n)
  const lifeExposure = new Float64Array(n)
  const scaleEvents = new Float64Array(n)
  const scaleExposure = new Float64Array(n)
  const decay = sums ? decayWeight((now - sums.ref) / DAY_MS) : 0
  for (let slot = 0; sums && slot <= MAX_PERIOD_DAYS; slot++) {
    // Every scale observation is a fill observation of the same slot, so its exposure shows here too.
    if (sums.fillExposure[slot] === 0 && sums.fillEvents[slot] === 0 && sums.lifeExposure[slot] === 0 && sums.lifeEvents[slot] === 0) continue
    const k = nearestIndex(periods, slot)
    fillEvents[k] += decay * sums.fillEvents[slot]
    fillExposure[k] += decay * sums.fillExposure[slot]
    lifeEvents[k] += decay * sums.lifeEvents[slot]
    lifeExposure[k] += decay * sums.lifeExposure[slot]
    scaleEvents[k] += decay * sums.scaleEventsByPeriod[slot]
    scaleExposure[k] += decay * sums.scaleExposureByPeriod[slot]
  }
  const theta = waitScaleOf(sums, now)
  for (const f of open.fills) fillExposure[nearestIndex(periods, f.period)] += f.waitMinutes
  for (const l of open.lives) lifeExposure[nearestIndex(periods, l.period)] += Math.min(l.lifeDays, l.period)
  return {
    periods: priors.map((p, k) => ({
      period: p.period,
      lifeDays: Math.min(p.period, shrunkMean(p.lifeDays, lifeEvents[k], lifeExposure[k])),
      waitMinutes: shrunkMean(p.waitMinutes, fillEvents[k], fillExposure[k]),
      ownLives: lifeEvents[k],
      ownFills: fillEvents[k],
      lifeObservations: p.lifeObservations + lifeEvents[k],
      waitScale: periodScale(theta, scaleEvents[k], scaleExposure[k]),
      ownScaleFills: scaleEvents[k]
    })),
    ownFills: sums ? sums.filledCount : 0,
    ownLoans: sums ? sums.closedCount : 0,
    waitScale: theta,
    waitScaleOffers: sums ? sums.scaleCount : 0,
    waitScaleFills: sums ? decay * sums.scaleEvents : 0
  }
}

/**
 * The prior's weight in θ, 1 − Z = k₀ / (k₀ + Σ w·[filled]) (Bühlmann's complement, waitScaleOf): 1 before
 * the user's first fill, ½ after k₀ fresh fills, back toward 1 as those fills age. The ladder's quantile
 * bars are scaled by it (docs/ibrr.md §7): they guard a new user against a fill model calibrated on other
 * lenders, and the user's own fills, which θ learns from, are the evidence that answers it.
 */
export function priorWeightOfWaitScale(m: Pick<LearnedModel, 'waitScaleFills'>): number {
  const k0 = IBRR_PARAMS.learningPriorWeight
  return k0 / (k0 + m.waitScaleFills)
}

/** The estimate from a record of observations (sums taken as of `now`). */
export function learnFromOwnHistory(
  priors: readonly PeriodPrior[],
  fills: readonly FillObservation[],
  lives: readonly LifeObservation[],
  now: number
): LearnedModel {
  return learnFromSums(priors, sumsOf(fills, lives, now), now)
}

/** "1.6× slower" for a wait scale, or null when it does not show at that precision (1.04 would read "1.0× slower"). */
function factorText(theta: number): string | null {
  const factor = theta >= 1 ? theta : 1 / theta
  if (!(factor >= 1.05) || !Number.isFinite(factor)) return null
  return `${factor.toFixed(1)}× ${theta > 1 ? 'slower' : 'faster'}`
}

/** A period's own wait scale, as the sentences weigh it. */
type PeriodScale = Pick<LearnedPeriod, 'period' | 'waitScale' | 'ownScaleFills'>
type ScaleSummary = Pick<LearnedModel, 'waitScale' | 'waitScaleOffers'> & { periods?: readonly PeriodScale[] }

/**
 * The factor the user's offers are counted at, over every period: the periods' own θ_p weighed by their
 * own fills (what IBRR applies where those offers wait), θ itself when no period has a fill of its own.
 * With every fill in one period it is that period's θ_p, so the sentence gives the figure IBRR uses.
 */
function overallScale(m: ScaleSummary): number {
  let fills = 0
  let weighted = 0
  for (const p of m.periods ?? []) {
    fills += p.ownScaleFills
    weighted += p.ownScaleFills * p.waitScale
  }
  return fills > 0 ? weighted / fills : m.waitScale
}

/** "your offers fill 1.6× slower than the model expected (from 34 of your offers)", or null when it does not show. */
function describeWaitScale(m: ScaleSummary): string | null {
  const factor = factorText(overallScale(m))
  return factor ? `your offers fill ${factor} than the model expected (from ${m.waitScaleOffers} of your offers)` : null
}

/**
 * The periods worth naming apart from the overall factor: those whose own fills weigh at least as much
 * as the pull toward θ (credibility ≥ ½: ownScaleFills ≥ k₁) and whose factor reads differently from the
 * overall one; the two with the most evidence, so the sentence stays short.
 */
function distinctPeriods(m: ScaleSummary): string[] {
  const overall = factorText(overallScale(m))
  return (m.periods ?? [])
    .filter((p) => p.ownScaleFills >= PERIOD_SCALE_WEIGHT && factorText(p.waitScale) !== null && factorText(p.waitScale) !== overall)
    .sort((a, b) => b.ownScaleFills - a.ownScaleFills || a.period - b.period)
    .slice(0, 2)
    .map((p) => `${p.period}-day offers ${factorText(p.waitScale)}`)
}

/**
 * The dashboard's sentence: where IBRR's fill model comes from now, and how the user's offers wait against
 * it: "fill model: prior + 40 of your fills; your offers fill 1.3× slower than the model expected (from 40
 * of your offers); 2-day offers 1.6× slower".
 */
export function describeFillModel(m: Pick<LearnedModel, 'ownFills' | 'ownLoans'> & ScaleSummary): string {
  const base = `fill model: prior + ${m.ownFills} of your fills` + (m.ownLoans > 0 ? ` and ${m.ownLoans} of your returned loans` : '')
  const pace = describeWaitPace(m)
  return pace ? `${base}; ${pace}` : base
}

/**
 * How the user's offers wait against the model, overall and for the periods that differ: "your offers
 * fill 1.3× slower than the model expected (from 40 of your offers); 2-day offers 1.6× slower", or null
 * when they wait as it expects.
 */
export function describeWaitPace(m: ScaleSummary): string | null {
  const scale = describeWaitScale(m)
  const apart = distinctPeriods(m)
  if (!apart.length) return scale
  if (scale) return `${scale}; ${apart.join(', ')}`
  // Overall the offers wait as the model expects: only the periods that differ are named, against it.
  return `${apart.join(', ')} than the model expected`
}

/**
 * The dashboard's sentence from a record's sums as of `now`: each observed period (whole days) with its
 * own θ_p, since the dashboard has no candidate periods of a plan to group them under.
 */
export function describeFillRecord(sums: OwnHistorySums | null, now: number): string {
  const theta = waitScaleOf(sums, now)
  const periods: PeriodScale[] = []
  if (sums) {
    const decay = decayWeight((now - sums.ref) / DAY_MS)
    for (let slot = 0; slot <= MAX_PERIOD_DAYS; slot++) {
      const events = decay * sums.scaleEventsByPeriod[slot]
      const exposure = decay * sums.scaleExposureByPeriod[slot]
      if (events > 0 || exposure > 0) periods.push({ period: slot, waitScale: periodScale(theta, events, exposure), ownScaleFills: events })
    }
  }
  return describeFillModel({ ownFills: sums?.filledCount ?? 0, ownLoans: sums?.closedCount ?? 0, waitScale: theta, waitScaleOffers: sums?.scaleCount ?? 0, periods })
}

const MINUTE_MS = 60_000

/**
 * What the account shows now adds censored observations: each open LIMIT offer has waited at least
 * since it was placed, each open loan has lived at least since it opened. They are derived again every
 * cycle, so a recorder only needs to keep the completed ones.
 */
export function openObservations(currency: Currency, offers: readonly Offer[], loans: readonly Loan[], now: number): OwnHistory {
  const fills: FillObservation[] = []
  const lives: LifeObservation[] = []
  for (const o of offers) {
    if (o.type !== 'LIMIT') continue
    if (o.createdAt <= now) fills.push({ currency, period: o.period, waitMinutes: (now - o.createdAt) / MINUTE_MS, outcome: 'censored', at: now })
  }
  for (const l of loans) {
    if (l.openedAt <= now) lives.push({ currency, period: l.period, lifeDays: (now - l.openedAt) / DAY_MS, outcome: 'open', at: now })
  }
  return { fills, lives }
}

/** The record's sums: kept by the recorder, or taken from the observations when it has none (null: no record). */
export const ownSums = (own: OwnHistory | undefined, now: number): OwnHistorySums | null =>
  own?.sums ?? (own && (own.fills.length || own.lives.length) ? sumsOf(own.fills, own.lives, now) : null)
