// The market IBRR's prior was measured on, in a module of its own so that the fill model (which
// periodModel's learning imports) can read it without an import cycle.
import { FUSD_CALIBRATION, type MarketCalibration } from '../../shared/calibration'

/**
 * Only fUSD is calibrated so far; other currencies start from the fUSD lives and waits (durations, not
 * amounts, so they carry over as a first guess) and learn their own from the user's fills.
 */
export const PRIOR_CALIBRATION: MarketCalibration = FUSD_CALIBRATION
