// `npm run calibrate` on the shared data: every calibrated parameter with its range, each fit's
// evidence, and the simulator's validation against the real bot's fills.
import { existsSync } from 'node:fs'
import { calibrationTables, measureForBacktest } from '../src/main/backtest'
import { loadCurrencyDataset } from '../src/main/exchange/simulated'
import { mdTable, SHARED_DATA } from './common'
import type { BenchSection } from './sections'

export const calibrateSection: BenchSection = {
  title: 'Calibration and validation on ../shared/data/bitfinex (fUSD)',
  async run() {
    if (!existsSync(SHARED_DATA)) return `Skipped: the shared data folder is absent (${SHARED_DATA}).`
    const ds = await loadCurrencyDataset(SHARED_DATA, 'USD')
    const c = await measureForBacktest(SHARED_DATA, ds)
    return [
      'Measured by `npm run calibrate -- --data ../shared/data/bitfinex`; docs/backtest.md says how and why. The validation replays the real bot\'s own offers (same rate, period, amount, from its last reprice) on the recorded market; none of the parameters is fitted on those fills.',
      ...calibrationTables(c).map((t) => `**${t.title}**\n\n${mdTable(t.head, t.rows)}`),
      ...(c.notes.length ? [c.notes.map((n) => `- ${n}`).join('\n')] : [])
    ].join('\n\n')
  }
}
