// npm run -s backtest -- --data DIR --currency fUSD [--strategy ibrr|frr|frr-optimistic|ladder|mika|undercut|lendingbot|oracle|bound|all]
//                        [--capital 10000] [--seed 1] [--step 10] [--json]
// Every strategy runs under the low, central and high calibration bands. Prints the tables ending
// with the one-sentence verdict, or with --json exactly one JSON object (the BacktestReport) on
// stdout and nothing else. Errors go to stderr with exit code 1.
import path from 'node:path'
import { parseArgs } from 'node:util'
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

const OPTIONS = {
  data: { type: 'string' },
  currency: { type: 'string' },
  strategy: { type: 'string', multiple: true },
  capital: { type: 'string' },
  seed: { type: 'string' },
  step: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' }
} as const

/** parseArgs says what went wrong in its own words; a person typing flags gets one of our sentences. */
function usageSentence(e: Error & { code?: string }): string {
  const named = /'([^' ]+)/.exec(e.message)?.[1] ?? ''
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take/.test(e.message)) return `${named} takes no value.`
    // parseArgs will not take "-1" or "--json" as the value of the option before it.
    if (/ambiguous/.test(e.message)) return `${named} needs a value (write ${named}=VALUE for a value that starts with "-").`
    return `${named} needs a value.`
  }
  return `Unknown argument "${named}".`
}

function parseCliArgs(argv: string[]): CliArgs {
  let values
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (e) {
    throw new UsageError(usageSentence(e as Error))
  }
  if (values.help) throw new UsageError('')
  const number = (name: string, v: string | undefined, fallback: number, min: number) => {
    if (v === undefined) return fallback
    const n = Number(v)
    if (!Number.isFinite(n) || n < min) throw new UsageError(`${name} must be a number ≥ ${min}, got "${v}".`)
    return n
  }
  if (!values.data) throw new UsageError('--data DIR is required.')
  if (!values.currency) throw new UsageError('--currency is required (e.g. fUSD).')
  let currency: Currency
  try {
    currency = currencyArg(values.currency)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const asked = (values.strategy ?? []).flatMap((v) => v.split(','))
  const strategies = asked.length === 0 || asked.includes('all') ? [...STRATEGY_NAMES] : asked
  for (const s of strategies) if (!(STRATEGY_NAMES as readonly string[]).includes(s)) throw new UsageError(`Unknown strategy "${s}".`)
  return {
    data: values.data,
    currency,
    strategies,
    capital: number('--capital', values.capital, 10_000, 1e-8),
    seed: number('--seed', values.seed, 1, 0),
    step: number('--step', values.step, 10, 1),
    json: values.json
  }
}

async function main(): Promise<void> {
  let args: CliArgs
  try {
    args = parseCliArgs(process.argv.slice(2))
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
