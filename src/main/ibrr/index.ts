// IBRR, the rate engine: a pure function from (market, account, settings, now) to a plan.
// docs/ibrr.md explains the model, its formulas and why each parameter has its value.
export { plan, rungAmounts } from './plan'
export { IBRR_PARAMS, MAX_ACTIONS_PER_CYCLE } from './params'
export { estimateFill, fillProbability, hoursBeforeDemand, meanFillHours, NEXT_BORROWER_HOURS } from './fillModel'
export { horizonValue, renewalYield, rollingValue } from './value'
export { addToSums, decayWeight, describeFillModel, describeFillRecord, emptySums, learnFromOwnHistory, learnFromSums, PERIOD_SCALE_WEIGHT, waitScaleOf } from './learning'
export { periodPriors } from './periodModel'
export { longShareCap } from './ladder'
export {
  buildMarketModel,
  candleGapHours,
  candleShareAtOrAbove,
  demandPerHour,
  immediateCapacity,
  queueAhead,
  QUEUE_AHEAD_SHARE,
  visibleAsksAhead
} from './marketModel'
export { buildCandidateGrid } from './candidates'
export { rateCeil, rateFloor, rateJustBelow, toUnitsDown, toUnitsUp, fromUnits } from './numbers'
export { formatRate } from './explain'
export { describeOffer } from './limits'
