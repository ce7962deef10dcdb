// Loads a folder of recorded funding-market CSVs (the shapes of ../shared/data/bitfinex) for one
// currency. Every row is validated; a bad row stops the load with its file and line, because a
// backtest silently built on half-parsed data would report numbers nobody can trust.
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { fundingSymbol, type Candle, type Currency, type FrrPoint, type FundingBook, type FundingTrade } from '../../../shared/domain'
import { firstIssueSentence } from '../../../shared/zodIssue'
import { parseCsv } from '../csv'
import {
  bookRowSchema,
  candleRowSchema,
  classifyFile,
  DATA_KINDS,
  KIND_COLUMNS,
  KIND_LABEL,
  statsRowSchema,
  tickerRowSchema,
  tradeRowSchema,
  type DataKind
} from './datasetSchemas'

export class DatasetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatasetError'
  }
}

export interface BookSnapshot {
  mts: number
  book: FundingBook
}

export interface FundingStatsPoint extends FrrPoint {
  avgPeriod: number
  fundingAmount: number
  fundingAmountUsed: number
}

/** One recorded ticker row: the FRR as published then and the amount queued at FRR (offers not yet taken). */
export interface TickerPoint extends FrrPoint {
  frrAmountAvailable: number
  /** 24 h funding volume (currency units). */
  volume24h: number
}

export interface CurrencyDataset {
  currency: Currency
  symbol: string
  dir: string
  /** Sorted by time. */
  books: BookSnapshot[]
  candles1h: Candle[]
  candles1m: Candle[]
  trades: FundingTrade[]
  stats: FundingStatsPoint[]
  /** Sorted by time; empty when the folder has no ticker file. */
  tickers: TickerPoint[]
  files: Record<DataKind, string[]>
  /** Sentences about what is missing or was ignored. */
  notes: string[]
}

