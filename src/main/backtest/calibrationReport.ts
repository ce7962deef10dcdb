// The calibration a backtest runs on: measured on the data folder (falling back to the shipped values,
// with notes), the flat parameter table reports show, and the validation against a real bot.
import type { MarketCalibration } from '../../shared/calibration'
import type { BacktestReport } from '../../shared/contract'
import type { CurrencyDataset } from '../exchange/simulated'
import { measureCalibration, type CalibrationMeasurement } from '../exchange/simulated/calibration'
import { validateAgainstBot, validationWindows, type ValidationRow, type ValidationWindow } from './validation'

type ParameterTable = NonNullable<BacktestReport['calibration']>['parameters']
type ValidationTable = NonNullable<NonNullable<BacktestReport['calibration']>['validation']>

export interface BacktestCalibration {
  calibration: MarketCalibration
  validation: ValidationTable | null
  notes: string[]
  measurement?: CalibrationMeasurement
  /** Per validation window (the first is the one in `validation`). */
  windows?: { window: ValidationWindow; rows: ValidationRow[] }[]
}

/** Every calibrated number, named for the report: low / central / high and its unit. */
export function calibrationParameters(cal: MarketCalibration): ParameterTable {
  const out: ParameterTable = {}
  for (const l of cal.loanLife) {
    out[`loanLife.${l.period}d.meanDays`] = { ...l.meanDays, unit: 'days' }
    out[`loanLife.${l.period}d.medianDays`] = { ...l.medianDays, unit: 'days' }
  }
  out['frrQueue.drainPerHour'] = { ...cal.frrQueue.drainPerHour, unit: `${cal.currency}/hour` }
  out['frrQueue.typicalQueue'] = { ...cal.frrQueue.typicalQueue, unit: cal.currency }
  if (cal.candleVolume) {
    out['candleVolume.upperWickShare'] = { ...cal.candleVolume.upperWickShare, unit: 'share of hour volume' }
    out['candleVolume.lowerWickShare'] = { ...cal.candleVolume.lowerWickShare, unit: 'share of hour volume' }
  }
  // IBRR's fill model only (the replay's fills come from the replayed volume): its minimum wait.
  if (cal.nextBorrowerMinutes) out['nextBorrowerMinutes'] = { ...cal.nextBorrowerMinutes, unit: 'minutes' }
  // The simulator only: how each band reads the stand-in candles of books-only hours.
  if (cal.imputedCandles) {
    out['imputedCandles.volumeScale'] = { ...cal.imputedCandles.volumeScale, unit: 'times the recorded hours' }
    out['imputedCandles.upperReachScale'] = { ...cal.imputedCandles.upperReachScale, unit: 'times the recorded hours' }
  }
  return out
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ')

/** The bot's records are of fUSD lending: they calibrate and validate fUSD only. */
export async function measureForBacktest(dataDir: string, ds: CurrencyDataset): Promise<BacktestCalibration> {
  const measurement = await measureCalibration(dataDir, ds)
  const notes = [...measurement.notes]
  const fills = measurement.botFills
  if (ds.currency === 'USD' && !fills) notes.push('No lendingbot-fills.csv: the simulator is not validated against a real bot on this folder.')
  const windows: { window: ValidationWindow; rows: ValidationRow[] }[] = []
  if (fills)
    for (const w of validationWindows(ds)) windows.push({ window: w, rows: await validateAgainstBot(ds, fills, measurement.calibration, measurement.loanLife, { from: w.from, to: w.to }) })
  const covered = windows[0]?.rows.filter((r) => r.n > 0) ?? []
  const validation = covered.length ? Object.fromEntries(covered.map(({ period, medianRateOverBestAsk: _, ...v }) => [String(period), v])) : null
  if (fills && !validation) notes.push('The bot\'s fills do not overlap the recorded books here: no validation.')
  if (validation) notes.push(`Validated against a real bot's fills in ${windows[0].window.label} (${iso(windows[0].window.from)} → ${iso(windows[0].window.to)} UTC); \`npm run calibrate\` prints the table.`)
  return { calibration: measurement.calibration, validation, notes, measurement, windows }
}
