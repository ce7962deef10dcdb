// npm run -s backtest -- --data DIR --currency fUSD [--strategy ibrr|frr|frr-optimistic|ladder|mika|undercut|oracle|bound|all]
//                        [--capital 10000] [--seed 1] [--step 10] [--json]
// Every strategy runs under the low, central and high calibration bands. Prints the tables ending
// with the one-sentence verdict, or with --json exactly one JSON object (the BacktestReport) on
// stdout and nothing else. Errors go to stderr with exit code 1.
import path from 'node:path'
import type { Currency } from '../../shared/domain'
import { runBacktest, STRATEGY_NAMES, formatReportTable } from '../backtest'
import { currencyArg } from './currencyArg'

interface CliArgs {
  data: string
  currency: Currency
  strategies: string[]
  capital: number
  seed: number
  step: number
  json: boolean
}

const USAGE = `usage: npm run -s backtest -- --data DIR --currency fUSD [--strategy ${STRATEGY_NAMES.join('|')}|all] [--capital 10000] [--seed 1] [--step 10] [--json]`

class UsageError extends Error {}

function parseArgs(argv: string[]): CliArgs {
  const out: Partial<CliArgs> & { strategies: string[] } = { strategies: [], capital: 10_000, seed: 1, step: 10, json: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value.`)
      return v
    }
    const number = (name: string, v: string, min: number) => {
      const n = Number(v)
      if (!Number.isFinite(n) || n < min) throw new UsageError(`${name} must be a number ≥ ${min}, got "${v}".`)
      return n
    }
    if (a === '--data') out.data = value()
    else if (a === '--currency') {
      const v = value()
      try {
        out.currency = currencyArg(v)
      } catch (e) {
        throw new UsageError((e as Error).message)
      }
    } else if (a === '--strategy') out.strategies.push(...value().split(','))
    else if (a === '--capital') out.capital = number('--capital', value(), 1e-8)
    else if (a === '--seed') out.seed = number('--seed', value(), 0)
    else if (a === '--step') out.step = number('--step', value(), 1)
    else if (a === '--json') out.json = true
    else if (a === '--help' || a === '-h') throw new UsageError('')
    else throw new UsageError(`Unknown argument "${a}".`)
  }
  if (!out.data) throw new UsageError('--data DIR is required.')
  if (!out.currency) throw new UsageError('--currency is required (e.g. fUSD).')
  const strategies = out.strategies.length === 0 || out.strategies.includes('all') ? [...STRATEGY_NAMES] : out.strategies
  for (const s of strategies) if (!(STRATEGY_NAMES as readonly string[]).includes(s)) throw new UsageError(`Unknown strategy "${s}".`)
  return { ...(out as CliArgs), strategies }
}

async function main(): Promise<void> {
  let args: CliArgs
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`backtest: ${e.message}\n`)
      process.stderr.write(USAGE + '\n')
      process.exit(e.message ? 1 : 0)
    }
    throw e
  }
  // With --json, stdout carries the JSON only: anything that logs goes to stderr.
  if (args.json) console.log = console.info = console.debug = (...a: unknown[]) => console.error(...a)
  const started = Date.now()
  const report = await runBacktest({ dataDir: path.resolve(args.data), currency: args.currency, capital: args.capital, strategies: args.strategies, seed: args.seed, stepMinutes: args.step })
  if (args.json) process.stdout.write(JSON.stringify(report) + '\n')
  else {
    // The verdict is the table's last line; the run time goes to stderr so it never follows it.
    process.stdout.write(formatReportTable(report) + '\n')
    process.stderr.write(`(run time ${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`backtest: ${e instanceof Error ? e.message : String(e)}\n`)
  if (process.env.BACKTEST_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`)
  process.exit(1)
})
