// What the backtest page says about a folder before it runs, and the replay window a person may choose:
// real files in temp folders, and the shared real data when it is beside the worktree.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkBacktestFolder, runBacktest } from '../../src/main/backtest'
import { channels } from '../../src/shared/contract'

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bitfinex')
const H = 3_600_000
const T0 = Date.UTC(2026, 7, 1)

let dir: string
const folder = async (name: string, files: Record<string, string>): Promise<string> => {
  const d = join(dir, name)
  await mkdir(d)
  for (const [f, text] of Object.entries(files)) await writeFile(join(d, f), text)
  return d
}
/** Two days of hourly books with one bid and one ask each, and an hourly ticker: the least a backtest needs. */
const book = ['snapshot_mts,rate,period,count,amount', ...Array.from({ length: 48 }, (_, i) => [`${T0 + i * H},0.0003,2,1,1000`, `${T0 + i * H},0.0002,2,1,-500`]).flat()].join('\n')
const ticker = ['mts,frr,volume,frr_amount_available', ...Array.from({ length: 48 }, (_, i) => `${T0 + i * H},0.00025,1000000,5000000`)].join('\n')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lendpace-btcheck-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('checkBacktestFolder', () => {
  it('names, in one sentence, the files a folder without market data needs', async () => {
    const empty = await folder('empty', { 'notes.txt': 'hello' })
    const c = await checkBacktestFolder(empty, 'USD')
    expect(c.ready).toBe(false)
    expect(c.missing).toBe('This folder has no fUSD market data: a backtest needs fUSD-book-P0-hourly.csv or fUSD-candles-1h.csv, and fUSD-ticker-hourly.csv or fUSD-stats-hourly.csv.')
    expect(c.span).toBeNull()
  })

  it('refuses a folder without the FRR, saying which file would bring it', async () => {
    const d = await folder('no-frr', { 'fUSD-book-P0-hourly.csv': book })
    const c = await checkBacktestFolder(d, 'USD')
    expect(c.ready).toBe(false)
    expect(c.missing).toContain('no FRR (fUSD-ticker-hourly.csv or fUSD-stats-hourly.csv)')
    expect(c.missing).toContain('no traded volume (fUSD-candles-1h.csv)')
    expect(c.found.map((f) => f.what)).toEqual(['Order book snapshots'])
  })

  it('accepts book and FRR without candles, says what is missing and shows the span', async () => {
    const d = await folder('book-ticker', { 'fUSD-book-P0-hourly.csv': book, 'fUSD-ticker-hourly.csv': ticker })
    const c = await checkBacktestFolder(d, 'USD')
    expect(c.ready).toBe(true)
    expect(c.missing).toBe('This folder has no traded volume (fUSD-candles-1h.csv) for fUSD: the backtest runs without it, with less demand to replay.')
    expect(c.span).toEqual({ from: T0, to: T0 + 47 * H })
    expect(c.complete).toBeNull()
    // Another currency in the same folder has nothing.
    expect((await checkBacktestFolder(d, 'BTC')).ready).toBe(false)
  })

  it('passes on a bad row with its file and line', async () => {
    const d = await folder('bad-row', { 'fUSD-book-P0-hourly.csv': `${book}\n${T0},abc,2,1,5`, 'fUSD-ticker-hourly.csv': ticker })
    const c = await checkBacktestFolder(d, 'USD')
    expect(c.ready).toBe(false)
    expect(c.missing).toMatch(/^fUSD-book-P0-hourly\.csv:98: /)
  })

  it.skipIf(!existsSync(SHARED_DATA))('reads the shared real data: fUSD is complete, fBTC lacks candles and FRR', async () => {
    const usd = await checkBacktestFolder(SHARED_DATA, 'USD')
    expect(usd.ready).toBe(true)
    expect(usd.missing).toBeNull()
    expect(usd.found.map((f) => f.files.join(' '))).toEqual(
      expect.arrayContaining(['fUSD-book-P0-hourly.csv', 'fUSD-ticker-hourly.csv fUSD-stats-hourly.csv', 'lendingbot-fills.csv'])
    )
    // The longest stretch (books from 21 Jul, candles to 1 Sep); book, volume and FRR overlap 16–22 Aug.
    expect(new Date(usd.span!.from).toISOString().slice(0, 10)).toBe('2026-07-21')
    expect(new Date(usd.span!.to).toISOString().slice(0, 10)).toBe('2026-09-02')
    expect(new Date(usd.complete!.from).toISOString().slice(0, 10)).toBe('2026-08-16')
    expect(new Date(usd.complete!.to).toISOString().slice(0, 10)).toBe('2026-08-22')
    const btc = await checkBacktestFolder(SHARED_DATA, 'BTC')
    expect(btc.ready).toBe(false)
    expect(btc.missing).toBe(
      'This folder has no traded volume (fBTC-candles-1h.csv) and no FRR (fBTC-ticker-hourly.csv or fBTC-stats-hourly.csv) for fBTC: a backtest needs the FRR and the order book or traded volume.'
    )
  })
})

describe('the replay window a person chooses', () => {
  it('is checked by the contract (end after start, at least one strategy)', () => {
    const base = { dataDir: '/data', currency: 'USD', capital: 1000 }
    const reversed = channels.runBacktest.request.safeParse({ ...base, from: T0 + H, to: T0 })
    expect(reversed.success).toBe(false)
    expect(reversed.error?.issues[0]).toMatchObject({ message: 'The end date must be after the start date.', path: ['to'] })
    expect(channels.runBacktest.request.safeParse({ ...base, strategies: [] }).error?.issues[0].message).toBe('Choose at least one strategy.')
    expect(channels.runBacktest.request.safeParse({ ...base, strategies: ['moon'] }).success).toBe(false)
    expect(channels.runBacktest.request.safeParse({ ...base, from: T0, to: T0 + H, strategies: ['ibrr', 'frr'] }).success).toBe(true)
  })

  it('must lie inside the data, said with the span in the sentence', async () => {
    const d = await folder('window', { 'fUSD-book-P0-hourly.csv': book, 'fUSD-ticker-hourly.csv': ticker })
    const opts = { dataDir: d, currency: 'USD' as const, capital: 1000, strategies: ['frr'], bands: ['central' as const] }
    const outside = 'Choose dates between 2026-08-01 00:00 UTC and 2026-08-02 23:00 UTC: the data in this folder covers only that stretch.'
    await expect(runBacktest({ ...opts, from: T0 - H, to: T0 + 5 * H })).rejects.toThrow(outside)
    await expect(runBacktest({ ...opts, from: T0 + H, to: T0 + 48 * H })).rejects.toThrow(outside)
    await expect(runBacktest({ ...opts, from: T0 + 5 * H, to: T0 + 5 * H })).rejects.toThrow('The end date must be after the start date.')
    const r = await runBacktest({ ...opts, from: T0 + 2 * H, to: T0 + 20 * H })
    expect([r.from, r.to]).toEqual([T0 + 2 * H, T0 + 20 * H])
    expect(Object.keys(r.strategies)).toEqual(['frr'])
  })
})
