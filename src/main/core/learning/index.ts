export { diffAccount, type AccountView, type ReturnedLoan } from './accountDiff'
export { createOwnHistoryStore, MAX_OBSERVATIONS, type OwnHistoryStore } from './ownHistoryStore'
export { FillRecorder, type Mode } from './recorder'
