// The dataset loader on small CSV folders in tmp dirs: shapes, missing kinds, bad rows.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/platform/clock'
import { createReplayFeed, createSimulatedExchange, dataSpans, DatasetError, loadCurrencyDataset } from '../../src/main/exchange/simulated'

const H = 3_600_000
const T0 = Date.UTC(2026, 7, 16, 16)
const dirs: string[] = []
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-dataset-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  return dir
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true })
})

const BOOK = ['snapshot_mts,rate,period,count,amount', `${T0},0.00015,2,1,500`, `${T0},0.00014,2,2,300`, `${T0},0.00028,120,3,-900000`, `${T0},0.0002,2,1,-1000`, `${T0 + H},0.00016,2,1,700`].join('\n')
const CANDLES = ['mts,open,close,high,low,volume', `${T0},0.0002,0.00021,0.00025,0.00015,1000`, `${T0 + H},0.00021,0.0002,0.00022,0.00019,2000`].join('\n')
const STATS = ['mts,frr,avg_period,funding_amount,funding_amount_used,funding_below_threshold', `${T0},8.8e-07,86.9,5.9e9,5.8e9,7e8`].join('\n')
const TICKER = [
  'mts,frr,bid,bid_period,bid_size,ask,ask_period,ask_size,daily_change,daily_change_perc,last_price,volume,high,low,frr_amount_available',
  `${T0 + 47 * 60_000},0.000322,0.0002,2,27513505.6,0.00021,7,13288.5,1e-5,0.05,0.00021,189880419.1,0.00035,8e-05,318309683.7`
].join('\n')
const TRADES = ['id,mts,amount,rate,period', `2,${T0 + 60_000},-150,0.0002,2`, `1,${T0},-100,0.00019,7`].join('\n')

describe('loadCurrencyDataset', () => {
  it('reads every kind in the Bitfinex array order and converts FRR to daily', async () => {
    const dir = folder({
      'fUSD-book-P0-hourly.csv': BOOK,
      'fUSD-candles-1h.csv': CANDLES,
      'fUSD-stats-hourly.csv': STATS,
      'fUSD-trades-sample.csv': TRADES,
      'fUSD-ticker-hourly.csv': TICKER,
      'fBTC-candles-1h.csv': CANDLES,
      'README.md': '#'
    })
    const ds = await loadCurrencyDataset(dir, 'USD')
    expect(ds.books).toHaveLength(2)
    expect(ds.books[0].book.asks.map((a) => a.rate)).toEqual([0.00014, 0.00015])
    expect(ds.books[0].book.bids).toEqual([{ rate: 0.00028, period: 120, count: 3, amount: 900000 }, { rate: 0.0002, period: 2, count: 1, amount: 1000 }])
    expect(ds.candles1h[1]).toEqual({ mts: T0 + H, open: 0.00021, close: 0.0002, high: 0.00022, low: 0.00019, volume: 2000 })
    expect(ds.stats[0].frrDaily).toBeCloseTo(8.8e-7 * 365, 12)
    expect(ds.trades.map((t) => t.id)).toEqual([1, 2])
    // The ticker's FRR is already daily (unlike stats' 1/365 form); its FRR queue is read as is.
    expect(ds.tickers).toEqual([{ mts: T0 + 47 * 60_000, frrDaily: 0.000322, frrAmountAvailable: 318309683.7, volume24h: 189880419.1 }])
    expect(ds.notes).toEqual([])
    expect(ds.files.book).toEqual(['fUSD-book-P0-hourly.csv'])
  })

  it('replays candles without book snapshots, and says what is missing', async () => {
    const ds = await loadCurrencyDataset(folder({ 'fUSD-candles-1h.csv': CANDLES }), 'USD')
    expect(ds.notes.join(' ')).toMatch(/no book snapshots/)
    expect(ds.notes.join(' ')).toMatch(/no funding stats/)
    const feed = createReplayFeed(ds)
    const snap = await feed.snapshot(T0 + 2 * H)
    expect(snap.book).toEqual({ asks: [], bids: [] })
    expect(snap.candles).toHaveLength(2)
    const clock = new ManualClock(T0)
    const ex = createSimulatedExchange({ feed, clock, balances: { USD: 1000 } })
    await ex.submitOffer({ symbol: 'fUSD', type: 'LIMIT', amount: 500, rate: 0.0001, period: 2 })
    clock.set(T0 + H)
    await ex.advanceTo(T0 + H)
    expect((await ex.activeLoans('USD')).reduce((s, l) => s + l.amount, 0)).toBeCloseTo(500, 6)
  })

  it('replays a book without candles, and says so', async () => {
    const ds = await loadCurrencyDataset(folder({ 'fUSD-book-P0-hourly.csv': BOOK }), 'USD')
    expect(ds.notes.join(' ')).toMatch(/no candles or trades/)
    expect(dataSpans(ds)).toEqual([{ from: T0, to: T0 + H, kinds: ['book'] }])
    const feed = createReplayFeed(ds)
    expect((await feed.snapshot(T0 + 10)).ticker.bid).toBe(0.00028)
  })

  it('names the file and line of a bad row', async () => {
    const bad = CANDLES + `\n${T0 + 2 * H},0.0002,abc,0.0003,0.0001,5`
    await expect(loadCurrencyDataset(folder({ 'fUSD-candles-1h.csv': bad }), 'USD')).rejects.toThrow(/fUSD-candles-1h\.csv:4: column close/)
    const neg = BOOK.replace('0.00015,2,1,500', '0.00015,150,1,500')
    await expect(loadCurrencyDataset(folder({ 'fUSD-book-P0-hourly.csv': neg }), 'USD')).rejects.toThrow(/fUSD-book-P0-hourly\.csv:2: column period: period is not 2\.\.120/)
    const short = STATS + `\n${T0 + H},8.8e-07`
    await expect(loadCurrencyDataset(folder({ 'fUSD-stats-hourly.csv': short }), 'USD')).rejects.toThrow(/fUSD-stats-hourly\.csv:3/)
    await expect(loadCurrencyDataset(folder({ 'fUSD-trades-x.csv': 'id,mts,rate\n1,2,3' }), 'USD')).rejects.toThrow(/fUSD-trades-x\.csv:1: header lacks column\(s\) amount, period/)
  })

  it('refuses a missing folder and a folder without files for the currency', async () => {
    await expect(loadCurrencyDataset('/nonexistent/lendpace-data', 'USD')).rejects.toBeInstanceOf(DatasetError)
    await expect(loadCurrencyDataset('/nonexistent/lendpace-data', 'USD')).rejects.toThrow(/Data folder not found/)
    await expect(loadCurrencyDataset(folder({ 'fBTC-candles-1h.csv': CANDLES }), 'USD')).rejects.toThrow(/No fUSD market files/)
  })

  it('splits data separated by days into spans and finds the stats inside them', async () => {
    const far = CANDLES + `\n${T0 + 30 * 24 * H},0.0002,0.0002,0.0002,0.0002,10`
    const ds = await loadCurrencyDataset(folder({ 'fUSD-candles-1h.csv': far, 'fUSD-stats-hourly.csv': STATS }), 'USD')
    const spans = dataSpans(ds)
    expect(spans).toHaveLength(2)
    expect(spans[0]).toEqual({ from: T0, to: T0 + 2 * H, kinds: ['candles1h', 'stats'] })
    expect(spans[1].kinds).toEqual(['candles1h'])
  })
})
