export { downloadHistory, candlesFileName, statsFileName } from './downloadHistory'
export type { DownloadHistoryOptions, DownloadResult, HistorySource, SeriesResult } from './downloadHistory'
export { CANDLES_HEADER, STATS_HEADER, readCsvRows, mergeCsvRows } from './csvCache'
