export { diffAccount } from './accountDiff'
export { createMemoryOwnHistoryStore, createOwnHistoryStore, MAX_OBSERVATIONS, type OwnHistoryStore } from './ownHistoryStore'
export { FillRecorder, type Mode } from './recorder'
