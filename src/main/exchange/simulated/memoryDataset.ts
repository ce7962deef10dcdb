// Build a dataset from data in memory (tests, the local test exchange, downloaded history) with the
// same ordering and notes as one loaded from files.
import { fundingSymbol, type Candle, type Currency, type FundingBook, type FundingTrade } from '../../../shared/domain'
import { missingKindNotes, sortedBook, type CurrencyDataset, type FundingStatsPoint, type TickerPoint } from './dataset'
import { DATA_KINDS, type DataKind } from './datasetSchemas'

export interface MemoryDatasetParts {
  books?: { mts: number; book: FundingBook }[]
  candles1h?: Candle[]
  candles1m?: Candle[]
  trades?: FundingTrade[]
  /** frrDaily already ×365; the other stats default to 0. */
  stats?: (Pick<FundingStatsPoint, 'mts' | 'frrDaily'> & Partial<FundingStatsPoint>)[]
  tickers?: TickerPoint[]
}

export function createMemoryDataset(currency: Currency, parts: MemoryDatasetParts): CurrencyDataset {
  const byMts = <T extends { mts: number }>(xs: T[] = []) => [...xs].sort((a, b) => a.mts - b.mts)
  const ds: CurrencyDataset = {
    currency,
    symbol: fundingSymbol(currency),
    dir: '(memory)',
    books: byMts(parts.books).map((b) => ({ mts: b.mts, book: sortedBook(b.book) })),
    candles1h: byMts(parts.candles1h),
    candles1m: byMts(parts.candles1m),
    trades: byMts(parts.trades),
    stats: byMts(parts.stats).map((s) => ({ avgPeriod: 0, fundingAmount: 0, fundingAmountUsed: 0, ...s })),
    tickers: byMts(parts.tickers),
    files: Object.fromEntries(DATA_KINDS.map((k) => [k, []])) as unknown as Record<DataKind, string[]>,
    notes: []
  }
  ds.notes.push(...missingKindNotes(ds))
  return ds
}
