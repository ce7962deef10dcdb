// Daily interest as bars and the running total as a line, on their own titled axes. Ticks are round
// numbers with as many decimals as they need, so 0.004 USD a day does not read "0.00" five times, and a
// day that paid nothing draws no bar.
import { Bar, CartesianGrid, ComposedChart, Label, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { EarningsView } from '../../shared/contract'
import { niceTicks, tickDecimals } from '../chartData'
import { formatNumber, formatSmallAmount, formatUtcDay, formatUtcDayShort } from '../format'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from './chartStyle'

const AXIS_LABEL = { fontSize: 11, fill: 'var(--muted)' }

export function EarningsChart({ earnings, height = 200 }: { earnings: EarningsView; height?: number }) {
  if (earnings.daily.length === 0) return <p className="muted">No interest received yet for {earnings.currency}.</p>
  const dailyTicks = niceTicks(0, Math.max(...earnings.daily.map((d) => d.amount)), 4)
  const totalTicks = niceTicks(0, Math.max(...earnings.daily.map((d) => d.cumulative)), 4)
  const dailyDecimals = tickDecimals(dailyTicks)
  const totalDecimals = tickDecimals(totalTicks)
  const c = earnings.currency
  const last = earnings.daily[earnings.daily.length - 1]
  return (
    <figure
      className="chart"
      data-testid={`earnings-chart-${c}`}
      role="img"
      aria-label={`Daily interest for ${c} over ${earnings.daily.length} days; ${formatSmallAmount(last.cumulative, c)} in total so far.`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={earnings.daily} margin={{ top: 8, right: 4, left: 4, bottom: 4 }} accessibilityLayer={false}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="day" tick={AXIS_TICK} tickFormatter={formatUtcDayShort} />
          <YAxis yAxisId="daily" tick={AXIS_TICK} width={64} ticks={dailyTicks} domain={[0, dailyTicks[dailyTicks.length - 1]]} tickFormatter={(v: number) => formatNumber(v, dailyDecimals)}>
            <Label value={`${c} per day`} angle={-90} position="insideLeft" style={AXIS_LABEL} />
          </YAxis>
          <YAxis yAxisId="total" orientation="right" tick={AXIS_TICK} width={64} ticks={totalTicks} domain={[0, totalTicks[totalTicks.length - 1]]} tickFormatter={(v: number) => formatNumber(v, totalDecimals)}>
            <Label value={`${c} in total`} angle={90} position="insideRight" style={AXIS_LABEL} />
          </YAxis>
          <Tooltip
            formatter={(value, name) => [formatSmallAmount(Number(value), c), name === 'amount' ? 'Interest that day (after fee)' : 'Total so far (after fee)']}
            labelFormatter={(day) => formatUtcDay(String(day))}
            contentStyle={TOOLTIP_STYLE}
          />
          <Bar yAxisId="daily" dataKey="amount" fill="var(--accent)" maxBarSize={36} minPointSize={0} isAnimationActive={false} />
          <Line yAxisId="total" dataKey="cumulative" stroke="var(--line)" dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="legend small">
        <span className="legend-swatch legend-daily" aria-hidden="true" /> interest each day (left axis){' '}
        <span className="legend-swatch legend-total" aria-hidden="true" /> running total (right axis), both after Bitfinex's fee
      </figcaption>
    </figure>
  )
}
