// The backtest CLI as a user runs it: --json prints one JSON object and nothing else; a bad folder
// is a clear error with exit code 1.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const CLI = path.resolve(process.cwd(), 'src/main/cli/backtest.ts')
const TSX = path.resolve(process.cwd(), 'node_modules/.bin/tsx')
const dir = mkdtempSync(path.join(tmpdir(), 'lp-cli-'))
const T0 = Date.UTC(2026, 7, 16)
writeFileSync(
  path.join(dir, 'fUSD-candles-1h.csv'),
  ['mts,open,close,high,low,volume', ...Array.from({ length: 12 }, (_, i) => `${T0 + i * 3_600_000},0.0002,0.00021,0.00026,0.00015,1000000`)].join('\n')
)
writeFileSync(path.join(dir, 'fUSD-stats-hourly.csv'), `mts,frr,avg_period,funding_amount,funding_amount_used\n${T0},8.8e-07,86,1,1\n`)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('backtest CLI', () => {
  it('--json prints exactly one JSON object with the per-strategy numbers', async () => {
    const { stdout } = await run(TSX, [CLI, '--data', dir, '--currency', 'fUSD', '--strategy', 'frr,ladder,oracle', '--capital', '5000', '--json'])
    const doc = JSON.parse(stdout)
    expect(Object.keys(doc.strategies)).toEqual(['frr', 'ladder', 'oracle'])
    for (const s of Object.values(doc.strategies) as Record<string, number>[])
      for (const k of ['netApr', 'utilization', 'avgRate', 'earnings', 'placed', 'cancelled']) expect(typeof s[k]).toBe('number')
    expect(doc.capital).toBe(5000)
  }, 30_000)

  it('prints a readable table by default', async () => {
    const { stdout } = await run(TSX, [CLI, '--data', dir, '--currency', 'USD', '--strategy', 'frr'])
    expect(stdout).toMatch(/strategy\s+net APR\s+utilization/)
    expect(stdout).toMatch(/^frr\s/m)
  }, 30_000)

  it('exits 1 with a clear message on a bad folder', async () => {
    const err = await run(TSX, [CLI, '--data', path.join(dir, 'nope'), '--currency', 'fUSD', '--json']).catch((e) => e)
    expect(err.code).toBe(1)
    expect(err.stdout).toBe('')
    expect(err.stderr).toMatch(/Data folder not found/)
  }, 30_000)
})
