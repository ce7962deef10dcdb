export { downloadHistory } from './downloadHistory'
export type { DownloadHistoryOptions, DownloadResult, HistorySource, SeriesResult } from './downloadHistory'
export { CANDLES_HEADER, STATS_HEADER, readCsvRows } from './csvCache'