async function listCsv(dir: string): Promise<string[]> {
  let info
  try {
    info = await stat(dir)
  } catch {
    throw new DatasetError(`Data folder not found: ${dir}`)
  }
  if (!info.isDirectory()) throw new DatasetError(`Not a folder: ${dir}`)
  return (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.csv')).sort()
}

async function readRows<S extends z.ZodType>(file: string, kind: DataKind, schema: S): Promise<z.output<S>[]> {
  const name = path.basename(file)
  const table = parseCsv(await readFile(file, 'utf8'))
  const missing = KIND_COLUMNS[kind].filter((c) => !table.header.includes(c))
  if (missing.length)
    throw new DatasetError(`${name}:1: header lacks column(s) ${missing.join(', ')} expected for ${KIND_LABEL[kind]}`)
  return table.rows.map((row) => {
    if (row.cellCount !== table.header.length)
      throw new DatasetError(`${name}:${row.line}: ${row.cellCount} values, the header has ${table.header.length}`)
    const parsed = schema.safeParse(row.values)
    if (!parsed.success) {
      throw new DatasetError(`${name}:${row.line}: ${firstIssueSentence(parsed.error, { fallback: 'invalid row', pathLabel: 'column' })}`)
    }
    return parsed.data
  })
}

const byMts = <T extends { mts: number }>(a: T, b: T) => a.mts - b.mts

function dedupeByMts<T extends { mts: number }>(items: T[]): T[] {
  const out: T[] = []
  for (const it of items.sort(byMts)) if (out.length === 0 || out[out.length - 1].mts !== it.mts) out.push(it)
  return out
}

function groupBook(rows: z.output<typeof bookRowSchema>[]): BookSnapshot[] {
  const snaps = new Map<number, BookSnapshot>()
  for (const r of rows) {
    let s = snaps.get(r.snapshot_mts)
    if (!s) snaps.set(r.snapshot_mts, (s = { mts: r.snapshot_mts, book: { asks: [], bids: [] } }))
    const level = { rate: r.rate, period: r.period, count: r.count, amount: Math.abs(r.amount) }
    // Bitfinex funding books: amount > 0 is a lender's offer (ask), < 0 a borrower's bid.
    if (r.amount > 0) s.book.asks.push(level)
    else s.book.bids.push(level)
  }
  return [...snaps.values()].sort(byMts).map((s) => ({ mts: s.mts, book: sortedBook(s.book) }))
}

/** The order every consumer of a book relies on: asks cheapest first, bids dearest first. */
export function sortedBook(book: FundingBook): FundingBook {
  return { asks: [...book.asks].sort((a, b) => a.rate - b.rate), bids: [...book.bids].sort((a, b) => b.rate - a.rate) }
}

/** Load one currency's files from a folder. Throws DatasetError for a missing folder, no files, or a bad row. */
export async function loadCurrencyDataset(dir: string, currency: Currency): Promise<CurrencyDataset> {
  const symbol = fundingSymbol(currency)
  const names = await listCsv(dir)
  const files = Object.fromEntries(DATA_KINDS.map((k) => [k, [] as string[]])) as Record<DataKind, string[]>
  for (const n of names) {
    const c = classifyFile(n)
    if (c && c.symbol === symbol) files[c.kind].push(n)
  }
  if (DATA_KINDS.every((k) => files[k].length === 0))
    throw new DatasetError(`No ${symbol} market files in ${dir} (expected names like ${symbol}-candles-1h.csv, ${symbol}-book-P0-hourly.csv)`)

  const ds: CurrencyDataset = { currency, symbol, dir, books: [], candles1h: [], candles1m: [], trades: [], stats: [], tickers: [], files, notes: [] }
  const at = (n: string) => path.join(dir, n)
  for (const f of files.book) ds.books.push(...groupBook(await readRows(at(f), 'book', bookRowSchema)))
  for (const f of files.candles1h) ds.candles1h.push(...(await readRows(at(f), 'candles1h', candleRowSchema)))
  for (const f of files.candles1m) ds.candles1m.push(...(await readRows(at(f), 'candles1m', candleRowSchema)))
  for (const f of files.trades) ds.trades.push(...(await readRows(at(f), 'trades', tradeRowSchema)))
  for (const f of files.stats)
    ds.stats.push(
      ...(await readRows(at(f), 'stats', statsRowSchema)).map((s) => ({
        mts: s.mts,
        // Bitfinex sends 1/365 of the daily FRR in funding stats (docs/bitfinex.md, Units).
        frrDaily: s.frr * 365,
        avgPeriod: s.avg_period,
        fundingAmount: s.funding_amount,
        fundingAmountUsed: s.funding_amount_used
      }))
    )
  for (const f of files.ticker)
    ds.tickers.push(
      ...(await readRows(at(f), 'ticker', tickerRowSchema)).map((t) => ({ mts: t.mts, frrDaily: t.frr, frrAmountAvailable: t.frr_amount_available, volume24h: t.volume }))
    )
  ds.tickers = dedupeByMts(ds.tickers)
  ds.books.sort(byMts)
  ds.candles1h = dedupeByMts(ds.candles1h)
  ds.candles1m = dedupeByMts(ds.candles1m)
  ds.stats = dedupeByMts(ds.stats)
  const seen = new Set<number>()
  ds.trades = ds.trades.sort((a, b) => a.mts - b.mts || a.id - b.id).filter((t) => !seen.has(t.id) && seen.add(t.id))

  ds.notes.push(...missingKindNotes(ds))
  return ds
}

/** Sentences saying which kinds of data are missing and what that means for the replay. */
export function missingKindNotes(ds: Pick<CurrencyDataset, 'symbol' | 'books' | 'candles1h' | 'candles1m' | 'trades' | 'stats' | 'tickers'>): string[] {
  const symbol = ds.symbol
  const notes: string[] = []
  if (ds.books.length === 0)
    notes.push(`${symbol}: no book snapshots: fills come from traded volume only, and long-period demand (bids with their periods) is invisible.`)
  if (ds.candles1h.length === 0 && ds.candles1m.length === 0 && ds.trades.length === 0)
    notes.push(`${symbol}: no candles or trades: offers fill only against book bids; no traded volume is replayed.`)
  if (ds.stats.length === 0 && ds.tickers.length === 0)
    notes.push(`${symbol}: no funding stats or ticker: FRR is unknown, so FRR offers never fill and the FRR baseline earns nothing.`)
  if (ds.tickers.length === 0)
    notes.push(`${symbol}: no ticker file: the FRR queue (FRR_AMOUNT_AVAILABLE) is unknown; the calibrated typical queue stands in.`)
  return notes
}

export interface DataSpan {
  from: number
  to: number
  /** Which kinds have data inside this span. */
  kinds: DataKind[]
}

const HOUR = 3_600_000
const MINUTE = 60_000

/**
 * Contiguous stretches of market data (book, candles or trades). A gap longer than `maxGapMs` splits
 * spans: replaying across months with nothing in between would just measure idle money.
 */
export function dataSpans(ds: CurrencyDataset, maxGapMs = 3 * 24 * HOUR): DataSpan[] {
  const points: { from: number; to: number; kind: DataKind }[] = [
    ...ds.books.map((b) => ({ from: b.mts, to: b.mts, kind: 'book' as const })),
    ...ds.candles1h.map((c) => ({ from: c.mts, to: c.mts + HOUR, kind: 'candles1h' as const })),
    ...ds.candles1m.map((c) => ({ from: c.mts, to: c.mts + MINUTE, kind: 'candles1m' as const })),
    ...ds.trades.map((t) => ({ from: t.mts, to: t.mts, kind: 'trades' as const }))
  ].sort((a, b) => a.from - b.from)
  const spans: DataSpan[] = []
  for (const p of points) {
    const last = spans[spans.length - 1]
    if (last && p.from - last.to <= maxGapMs) {
      last.to = Math.max(last.to, p.to)
      if (!last.kinds.includes(p.kind)) last.kinds.push(p.kind)
    } else spans.push({ from: p.from, to: p.to, kinds: [p.kind] })
  }
  for (const s of spans) {
    if (ds.stats.some((x) => x.mts >= s.from && x.mts <= s.to)) s.kinds.push('stats')
    if (ds.tickers.some((x) => x.mts >= s.from && x.mts <= s.to)) s.kinds.push('ticker')
    s.kinds.sort()
  }
  return spans
}
