// The common horizon every candidate is valued on (docs/ibrr.md §3), derived from the calibration
// rather than typed: long enough to hold the longest measured mean loan life plus the waits around it
// (its own offer's wait before it and the short wait when the money comes back), rounded up to whole
// days. A longer T changes nothing while it holds the life (V_lock − y·T does not depend on T then);
// a shorter one cuts the longest lock's life and undervalues it. Short enough that one snapshot of the
// book still says something: the longest life is weeks, not the 120-day period.
import type { MarketCalibration } from '../../shared/calibration'
import { loanLifeFor } from '../../shared/calibration'
import { PRIOR_CALIBRATION, priorWaitMinutes } from './periodModel'

const DAY_MINUTES = 1440

export function valueHorizonDaysFor(cal: MarketCalibration): number {
  const shortest = Math.min(...cal.loanLife.map((l) => l.period))
  const comeBackWait = priorWaitMinutes(shortest) / DAY_MINUTES
  const needed = Math.max(...cal.loanLife.map((l) => loanLifeFor(cal, l.period, 'central').meanDays + priorWaitMinutes(l.period) / DAY_MINUTES + comeBackWait))
  return Math.ceil(needed)
}

/** The horizon IBRR values on: from the calibration it is priced on (fUSD: 30.3 d of 120-day life + waits → 31 d). */
export const VALUE_HORIZON_DAYS = valueHorizonDaysFor(PRIOR_CALIBRATION)
