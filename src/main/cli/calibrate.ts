// npm run -s calibrate -- --data DIR [--currency fUSD] [--json]
// Measures the simulator's parameters on a data folder (low / central / high), prints them with the
// evidence of each fit, and validates the simulator against the real bot's fills where they overlap
// the recorded books. Missing optional files are named, with what is assumed instead.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadCurrencyDataset } from '../exchange/simulated'
import type { QueueShareFit } from '../exchange/simulated/calibration'
import { calibrationTables, measureForBacktest, textTable } from '../backtest'
import { currencyArg } from './currencyArg'

const USAGE = 'usage: npm run -s calibrate -- --data DIR [--currency fUSD] [--json]'

async function main(): Promise<void> {
  let values
  try {
    values = parseArgs({ options: { data: { type: 'string' }, currency: { type: 'string', default: 'fUSD' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } }).values
  } catch (e) {
    process.stderr.write(`calibrate: ${(e as Error).message}\n${USAGE}\n`)
    process.exit(1)
  }
  if (values.help) return void process.stdout.write(USAGE + '\n')
  if (!values.data) {
    process.stderr.write(`calibrate: --data DIR is required.\n${USAGE}\n`)
    process.exit(1)
  }
  const dir = path.resolve(values.data)
  const ds = await loadCurrencyDataset(dir, currencyArg(values.currency))
  const c = await measureForBacktest(dir, ds)
  if (values.json) {
    process.stdout.write(JSON.stringify({ calibration: c.calibration, validation: c.windows ?? [], fillWait: c.measurement?.fillWait ?? [], queueShare: c.measurement?.queueShare ?? null, notes: c.notes }) + '\n')
    return
  }
  const out = calibrationTables(c).map(textTable)
  const q = c.measurement?.queueShare
  if (q) out.push(queueShareLines(q))
  if (c.notes.length) out.push(['Notes:', ...c.notes.map((n) => `- ${n}`)].join('\n'))
  process.stdout.write(out.join('\n\n') + '\n')
}

/** The queue-ahead share IBRR reads (src/shared/calibration.ts queueAheadShare), with its held-out check. */
function queueShareLines(q: QueueShareFit): string {
  const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} %`
  return [
    `Share of the visible cheaper asks really ahead of a new offer (IBRR's fill model on ${q.n} real bot fills): low ${q.share.low.toPrecision(4)} / central ${q.share.central.toPrecision(4)} / high ${q.share.high.toPrecision(4)}`,
    `  bot's median wait ${q.realMedianMinutes.toFixed(1)} min; model ${q.modelMedianMinutes.fitted.toFixed(1)} min with the central share, ${q.modelMedianMinutes.fullQueue.toFixed(1)} min with the whole queue`,
    ...q.heldOut.map((h) => `  fitted on the ${h.fittedOn} ${h.nFit} fills: share ${h.share.toPrecision(3)}, median-wait error ${pct(h.fitError)} fitted, ${pct(h.heldOutError)} on the ${h.nHeld} held out (whole queue: ${pct(h.heldOutErrorFullQueue)})`)
  ].join('\n')
}

main().catch((e: unknown) => {
  process.stderr.write(`calibrate: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
