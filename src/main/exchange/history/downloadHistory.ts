// Downloads a user's own market history for backtests: hourly funding candles (a30:p2:p30) and hourly
// funding stats for [from, to], into CSV files laid out like ../shared/data/bitfinex, merged with what
// is already cached. Pages backwards from `to` (newest-first answers, so it does not depend on `sort`)
// and waits on the Clock whenever the adapter's rate budget says so.
import path from 'node:path'
import type { Clock } from '../../platform/clock'
import type { Logger } from '../../platform/logger'
import { retrying } from '../../platform/retry'
import type { Candle, Currency } from '../../../shared/domain'
import { fundingSymbol } from '../../../shared/domain'
import { isExchangeError } from '../errors'
import type { FundingStat } from '../bitfinex/parse'
import { CANDLES_HEADER, STATS_HEADER, mergeCsvRows, readCsvRows } from './csvCache'

/** What the download needs from an exchange (the Bitfinex adapter provides both). */
interface HistorySource {
  candles(currency: Currency, opts: { timeframe: '1h'; start?: number; end?: number; limit?: number }): Promise<Candle[]>
  fundingStats(currency: Currency, opts: { start?: number; end?: number; limit?: number }): Promise<FundingStat[]>
}

interface DownloadHistoryOptions {
  exchange: HistorySource
  currency: Currency
  /** Inclusive range, ms since epoch. */
  from: number
  to: number
  dir: string
  clock: Clock
  logger?: Logger
  /** Page sizes (Bitfinex maxima: 10000 candles, 250 stats). */
  candlePage?: number
  statsPage?: number
}

interface SeriesResult {
  file: string
  fetched: number
  added: number
  total: number
}

interface DownloadResult {
  candles: SeriesResult
  stats: SeriesResult
}

/** Stop waiting for a rate budget after this many waits in one download: something else is wrong. */
const MAX_WAITS = 200

const candlesFileName = (currency: Currency) => `${fundingSymbol(currency)}-candles-1h.csv`
const statsFileName = (currency: Currency) => `${fundingSymbol(currency)}-stats-hourly.csv`

export async function downloadHistory(o: DownloadHistoryOptions): Promise<DownloadResult> {
  if (!(o.from <= o.to)) throw new Error('downloadHistory: `from` must not be after `to`.')
  let waits = 0
  const politely = <T>(call: () => Promise<T>): Promise<T> =>
    retrying(o.clock, call, (e) => {
      if (!isExchangeError(e) || e.kind !== 'rateLimit' || waits >= MAX_WAITS) return null
      waits++
      const ms = Math.max(1_000, (e.retryAfter ?? o.clock.now() + 60_000) - o.clock.now() + 250)
      o.logger?.log('info', 'history download waiting for rate budget', { ms })
      return ms
    })

  const candles = await series(
    path.join(o.dir, candlesFileName(o.currency)),
    CANDLES_HEADER,
    o.candlePage ?? 10_000,
    (end, limit) => politely(() => o.exchange.candles(o.currency, { timeframe: '1h', start: o.from, end, limit })),
    (c: Candle) => [c.mts, c.open, c.close, c.high, c.low, c.volume]
  )
  const stats = await series(
    path.join(o.dir, statsFileName(o.currency)),
    STATS_HEADER,
    o.statsPage ?? 250,
    (end, limit) => politely(() => o.exchange.fundingStats(o.currency, { start: o.from, end, limit })),
    (s: FundingStat) => [s.mts, s.frr, s.avgPeriod, s.fundingAmount, s.fundingAmountUsed, s.fundingBelowThreshold]
  )
  return { candles, stats }

  async function series<T extends { mts: number }>(
    file: string,
    header: readonly string[],
    limit: number,
    page: (end: number, limit: number) => Promise<T[]>,
    toRow: (t: T) => number[]
  ): Promise<SeriesResult> {
    const rows = new Map<number, number[]>()
    let cursor = o.to
    let merged: { added: number; total: number } | null = null
    try {
      for (;;) {
        const got = (await page(cursor, limit)).filter((r) => r.mts >= o.from && r.mts <= o.to)
        for (const r of got) rows.set(r.mts, toRow(r))
        if (got.length === 0) break
        const oldest = Math.min(...got.map((r) => r.mts))
        if (got.length < limit || oldest <= o.from || oldest - 1 >= cursor) break
        cursor = oldest - 1
      }
    } finally {
      // Keep what arrived even if a later page failed: merging is idempotent, a rerun fills the gap.
      if (rows.size > 0) merged = await mergeCsvRows(file, header, [...rows.values()])
    }
    merged ??= { added: 0, total: (await readCsvRows(file, header)).length }
    return { file, fetched: rows.size, ...merged }
  }
}
