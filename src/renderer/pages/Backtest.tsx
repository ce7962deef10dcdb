// Replay recorded market data and compare IBRR with the simple alternatives a lender would otherwise use.
import { useState, type FormEvent } from 'react'
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from '../components/chartStyle'
import { channels, type BacktestReport } from '../../shared/contract'
import { CURRENCIES, type Currency } from '../../shared/domain'
import { Card, ErrorText } from '../components/Feedback'
import { Rate } from '../components/Rate'
import { errorsByField } from '../fieldErrors'
import { formatAmount, formatDate, formatPercent, parseNumberInput } from '../format'
import { useAppStore } from '../store/appStore'
import { mergeCurves } from '../chartData'

const STRATEGY_LABEL: Record<string, string> = {
  ibrr: 'IBRR (LendPace)',
  frr: 'Bitfinex FRR auto-renew',
  'frr-optimistic': 'Auto-renew if every FRR offer filled at once (sensitivity, not a baseline)',
  ladder: 'Rate ladder (simple bot)',
  mika: 'MikaLendingBot default (simple bot)',
  undercut: 'One tick below the best offer (simple bot)',
  oracle: 'Hindsight heuristic (sees the future)',
  bound: 'Most any lender could have earned (hindsight upper bound)'
}
const BANDS = ['low', 'central', 'high'] as const
const COLORS = ['var(--accent)', 'var(--line)', 'var(--ask)', 'var(--bid)', '#a855f7', '#64748b', '#f59e0b', '#0ea5e9']
/** A number, not a strategy: its "curve" would be a straight line from 0 that flattens every real one. */
const NOT_CHARTED = new Set(['bound'])
const label = (name: string): string => STRATEGY_LABEL[name] ?? name

/** Net APR across the calibration bands, as a range (the central value is the table's own column). */
function bandRange(report: BacktestReport, name: string): string {
  const aprs = BANDS.flatMap((b) => {
    const r = report.bands?.[b]?.strategies[name]
    return r ? [r.netApr] : []
  })
  if (aprs.length < 2) return '—'
  return `${formatPercent(Math.min(...aprs))} to ${formatPercent(Math.max(...aprs))}`
}

function BacktestResult({ report }: { report: BacktestReport }) {
  const names = Object.keys(report.strategies)
  const charted = names.filter((n) => !NOT_CHARTED.has(n))
  const data = mergeCurves({ ...report, strategies: Object.fromEntries(charted.map((n) => [n, report.strategies[n]])) })
  return (
    <>
      <Card title={`${report.currency}, ${formatAmount(report.capital, report.currency)} from ${formatDate(report.from)} to ${formatDate(report.to)}`} testId="backtest-result">
        <div className="chart" data-testid="backtest-chart" role="img" aria-label="Cumulative earnings by strategy">
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="mts" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatDate(v).slice(5)} tick={AXIS_TICK} />
              <YAxis tick={AXIS_TICK} width={60} />
              <Tooltip
                labelFormatter={(v) => formatDate(Number(v))}
                formatter={(value, name) => [formatAmount(Number(value), report.currency), label(String(name))]}
                contentStyle={TOOLTIP_STYLE}
              />
              <Legend formatter={(name) => label(String(name))} wrapperStyle={{ fontSize: 12 }} />
              {charted.map((name, i) => (
                <Line key={name} dataKey={name} stroke={COLORS[i % COLORS.length]} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <table className="table" data-testid="backtest-table">
          <thead>
            <tr>
              <th>Strategy</th>
              <th className="num">Net APR after fee</th>
              <th className="num">Range over bands</th>
              <th className="num">Utilization</th>
              <th>Average rate</th>
              <th className="num">Earnings (after fee)</th>
              <th className="num">Placed</th>
              <th className="num">Cancelled</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const r = report.strategies[name]
              return (
                <tr key={name} data-testid={`strategy-${name}`}>
                  <td>{label(name)}</td>
                  <td className="num">{formatPercent(r.netApr)}</td>
                  <td className="num" data-testid={`strategy-${name}-bands`}>
                    {bandRange(report, name)}
                  </td>
                  <td className="num">{formatPercent(r.utilization, 1)}</td>
                  <td>
                    <Rate rate={r.avgRate} />
                  </td>
                  <td className="num">{formatAmount(r.earnings, report.currency)}</td>
                  <td className="num">{r.placed}</td>
                  <td className="num">{r.cancelled}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="muted">
          Every strategy ran under three calibrations of the market model (low, central and high, from the spread of the real data); the table shows the central one and the range.
        </p>
      </Card>
      {report.notes.length > 0 ? (
        <Card title="What these numbers assume">
          <ul className="notes" data-testid="backtest-notes">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Card>
      ) : null}
      {report.verdict ? (
        <Card title="In one sentence">
          <p className="lead" data-testid="backtest-verdict">
            {report.verdict}
          </p>
        </Card>
      ) : null}
    </>
  )
}

export function BacktestPage() {
  const report = useAppStore((s) => s.backtest)
  const runBacktest = useAppStore((s) => s.runBacktest)
  const busy = useAppStore((s) => s.busy.backtest)
  const serverError = useAppStore((s) => s.errors.backtest)
  const [dataDir, setDataDir] = useState('')
  const [currency, setCurrency] = useState<Currency>('USD')
  const [capital, setCapital] = useState('10000')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})

  async function submit(event: FormEvent) {
    event.preventDefault()
    const parsed = channels.runBacktest.request.safeParse({ dataDir: dataDir.trim(), currency, capital: parseNumberInput(capital) })
    if (!parsed.success) {
      setFieldErrors(errorsByField(parsed.error.issues))
      return
    }
    setFieldErrors({})
    await runBacktest(parsed.data)
  }

  return (
    <div className="page" data-testid="page-backtest">
      <h1>Backtest</h1>
      <p className="lead">
        Replay recorded Bitfinex funding data and compare IBRR with Bitfinex auto-renew, three simple bots and the most any lender could have earned in hindsight.
      </p>
      <Card title="Run">
        <form className="form grid-fields" onSubmit={(e) => void submit(e)} noValidate>
          <div className="field span-2">
            <label className="field-label" htmlFor="bt-dir">
              Data folder (on the computer running LendPace)
            </label>
            <input id="bt-dir" type="text" value={dataDir} onChange={(e) => setDataDir(e.target.value)} placeholder="/path/to/data/bitfinex" data-testid="backtest-dir" spellCheck={false} />
            <ErrorText message={fieldErrors.dataDir} />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="bt-currency">
              Currency
            </label>
            <select id="bt-currency" value={currency} onChange={(e) => setCurrency(e.target.value as Currency)} data-testid="backtest-currency">
              {CURRENCIES.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field-label" htmlFor="bt-capital">
              Capital ({currency})
            </label>
            <input id="bt-capital" type="text" inputMode="decimal" value={capital} onChange={(e) => setCapital(e.target.value)} data-testid="backtest-capital" />
            <ErrorText message={fieldErrors.capital} />
          </div>
          <div className="form-actions span-2">
            <button type="submit" className="button primary" disabled={busy} data-testid="run-backtest">
              {busy ? 'Running the backtest…' : 'Run backtest'}
            </button>
          </div>
        </form>
        <ErrorText message={serverError} testId="backtest-error" />
      </Card>
      {report ? <BacktestResult report={report} /> : null}
    </div>
  )
}
