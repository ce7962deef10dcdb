// Daily interest as bars and the running total as a line, on their own axes so both stay readable.
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { AXIS_TICK, GRID, TOOLTIP_STYLE } from './chartStyle'
import type { EarningsView } from '../../../shared/contract'
import { amountDecimals } from '../format'

export function EarningsChart({ earnings, height = 200 }: { earnings: EarningsView; height?: number }) {
  if (earnings.daily.length === 0) return <p className="muted">No interest received yet for {earnings.currency}.</p>
  const decimals = amountDecimals(earnings.currency)
  return (
    <div className="chart" data-testid={`earnings-chart-${earnings.currency}`} role="img" aria-label={`Daily interest for ${earnings.currency}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={earnings.daily} margin={{ top: 8, right: 4, left: 0, bottom: 0 }}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="day" tick={AXIS_TICK} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis yAxisId="daily" tick={AXIS_TICK} width={56} tickFormatter={(v: number) => v.toFixed(decimals)} />
          <YAxis yAxisId="total" orientation="right" tick={AXIS_TICK} width={56} tickFormatter={(v: number) => v.toFixed(decimals)} />
          <Tooltip
            formatter={(value, name) => [`${Number(value).toFixed(decimals + 2)} ${earnings.currency}`, name === 'amount' ? 'Interest that day (after fee)' : 'Total so far (after fee)']}
            contentStyle={TOOLTIP_STYLE}
          />
          <Bar yAxisId="daily" dataKey="amount" fill="var(--accent)" maxBarSize={36} isAnimationActive={false} />
          <Line yAxisId="total" dataKey="cumulative" stroke="var(--line)" dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
}
