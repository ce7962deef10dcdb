// The history download as a user runs it (npm run history) against the test exchange's public API:
// the CSVs land in the folder in the recorded-data shapes, and a second run adds nothing twice.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestExchange, type TestExchange } from '../exchange-server'

const run = promisify(execFile)
const CLI = path.resolve(process.cwd(), 'src/main/cli/history.ts')
const TSX = path.resolve(process.cwd(), 'node_modules/.bin/tsx')
const DAY = 86_400_000

let ex: TestExchange
let dir: string
beforeAll(async () => {
  ex = await startTestExchange()
  dir = await mkdtemp(path.join(tmpdir(), 'lp-history-cli-'))
})
afterAll(async () => {
  await ex.close()
  await rm(dir, { recursive: true, force: true })
})

describe('history CLI', () => {
  it('downloads a day of candles and stats, then adds nothing on a second run', async () => {
    const day = (t: number) => new Date(t).toISOString().slice(0, 10)
    const to = Math.floor(Date.now() / DAY) * DAY - DAY
    const args = [CLI, '--currency', 'fUSD', '--from', day(to - DAY), '--to', day(to), '--dir', dir, '--exchange-url', ex.url]
    const first = await run(TSX, args)
    expect(first.stdout).toMatch(/fUSD-candles-1h\.csv: fetched \d+, added 25, 25 rows in total/)
    const csv = await readFile(path.join(dir, 'fUSD-candles-1h.csv'), 'utf8')
    expect(csv.split('\n')[0]).toBe('mts,open,close,high,low,volume')
    const stats = await readFile(path.join(dir, 'fUSD-stats-hourly.csv'), 'utf8')
    expect(stats.split('\n')[0]).toBe('mts,frr,avg_period,funding_amount,funding_amount_used,funding_below_threshold')

    const second = await run(TSX, args)
    expect(second.stdout).toMatch(/fUSD-candles-1h\.csv: fetched \d+, added 0, 25 rows in total/)
  }, 60_000)

  it('explains a bad date instead of failing obscurely', async () => {
    const err = await run(TSX, [CLI, '--from', 'yesterday', '--to', '2026-01-01', '--dir', dir, '--exchange-url', ex.url]).catch((e) => e)
    expect(err.code).toBe(1)
    expect(err.stderr).toMatch(/--from must be a date like 2026-08-01/)
  }, 60_000)
})
