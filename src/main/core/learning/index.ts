export { diffAccount } from './accountDiff'
export { createOwnHistoryStore, MAX_OBSERVATIONS } from './ownHistoryStore'
export { FillRecorder, type Mode } from './recorder'
