// The simulated exchange: market replay (or live public data) + one fill model + a simulated account.
export { createSimulatedExchange, type SimulatedExchange, type FrrFillAssumption } from './exchange'
export type { SimulatedStats, StartingLoan } from './account'
export { bandFeedOptions, createReplayFeed, type ReplayFeed } from './replayFeed'
export { createLiveFeed, type SnapshotSource } from './liveFeed'
export type { MarketFeed } from './feed'
export { createMemoryDataset, type MemoryDatasetParts } from './memoryDataset'
export { loadCurrencyDataset, dataSpans, DatasetError, type CurrencyDataset, type DataSpan } from './dataset'
export * as replayFillRules from './replayFillRules'
