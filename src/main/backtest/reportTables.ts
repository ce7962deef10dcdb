// The readable tables of a backtest report and of a calibration, for the CLIs (plain text) and the
// bench (markdown): one set of rows, two renderers.
import { CALIBRATION_BANDS } from '../../shared/calibration'
import type { BacktestReport } from '../../shared/contract'
import { formatTableApr } from '../../shared/rate'
import { IBRR_PARAMS } from '../ibrr'
import type { BacktestCalibration } from './calibrationReport'

export interface Table {
  title: string
  head: string[]
  rows: string[][]
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`
const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits))
const sig = (x: number) => (Math.abs(x) >= 1e5 ? `${(x / 1e6).toFixed(2)} M` : Number(x.toPrecision(3)).toString())

export function textTable(t: Table): string {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [t.title, '', line(t.head), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line)].join('\n')
}

/** Central-band results, then every strategy's net APR in each band (low–high as a range). */
export function reportTables(r: BacktestReport): Table[] {
  const strategies: Table = {
    title: `Central calibration band`,
    head: ['strategy', 'net APR', 'utilization', 'avg rate/day', 'avg APR', 'earnings', 'placed', 'cancelled'],
    rows: Object.entries(r.strategies).map(([name, s]) => [name, pct(s.netApr), pct(s.utilization), s.avgRate.toFixed(7), formatTableApr(s.avgRate), s.earnings.toFixed(2), String(s.placed), String(s.cancelled)])
  }
  const bands = CALIBRATION_BANDS.filter((b) => r.bands?.[b])
  if (bands.length < 2) return [strategies]
  const byBand: Table = {
    title: 'Net APR after fee in every calibration band (low = least favourable to a lender)',
    head: ['strategy', ...bands, 'range'],
    rows: Object.keys(r.strategies).map((name) => {
      const aprs = bands.map((b) => r.bands![b]!.strategies[name]?.netApr ?? NaN)
      return [name, ...aprs.map(pct), `${pct(Math.min(...aprs))} – ${pct(Math.max(...aprs))}`]
    })
  }
  return [strategies, byBand]
}

export function formatReportTable(r: BacktestReport): string {
  const days = (r.to - r.from) / 86_400_000
  return [
    `Backtest ${r.currency}, capital ${r.capital}, ${new Date(r.from).toISOString().slice(0, 16)} → ${new Date(r.to).toISOString().slice(0, 16)} UTC (${days.toFixed(1)} days)`,
    '',
    ...reportTables(r).flatMap((t) => [textTable(t), '']),
    "net APR is after Bitfinex's 15 % fee; avg rate and avg APR are before it. frr-optimistic is a sensitivity (FRR offers filled at once), not a baseline; bound is the hindsight upper bound, oracle a hindsight heuristic.",
    '',
    'Assumptions:',
    ...r.notes.map((n) => `- ${n}`),
    ...(r.verdict ? ['', r.verdict] : [])
  ].join('\n')
}

const band3 = (r: { low: number; central: number; high: number }, f: (x: number) => string) => [f(r.low), f(r.central), f(r.high)]
const within = (pred: number | null, actual: number | null) => (pred === null || actual === null || actual === 0 ? 'n/a' : `${(((pred - actual) / actual) * 100).toFixed(0)} %`)

/** The calibration's parameter table, its fits' evidence and the validation against the real bot. */
export function calibrationTables(c: BacktestCalibration): Table[] {
  const m = c.measurement
  const cal = c.calibration
  const out: Table[] = []
  const params: string[][] = []
  for (const l of cal.loanLife) {
    params.push([`loan life ${l.period} d: mean`, ...band3(l.meanDays, (x) => x.toFixed(2)), 'days', `life table, ${l.observations} loans`])
    params.push([`loan life ${l.period} d: median`, ...band3(l.medianDays, (x) => x.toFixed(3)), 'days', `life table, ${l.observations} loans`])
  }
  params.push(['FRR queue outflow', ...band3(cal.frrQueue.drainPerHour, sig), `${cal.currency}/h`, m?.frrQueue ? `ticker, ${m.frrQueue.days} days` : 'shipped'])
  params.push(['FRR queue size', ...band3(cal.frrQueue.typicalQueue, sig), cal.currency, m?.frrQueue ? `ticker, ${m.frrQueue.rows} rows` : 'shipped'])
  if (cal.candleVolume) {
    params.push(['candle volume above body', ...band3(cal.candleVolume.upperWickShare, (x) => pct(x)), 'of hour', m?.candleVolume ? `${m.candleVolume.fittedHours} minute-candle hours` : 'shipped'])
    params.push(['candle volume below body', ...band3(cal.candleVolume.lowerWickShare, (x) => pct(x)), 'of hour', m?.candleVolume ? `${m.candleVolume.fittedHours} minute-candle hours` : 'shipped'])
  }
  if (cal.nextBorrowerMinutes) {
    const from = m?.nextBorrower ? `${m.nextBorrower.gaps} gaps between ${m.nextBorrower.tradingMinutes} minutes with trades (IBRR only)` : 'shipped (IBRR only)'
    params.push(['wait for the next borrower', ...band3(cal.nextBorrowerMinutes, (x) => x.toFixed(1)), 'min', from])
  }
  if (cal.imputedCandles) {
    const from = m?.imputedCandles ? `halves of ${m.imputedCandles.hours} hours with a book and a candle (simulator only)` : 'shipped (simulator only)'
    params.push(['books-only hours: stand-in volume', ...band3(cal.imputedCandles.volumeScale, (x) => x.toFixed(3)), '× recorded', from])
    params.push(['books-only hours: stand-in high above body', ...band3(cal.imputedCandles.upperReachScale, (x) => x.toFixed(3)), '× recorded', from])
  }
  out.push({ title: `Calibrated parameters (${cal.currency}; low = least favourable to a lender)`, head: ['parameter', 'low', 'central', 'high', 'unit', 'from'], rows: params })

  if (m?.candleVolume) {
    const cv = m.candleVolume
    const row = (label: string, hours: number, e: typeof cv.fitted.model) => [label, String(hours), sig(e.predictedAboveBody), sig(e.actualAboveBody), pct(e.relativeError)]
    out.push({
      title: `Candle volume shape: fit error (volume above rates in the upper wick; error = |predicted − traded| / traded). Hours rebuilt from trades (periods 2–30) identical to those from minute candles: ${cv.rebuilt.identical} of ${cv.rebuilt.compared}`,
      head: ['model, hours', 'hours', 'predicted above body', 'traded above body', 'error'],
      rows: [
        row('calibrated, fitted (minute candles)', cv.fittedHours, cv.fitted.model),
        row('old 50 % body / 50 % range, same hours', cv.fittedHours, cv.fitted.legacy),
        row('calibrated, held out (trades)', cv.heldOutHours, cv.heldOut.model),
        row('old 50 % body / 50 % range, held out', cv.heldOutHours, cv.heldOut.legacy)
      ]
    })
  }
  if (m?.loanLife.length) {
    out.push({
      title: `Loan life by period (${m.loanRecordsFile}): closed-only cohort vs censored life table (low / central / high)`,
      head: ['period', 'closed', 'open', 'closed median d', 'closed wtd mean d', 'median d', 'mean d'],
      rows: m.loanLife.map((l) => [
        `${l.period} d`,
        String(l.closedCount),
        String(l.openCount),
        l.closedMedianDays.toFixed(3),
        l.closedWeightedMeanDays.toFixed(2),
        band3(l.medianDays, (x) => x.toFixed(2)).join(' / '),
        band3(l.meanDays, (x) => x.toFixed(2)).join(' / ')
      ])
    })
  }
  if (m?.fillWait.length) {
    const prior = new Map(IBRR_PARAMS.fillWaitPriorMedianMinutes.map(([p, minutes]) => [p, minutes]))
    out.push({
      title:
        "Wait until a LIMIT offer filled (real bot's fills, lendingbot-fills.csv wait_minutes, from the first offer of a reprice chain): median per period with its distribution-free 95 % interval (order statistics; none below 6 fills), against IBRR's prior (IBRR_PARAMS.fillWaitPriorMedianMinutes)",
      head: ['period', 'fills', 'median min', 'range min', 'coverage', 'IBRR prior median min', 'prior in range'],
      rows: m.fillWait.map((w) => {
        const p = prior.get(w.period)
        return [
          `${w.period} d`,
          String(w.n),
          w.medianMinutes.toFixed(1),
          w.range ? `${w.range.lower.toFixed(1)} – ${w.range.upper.toFixed(1)}` : 'n/a (too few fills)',
          w.range ? pct(w.range.coverage) : 'n/a',
          p === undefined ? '—' : String(p),
          p === undefined || !w.range ? '—' : p >= w.range.lower && p <= w.range.upper ? 'yes' : 'NO'
        ]
      })
    })
  }
  if (m?.frrQueue) {
    const q = m.frrQueue
    out.push({
      title: 'FRR queue (ticker FRR_AMOUNT_AVAILABLE)',
      head: ['days', 'outflow low / central / high per h', 'all funding traded per h (upper bound)', 'wait behind median queue (central)', 'wait at the upper bound'],
      rows: [[String(q.days), band3(q.calibration.drainPerHour, sig).join(' / '), sig(q.outflowUpperBoundPerHour), `${q.waitHoursCentral.toFixed(0)} h`, `${q.waitHoursFastest.toFixed(0)} h`]]
    })
  }
  for (const w of c.windows ?? []) {
    out.push({
      title: `Validation against the real bot's fills, ${w.window.label}, ${new Date(w.window.from).toISOString().slice(0, 16)} → ${new Date(w.window.to).toISOString().slice(0, 16)} UTC (target: medians within ±50 %)`,
      head: ['period', 'fills', 'bot rate − best ask (median, /day)', 'unfilled in 48 h', 'wait median pred / real min', 'Δ', 'wait p90 pred / real min', 'life median pred / real (closed-only) d', 'Δ', 'life p90 pred d'],
      rows: w.rows.map((r) => [
        `${r.period} d`,
        String(r.n),
        r.medianRateOverBestAsk === null ? 'n/a' : r.medianRateOverBestAsk.toExponential(1),
        String(r.unfilled),
        `${num(r.predictedMedianWaitMin, 0)} / ${num(r.actualMedianWaitMin, 0)}`,
        within(r.predictedMedianWaitMin, r.actualMedianWaitMin),
        `${num(r.predictedP90WaitMin, 0)} / ${num(r.actualP90WaitMin, 0)}`,
        `${num(r.predictedMedianLifeDays)} / ${num(r.actualMedianLifeDays)}`,
        within(r.predictedMedianLifeDays, r.actualMedianLifeDays),
        num(r.predictedP90LifeDays)
      ])
    })
  }
  return out
}
