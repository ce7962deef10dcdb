// The user's settings for one currency turned into the exact bounds IBRR works within.
import { MAX_PERIOD_DAYS, MIN_PERIOD_DAYS, type AccountState, type Offer } from '../../shared/domain'
import { DEFAULT_MAX_OPEN_OFFERS, minimumOfferFor, type CurrencySettings } from '../../shared/settings'
import { formatAmount, formatRate } from './explain'
import { rateCeil, rateFloor, toUnitsDown, toUnitsUp } from './numbers'

export interface Limits {
  /** Lowest rate IBRR sends (the floor rounded UP onto the rate grid). 0 = no floor. */
  floorRate: number
  /** Highest rate IBRR sends; Infinity = no cap. */
  capRate: number
  minPeriod: number
  maxPeriod: number
  /** The period of ordinary offers: 2 days unless the user's minimum is longer. */
  shortPeriod: number
  minSizeUnits: number
  /** Infinity = no maximum. */
  maxSizeUnits: number
  /** Most open offers kept in this currency (issue 16: stay well under Bitfinex's active-offer limit). */
  maxOpenOffers: number
}

const clampPeriod = (p: number): number => Math.min(MAX_PERIOD_DAYS, Math.max(MIN_PERIOD_DAYS, Math.round(p)))

export function resolveLimits(cs: CurrencySettings, account: AccountState): Limits {
  const minPeriod = clampPeriod(cs.minPeriod)
  const maxPeriod = Math.max(minPeriod, clampPeriod(cs.maxPeriod))
  const floorRate = cs.minDailyRate > 0 ? rateCeil(cs.minDailyRate) : 0
  // A floor and a cap inside one grid step leave no grid rate between them: the floor wins (it is the
  // promise about the user's money; the cap is exceeded by less than one step, which settingsViolation allows).
  const capRate = cs.maxDailyRate > 0 ? Math.max(rateFloor(cs.maxDailyRate), floorRate) : Infinity
  return {
    floorRate,
    capRate,
    minPeriod,
    maxPeriod,
    shortPeriod: minPeriod,
    minSizeUnits: toUnitsUp(minimumOfferFor(account.currency, cs, account.usdPrice)),
    maxSizeUnits: cs.maxOfferSize > 0 ? toUnitsDown(cs.maxOfferSize) : Infinity,
    maxOpenOffers: Math.max(1, Math.floor(cs.maxOpenOffers ?? DEFAULT_MAX_OPEN_OFFERS))
  }
}

export const describeOffer = (o: Pick<Offer, 'type' | 'rate' | 'period'>): string =>
  o.type === 'LIMIT' ? `${formatRate(o.rate)} for ${o.period} days` : `${o.type === 'FRRDELTAVAR' ? 'FRR' : 'FRR-fixed'} offer for ${o.period} days`

export function offerCapCancelReason(o: Offer, limits: Limits, currency: AccountState['currency']): string {
  return `Cancel offer ${o.id} (${describeOffer(o)}): you allow at most ${limits.maxOpenOffers} open ${currency} offers, and IBRR keeps the ones most likely to fill.`
}

/** Why an existing offer breaks the settings (cancelled at once), or null when it does not. */
export function settingsViolation(o: Offer, cs: CurrencySettings, limits: Limits): string | null {
  // Built only for an offer that breaks a setting: the description formats a rate, every offer every cycle.
  const what = (): string => `offer ${o.id} (${describeOffer(o)})`
  if (o.type !== 'LIMIT' && !cs.allowFrr) return `Cancel ${what()}: FRR offers are turned off in your settings.`
  if (o.period < limits.minPeriod || o.period > limits.maxPeriod) {
    return `Cancel ${what()}: its ${o.period}-day period is outside your ${limits.minPeriod}–${limits.maxPeriod} day range.`
  }
  // FRR offers report their effective rate when Bitfinex gives one; 0 means unknown, not a violation.
  if (o.rate > 0 && cs.minDailyRate > 0 && o.rate < cs.minDailyRate * (1 - 1e-9)) {
    return `Cancel ${what()}: its rate is below your floor of ${formatRate(cs.minDailyRate)}.`
  }
  if (o.rate > 0 && cs.maxDailyRate > 0 && o.rate > Math.max(cs.maxDailyRate, limits.capRate) * (1 + 1e-9)) {
    return `Cancel ${what()}: its rate is above your maximum of ${formatRate(cs.maxDailyRate)}.`
  }
  return null
}

export function budgetCancelReason(o: Offer, cause: 'maxLent' | 'reserve', cs: CurrencySettings, account: AccountState): string {
  const what = `offer ${o.id} (${describeOffer(o)})`
  return cause === 'maxLent'
    ? `Cancel ${what}: your loans and offers would exceed your maximum lent of ${formatAmount(cs.maxLent, account.currency)}.`
    : `Cancel ${what}: it would use money from your reserve of ${formatAmount(cs.reserve, account.currency)}.`
}
