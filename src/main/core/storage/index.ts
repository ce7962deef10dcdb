export { STORE_FILE_OPTIONS, type KeyValueBackend } from './backend'
export { createConfBackend } from './confBackend'
export { loadDocument, type LoadedDocument } from './document'
export { createSettingsStore, settingsDocumentSchema, type SettingsStore } from './settingsStore'
export {
  createHistoryStore,
  DEFAULT_HISTORY_LIMITS,
  earningsEventSchema,
  historyDocumentSchema,
  earningsDocumentSchema,
  type EarningsEvent,
  type HistoryLimits,
  type HistoryStore
} from './historyStore'
export {
  createRuntimeStateStore,
  runtimeStateDocumentSchema,
  type NonceStore,
  type RunState,
  type RuntimeStateStore
} from './runtimeStateStore'
