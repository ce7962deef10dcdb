// Backtests on recorded market data: every strategy on the same data, the same fill model and seed.
export { runBacktest, runBacktestOnDataset, defaultSpan, STRATEGY_NAMES } from './run'
export type { Strategy } from './strategies/types'
export { formatReportTable, reportTables, calibrationTables, textTable, type Table } from './reportTables'
export { measureForBacktest, type BacktestCalibration } from './calibrationReport'
export { checkBacktestFolder } from './folderCheck'
export { botTargetCells, countMet, targetCells, TARGET_OF_BOUND, TARGET_OVER_BEST_BASELINE, type BotTargetCell, type TargetCell } from './targets'
export { loadLendingbotPolicy, parseLendingbotPolicy, type LendingbotPolicy } from './strategies/lendingbotPolicy'
export { asStartingLoans, inheritedCredits, inheritedShare, loadBotCredits, managedApr, parseBotCredits, type BotCredits, type Inheritance, type InheritedShare } from './strategies/lendingbotRecord'
