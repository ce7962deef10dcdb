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

  it('--json carries the bands, the calibration parameters and the verdict (the contract in issue 11)', async () => {
    const { stdout } = await run(TSX, [CLI, '--data', dir, '--currency', 'fUSD', '--strategy', 'all', '--capital', '5000', '--step', '60', '--json'])
    const doc = JSON.parse(stdout)
    const names = ['ibrr', 'frr', 'frr-optimistic', 'ladder', 'mika', 'undercut', 'oracle', 'bound']
    expect(Object.keys(doc.strategies)).toEqual(names)
    for (const band of ['low', 'central', 'high']) {
      expect(Object.keys(doc.bands[band].strategies)).toEqual(names)
      for (const s of Object.values(doc.bands[band].strategies) as Record<string, number>[])
        for (const k of ['netApr', 'utilization', 'avgRate', 'earnings', 'placed', 'cancelled']) expect(typeof s[k]).toBe('number')
      const common = Object.entries(doc.bands[band].strategies as Record<string, { netApr: number }>).filter(([n]) => n !== 'bound' && n !== 'frr-optimistic')
      for (const [n, s] of common) expect(doc.bands[band].strategies.bound.netApr, n).toBeGreaterThanOrEqual(s.netApr)
    }
    expect(doc.strategies).toEqual(doc.bands.central.strategies)
    for (const p of Object.values(doc.calibration.parameters) as Record<string, unknown>[]) expect(p).toEqual({ low: expect.any(Number), central: expect.any(Number), high: expect.any(Number), unit: expect.any(String) })
    expect(doc.calibration.parameters['frrQueue.drainPerHour']).toBeDefined()
    // No bot fills in this folder: no validation, and the notes say what was assumed instead.
    expect(doc.calibration.validation).toBeUndefined()
    expect(doc.notes.join(' ')).toMatch(/no ticker/i)
    expect(doc.verdict).toMatch(/^On this data IBRR earned/)
  }, 60_000)

  it('prints a readable table by default, ending with the one-sentence verdict', async () => {
    const { stdout } = await run(TSX, [CLI, '--data', dir, '--currency', 'USD', '--step', '60'])
    expect(stdout).toMatch(/strategy\s+net APR\s+utilization/)
    expect(stdout).toMatch(/^frr\s/m)
    expect(stdout).toMatch(/strategy\s+low\s+central\s+high\s+range/)
    expect(stdout.trim().split('\n').pop()).toMatch(/^On this data IBRR earned \d+\.\d % a year after fee.*market models \(cautious to generous fills\)\.$/)
  }, 60_000)

  it('answers a mistyped command line with one sentence and the usage, exit code 1', async () => {
    for (const [args, sentence] of [
      [['--data'], 'backtest: --data needs a value.'],
      [['--data', dir, '--currency', 'fUSD', '--strategy', 'frr,nope'], 'backtest: Unknown strategy "nope".'],
      [['--data', dir, '--fast'], 'backtest: Unknown argument "--fast".']
    ] as const) {
      const err = await run(TSX, [CLI, ...args]).catch((e) => e)
      expect(err.code, args.join(' ')).toBe(1)
      expect(err.stderr.split('\n').slice(0, 2)).toEqual([sentence, expect.stringMatching(/^usage: npm run -s backtest -- --data DIR --currency fUSD /)])
    }
  }, 60_000)

  it('exits 1 with a clear message on a bad folder', async () => {
    const err = await run(TSX, [CLI, '--data', path.join(dir, 'nope'), '--currency', 'fUSD', '--json']).catch((e) => e)
    expect(err.code).toBe(1)
    expect(err.stdout).toBe('')
    expect(err.stderr).toMatch(/Data folder not found/)
  }, 30_000)
})
