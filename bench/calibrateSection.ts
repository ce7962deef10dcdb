// `npm run calibrate` on the shared data: every calibrated parameter with its range, each fit's
// evidence, and the simulator's validation against the real bot's fills; then the replay of the bot's
// whole policy against its own record (fills, amounts, rates and waits per period; utilization).
import { existsSync } from 'node:fs'
import {
  asStartingLoans,
  calibrationTables,
  fidelityTable,
  fillShare,
  inheritedCredits,
  loadBotCredits,
  loadLendingbotPolicy,
  measureForBacktest,
  policyFidelity,
  type BacktestCalibration,
  type FidelityWindow
} from '../src/main/backtest'
import { loadCurrencyDataset, type CurrencyDataset } from '../src/main/exchange/simulated'
import { loadBotFills, loadBotRealized } from '../src/main/exchange/simulated/calibration'
import { CALIBRATION_BANDS } from '../src/shared/calibration'
import { iso, mdTable, pct, SHARED_DATA } from './common'
import type { BenchSection } from './sections'

const SEEDS = [1, 2, 3, 4, 5]

/** The bot's policy replayed on the days its fills are recorded, against those fills (src/main/backtest/policyFidelity.ts). */
async function fidelityPart(ds: CurrencyDataset, c: BacktestCalibration): Promise<string[]> {
  const [policy, fills, realized, credits] = await Promise.all([loadLendingbotPolicy(SHARED_DATA), loadBotFills(SHARED_DATA), loadBotRealized(SHARED_DATA), loadBotCredits(SHARED_DATA)])
  if (!policy || !fills || !realized) return ["No record of the real bot's policy, fills and realized APR here: the policy's fidelity is not measured."]
  // Like for like: the bot managed its capital beside the loans it held before its window (the record's
  // utilization counts them), so the replay starts with them too.
  const inherited = credits ? inheritedCredits(credits, realized) : null
  const startingLoans = asStartingLoans(inherited?.credits ?? [])
  const inheritedAmount = startingLoans.reduce((s, l) => s + l.amount, 0)
  const opts = { capital: realized.averagePrincipal, from: realized.from, startingLoans }
  const runs: { result: FidelityWindow[] }[] = []
  for (const band of CALIBRATION_BANDS) for (const seed of SEEDS) runs.push({ result: await policyFidelity(ds, fills, policy, c, { ...opts, band, seed }) })
  // Central band, seed 1 (the loops run low, central, high; seeds inside).
  const central = runs[CALIBRATION_BANDS.indexOf('central') * SEEDS.length].result
  const table = fidelityTable(central, 'Central band, seed 1')
  const range = (xs: number[]) => (xs.length ? `${(Math.min(...xs) * 100).toFixed(1)}–${(Math.max(...xs) * 100).toFixed(1)} %` : 'n/a')
  const lines = central.map((w, i) => {
    const all = runs.map((r) => r.result[i])
    const real7 = fillShare(w, 7).real
    return `- ${w.window.label} (${iso(w.window.from)} → ${iso(w.window.to)} UTC): replay utilization ${range(all.map((x) => x.replayUtilization))}; 7-day share of the fills real ${real7 === null ? 'n/a' : pct(real7)}, replay ${range(all.flatMap((x) => fillShare(x, 7).replay ?? []))}; 7-day share of the replay's lent capital-time ${range(all.map((x) => x.rows.find((r) => r.period === 7)?.replayLentShare ?? 0))} (seeds ${SEEDS[0]}–${SEEDS[SEEDS.length - 1]} × 3 bands).`
  })
  return [
    `**The bot's policy replayed against its own record** (the \`lendingbot\` strategy at the bot's ${realized.averagePrincipal.toFixed(0)} USD from ${iso(opts.from)} UTC, 10-min steps; real = lendingbot-fills.csv). ${inheritedAmount > 0 ? `Like the bot, it starts with the ${startingLoans.length} loans the bot held before its window (${inheritedAmount.toFixed(0)} USD, lent throughout: ${inherited!.source}) and manages the other ${(realized.averagePrincipal - inheritedAmount).toFixed(0)} USD; utilization and lent capital-time count them.` : `It starts from an empty account: ${inherited?.none ?? "the record lists no individual active credits (key active_credits)"}, so it manages the whole capital while the bot held some of it in earlier loans.`} The record's utilization is ${pct(realized.utilization)} over its 30 days to ${iso(realized.to)} UTC, legacy 120-day loans included (no daily figure is recorded). Before the first hourly candle the data holds books only: no traded volume, so the fill model reads stand-in candles there, each a recorded hour's candle carried over to that hour's best ask (docs/backtest.md, rule R9).`,
    `**${table.title}**\n\n${mdTable(table.head, table.rows)}`,
    lines.join('\n')
  ]
}

export const calibrateSection: BenchSection = {
  title: 'Calibration and validation on ../shared/data/bitfinex (fUSD)',
  async run() {
    if (!existsSync(SHARED_DATA)) return `Skipped: the shared data folder is absent (${SHARED_DATA}).`
    const ds = await loadCurrencyDataset(SHARED_DATA, 'USD')
    const c = await measureForBacktest(SHARED_DATA, ds)
    return [
      'Measured by `npm run calibrate -- --data ../shared/data/bitfinex`; docs/backtest.md says how and why. The validation replays the real bot\'s own offers (same rate, period, amount, from its last reprice) on the recorded market; none of the parameters is fitted on those fills.',
      ...calibrationTables(c).map((t) => `**${t.title}**\n\n${mdTable(t.head, t.rows)}`),
      ...(c.notes.length ? [c.notes.map((n) => `- ${n}`).join('\n')] : []),
      ...(await fidelityPart(ds, c))
    ].join('\n\n')
  }
}
