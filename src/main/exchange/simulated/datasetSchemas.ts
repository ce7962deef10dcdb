// Row schemas of the recorded market files (the Bitfinex v2 API's array order, see the data README),
// and how a file name says which currency and which kind of data it holds.
import { z } from 'zod'

const num = z
  .string()
  .trim()
  .min(1, 'empty value')
  .transform(Number)
  .pipe(z.number({ error: 'not a number' }))
const int = num.refine(Number.isInteger, 'not a whole number')
const mts = num.refine((v) => v > 946_684_800_000 && v < 4_102_444_800_000, 'timestamp is not milliseconds between 2000 and 2100')
const rate = num.refine((v) => v >= 0 && v < 1, 'rate is not a daily decimal in [0, 1)')
const period = int.refine((v) => v >= 2 && v <= 120, 'period is not 2..120 days')

export const bookRowSchema = z.object({
  snapshot_mts: mts,
  rate,
  period,
  count: int,
  amount: num.refine((v) => v !== 0, 'amount is zero (neither offer nor bid)')
})

export const candleRowSchema = z.object({
  mts,
  open: rate,
  close: rate,
  high: rate,
  low: rate,
  volume: num.refine((v) => v >= 0, 'volume is negative')
}).refine((c) => c.low <= c.high, 'low is above high')

export const statsRowSchema = z.object({
  mts,
  frr: num.refine((v) => v >= 0 && v < 0.01, 'frr is not Bitfinex\'s 1/365 daily form'),
  avg_period: num,
  funding_amount: num,
  funding_amount_used: num,
  // Optional: older captures may lack it.
  funding_below_threshold: num.optional().or(z.literal('').transform(() => undefined))
})

export const tradeRowSchema = z.object({
  id: int,
  mts,
  amount: num,
  rate,
  period
})

/** ticker/fUSD rows (data README): daily FRR (not stats' 1/365 form), 24 h volume, FRR amount queued. */
export const tickerRowSchema = z.object({
  mts,
  frr: num.refine((v) => v >= 0 && v < 0.07, 'frr is not a daily rate'),
  volume: num.refine((v) => v >= 0, 'volume is negative'),
  frr_amount_available: num.refine((v) => v >= 0, 'FRR amount available is negative')
})

export const DATA_KINDS = ['book', 'candles1h', 'candles1m', 'stats', 'trades', 'ticker'] as const
export type DataKind = (typeof DATA_KINDS)[number]

const CANDLE_COLUMNS = ['mts', 'open', 'close', 'high', 'low', 'volume']

export const KIND_COLUMNS: Record<DataKind, string[]> = {
  book: ['snapshot_mts', 'rate', 'period', 'count', 'amount'],
  candles1h: CANDLE_COLUMNS,
  candles1m: CANDLE_COLUMNS,
  stats: ['mts', 'frr', 'avg_period', 'funding_amount', 'funding_amount_used'],
  trades: ['id', 'mts', 'amount', 'rate', 'period'],
  ticker: ['mts', 'frr', 'volume', 'frr_amount_available']
}

export const KIND_LABEL: Record<DataKind, string> = {
  book: 'book snapshots',
  candles1h: 'hourly candles',
  candles1m: 'minute candles',
  stats: 'funding stats (FRR)',
  trades: 'trades',
  ticker: 'ticker (FRR, FRR amount available)'
}

/** `fUSD-book-P0-hourly.csv` → { symbol: 'fUSD', kind: 'book' }; null for files that are not market data. */
export function classifyFile(name: string): { symbol: string; kind: DataKind } | null {
  const m = /^(f[A-Z0-9]{3,5})-(.+)\.csv$/i.exec(name)
  if (!m) return null
  const symbol = 'f' + m[1].slice(1).toUpperCase()
  const rest = m[2].toLowerCase()
  if (rest.startsWith('book')) return { symbol, kind: 'book' }
  if (/^candles?-1h/.test(rest)) return { symbol, kind: 'candles1h' }
  if (/^candles?-1m/.test(rest)) return { symbol, kind: 'candles1m' }
  if (rest.startsWith('stats')) return { symbol, kind: 'stats' }
  if (rest.startsWith('trades')) return { symbol, kind: 'trades' }
  if (rest.startsWith('ticker')) return { symbol, kind: 'ticker' }
  return null
}
