// A backtest's result for people: the verdict first, then cumulative earnings per strategy (after fee, in
// the currency), the table with the range over the three calibration bands, and the assumptions.
import { CartesianGrid, Label, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { BacktestReport } from '../../../shared/contract'
import { mergeCurves } from '../../chartData'
import { formatAmount, formatCompact, formatNumber, formatPercent, formatTime, formatUtcDay, formatUtcDayShort } from '../../format'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from '../chartStyle'
import { Card } from '../Feedback'
import { Rate } from '../Rate'
import { dayTicks, utcDay } from './replayWindow'
import { strategyLabel } from './strategies'

const BANDS = ['low', 'central', 'high'] as const
const COLORS = ['var(--accent)', 'var(--line)', 'var(--ask)', 'var(--bid)', '#a855f7', '#64748b', '#f59e0b', '#0ea5e9']
/** A number, not a strategy: its "curve" would be a straight line from 0 that flattens every real one. */
const NOT_CHARTED = new Set(['bound'])

/** Net APR across the calibration bands, as a range (the central value is the table's own column). */
function bandRange(report: BacktestReport, name: string): string {
  const aprs = BANDS.flatMap((b) => {
    const r = report.bands?.[b]?.strategies[name]
    return r ? [r.netApr] : []
  })
  if (aprs.length < 2) return '—'
  return `${formatPercent(Math.min(...aprs))} to ${formatPercent(Math.max(...aprs))}`
}

export function BacktestResult({ report }: { report: BacktestReport }) {
  const names = Object.keys(report.strategies)
  const charted = names.filter((n) => !NOT_CHARTED.has(n))
  const data = mergeCurves({ ...report, strategies: Object.fromEntries(charted.map((n) => [n, report.strategies[n]])) })
  // `to` is where the replay stopped: midnight after the last day chosen, or the end of the data.
  const title = `${report.currency}, ${formatAmount(report.capital, report.currency)} from ${formatUtcDay(utcDay(report.from))} to ${formatUtcDay(utcDay(report.to - 1))}`
  return (
    <>
      {report.verdict ? (
        <Card title="In one sentence">
          <p className="lead" data-testid="backtest-verdict">
            {report.verdict}
          </p>
        </Card>
      ) : null}
      <Card title={title} testId="backtest-result">
        <div className="chart" data-testid="backtest-chart" role="img" aria-label={`Cumulative earnings after fee in ${report.currency}, by strategy`}>
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={data} margin={{ top: 8, right: 12, left: 8, bottom: 0 }} accessibilityLayer={false}>
              <CartesianGrid {...GRID} />
              <XAxis dataKey="mts" type="number" domain={['dataMin', 'dataMax']} ticks={dayTicks(report.from, report.to)} tickFormatter={(v: number) => formatUtcDayShort(utcDay(v))} tick={AXIS_TICK} />
              <YAxis tick={AXIS_TICK} width={64} tickFormatter={(v: number) => (Math.abs(v) >= 1000 ? formatCompact(v) : formatNumber(v, Math.abs(v) < 10 ? 2 : 0))}>
                <Label value={`Earned, ${report.currency} after fee`} angle={-90} position="insideLeft" style={{ ...AXIS_TICK, textAnchor: 'middle' }} />
              </YAxis>
              <Tooltip
                labelFormatter={(v) => `${formatTime(Number(v))}`}
                formatter={(value, name) => [formatAmount(Number(value), report.currency), strategyLabel(String(name))]}
                contentStyle={TOOLTIP_STYLE}
              />
              {/* Legend text in the body colour (AA contrast); the swatch carries the line's colour. */}
              <Legend formatter={(name) => <span className="legend-text">{strategyLabel(String(name))}</span>} wrapperStyle={{ fontSize: 12 }} />
              {charted.map((name, i) => (
                <Line key={name} dataKey={name} stroke={COLORS[i % COLORS.length]} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
        <div className="table-scroll">
          <table className="table" data-testid="backtest-table">
            <thead>
              <tr>
                <th>Strategy</th>
                <th className="num">Yearly, after fee</th>
                <th className="num">Range (3 models)</th>
                <th className="num">Money lent</th>
                <th>Average rate</th>
                <th className="num">Earned, after fee</th>
                <th className="num">Placed / cancelled</th>
              </tr>
            </thead>
            <tbody>
              {names.map((name) => {
                const r = report.strategies[name]
                return (
                  <tr key={name} data-testid={`strategy-${name}`}>
                    <td>{strategyLabel(name)}</td>
                    <td className="num">{formatPercent(r.netApr)}</td>
                    <td className="num" data-testid={`strategy-${name}-bands`}>
                      {bandRange(report, name)}
                    </td>
                    <td className="num">{formatPercent(r.utilization, 1)}</td>
                    <td>
                      <Rate rate={r.avgRate} />
                    </td>
                    <td className="num">{formatAmount(r.earnings, report.currency)}</td>
                    <td className="num">
                      {formatNumber(r.placed, 0)} / {formatNumber(r.cancelled, 0)}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <p className="muted">
          Yearly return: what the strategy earned after Bitfinex’s 15 % fee, as a simple yearly rate on the whole capital. Every strategy ran under three
          versions of the market model (low, central and high, from the spread of the real data): the table shows the central one, and the range over
          all three. Money
          lent: the share of the capital that was out on loan.
        </p>
      </Card>
      {report.notes.length > 0 ? (
        <details className="card backtest-notes">
          <summary>What these numbers assume (the simulator’s details)</summary>
          <ul className="notes" data-testid="backtest-notes">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  )
}
