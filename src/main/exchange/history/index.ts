export { downloadHistory } from './downloadHistory'
export { CANDLES_HEADER, STATS_HEADER, readCsvRows } from './csvCache'
