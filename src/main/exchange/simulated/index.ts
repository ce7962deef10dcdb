// The simulated exchange: market replay (or live public data) + one fill model + a simulated account.
export { createSimulatedExchange, type SimulatedExchange, type SimulatedExchangeOptions, type FrrFillAssumption } from './exchange'
export type { SimulatedStats } from './account'
export { createReplayFeed, type ReplayFeed, type ReplayFeedOptions } from './replayFeed'
export { createLiveFeed, type SnapshotSource, type LiveFeedOptions } from './liveFeed'
export type { MarketFeed, MarketActivity, VolumeSlice, VolumePiece, BookObservation } from './feed'
export { createMemoryDataset, type MemoryDatasetParts } from './memoryDataset'
export { loadCurrencyDataset, dataSpans, DatasetError, type CurrencyDataset, type DataSpan, type BookSnapshot } from './dataset'
export * as replayFillRules from './replayFillRules'
