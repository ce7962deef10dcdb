// npm run -s history -- --currency fUSD --from 2026-08-01 --to 2026-09-01 --dir DIR [--exchange-url URL]
// Downloads hourly funding candles and funding stats (FRR) from Bitfinex's public API into DIR, in the
// same CSV shapes as the recorded data the backtest reads; a second run adds only what is missing.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { systemClock } from '../platform/clock'
import { createBitfinexExchange, memoryNonceStore } from '../exchange/bitfinex'
import { downloadHistory } from '../exchange/history'
import { currencyArg } from './currencyArg'

const USAGE = 'usage: npm run -s history -- --currency fUSD --from YYYY-MM-DD --to YYYY-MM-DD --dir DIR [--exchange-url URL]'

function parseDay(name: string, v: string | undefined): number {
  const t = v ? Date.parse(v) : NaN
  if (!Number.isFinite(t)) throw new Error(`${name} must be a date like 2026-08-01 (UTC), got "${v ?? ''}".`)
  return t
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      currency: { type: 'string', default: 'fUSD' },
      from: { type: 'string' },
      to: { type: 'string' },
      dir: { type: 'string' },
      'exchange-url': { type: 'string' }
    }
  })
  if (!values.dir) throw new Error('--dir is required.')
  const currency = currencyArg(values.currency)
  const from = parseDay('--from', values.from)
  const to = parseDay('--to', values.to)
  if (to <= from) throw new Error('--to must be after --from.')
  // Public data only: no key, so the nonce store is never used.
  const exchange = createBitfinexExchange({ publicUrl: values['exchange-url'], clock: systemClock, nonceStore: memoryNonceStore() })
  const result = await downloadHistory({ exchange, currency, from, to, dir: path.resolve(values.dir), clock: systemClock })
  for (const s of [result.candles, result.stats])
    process.stdout.write(`${path.basename(s.file)}: fetched ${s.fetched}, added ${s.added}, ${s.total} rows in total\n`)
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`)
  process.exit(1)
})
