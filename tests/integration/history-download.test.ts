// History download against the test exchange's public candles/stats history: exact CSV layout of the
// shared data set, paging within rate budgets (waits on the Clock), merge without duplicates.
import { existsSync, promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { downloadHistory, readCsvRows, CANDLES_HEADER, STATS_HEADER } from '../../src/main/exchange/history'
import { HOUR } from '../exchange-server/market'
import { settle, startPair, type Pair } from '../exchange-server/testing'

let pair: Pair | undefined
let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lendpace-history-'))
})
afterEach(async () => {
  await pair?.ex.close()
  pair = undefined
  await fs.rm(dir, { recursive: true, force: true })
})

const SHARED = path.resolve(process.cwd(), '..', 'shared/data/bitfinex')

describe('downloadHistory', () => {
  it('writes hourly candles and stats for the range, paging and waiting for the rate budget', async () => {
    pair = await startPair({ adapter: { budgets: { fundingStats: 2 } } })
    const to = Math.floor(pair.clock.now() / HOUR) * HOUR - HOUR
    const from = to - 9 * 24 * HOUR // 217 hours
    const result = await settle(
      downloadHistory({ exchange: pair.bfx, currency: 'USD', from, to, dir, clock: pair.clock, candlePage: 100, statsPage: 50 }),
      pair.clock,
      10_000
    )
    const candles = await readCsvRows(result.candles.file, CANDLES_HEADER)
    const stats = await readCsvRows(result.stats.file, STATS_HEADER)
    expect(path.basename(result.candles.file)).toBe('fUSD-candles-1h.csv')
    expect(path.basename(result.stats.file)).toBe('fUSD-stats-hourly.csv')
    expect(candles).toHaveLength(217)
    expect(candles[0][0]).toBe(from)
    expect(candles.at(-1)![0]).toBe(to)
    for (let i = 1; i < candles.length; i++) expect(candles[i][0] - candles[i - 1][0]).toBe(HOUR)
    // Stats rows sit 5 minutes past each hour; the last hour's row is after `to`.
    expect(stats).toHaveLength(216)
    // 3 candle pages and 5 stats pages: with a stats budget of 2/min the download had to wait.
    expect(pair.hits('/candles/')).toBe(3)
    expect(pair.hits('/funding/stats/')).toBe(5)
    expect(pair.clock.now() - Date.UTC(2026, 8, 1, 12)).toBeGreaterThanOrEqual(60_000)
    expect(pair.ex.requests().some((r) => r.status === 429)).toBe(false)
    expect(result.candles).toMatchObject({ fetched: 217, added: 217, total: 217 })
    // frr stays in Bitfinex's raw 1/365 form.
    await pair.clock.advance(60_000)
    const frrDaily = (await pair.bfx.frrHistory('USD', { start: from, end: from + HOUR })).at(-1)!.frrDaily
    expect(stats[0][1]).toBeCloseTo(frrDaily / 365, 12)
  })

  it('merges with an existing cache without duplicates and refreshes overlapping hours', async () => {
    pair = await startPair()
    const to = Math.floor(pair.clock.now() / HOUR) * HOUR - HOUR
    const file = path.join(dir, 'fUSD-candles-1h.csv')
    const stale = to - 5 * HOUR
    await fs.writeFile(file, `${CANDLES_HEADER.join(',')}\n${stale},1,1,1,1,1\n${to - 100 * HOUR},0.0001,0.0001,0.0001,0.0001,5\n`)
    const result = await downloadHistory({ exchange: pair.bfx, currency: 'USD', from: to - 10 * HOUR, to, dir, clock: pair.clock })
    const rows = await readCsvRows(file, CANDLES_HEADER)
    expect(rows).toHaveLength(12) // 11 downloaded + 1 older cached row kept
    expect(new Set(rows.map((r) => r[0])).size).toBe(12)
    expect(rows.find((r) => r[0] === stale)![1]).not.toBe(1)
    expect(result.candles).toMatchObject({ fetched: 11, added: 10, total: 12 })
    // Running again adds nothing.
    const again = await downloadHistory({ exchange: pair.bfx, currency: 'USD', from: to - 10 * HOUR, to, dir, clock: pair.clock })
    expect(again.candles.added).toBe(0)
    expect(again.stats.added).toBe(0)
  })

  it('refuses to merge into a file with a different layout', async () => {
    pair = await startPair()
    await fs.writeFile(path.join(dir, 'fUSD-candles-1h.csv'), 'mts,open,high,low,close,volume\n')
    const to = pair.clock.now()
    await expect(downloadHistory({ exchange: pair.bfx, currency: 'USD', from: to - HOUR, to, dir, clock: pair.clock })).rejects.toThrow(/header/)
  })
})

describe.skipIf(!existsSync(SHARED))('layout of the shared Bitfinex data (skipped: ../shared/data/bitfinex is absent)', () => {
  it('uses exactly the headers of the shared files, which our reader parses', async () => {
    for (const [name, header] of [
      ['fUSD-candles-1h.csv', CANDLES_HEADER],
      ['fUSD-stats-hourly.csv', STATS_HEADER]
    ] as const) {
      const first = (await fs.readFile(path.join(SHARED, name), 'utf8')).split('\n')[0].trim()
      expect(first).toBe(header.join(','))
      const rows = await readCsvRows(path.join(SHARED, name), header)
      expect(rows.length).toBeGreaterThan(50)
    }
  })
})
